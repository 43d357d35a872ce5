import dcmjs from 'dcmjs';

/** VRs whose explicit encoding has two reserved bytes and a 4-byte length (PS3.5 7.1.2). */
export const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
export const ALL_VRS = new Set([...LONG_VRS, 'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US']);
/** Text VRs: values are strings padded with a space (UI with NUL). */
export const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);

interface DictionaryEntry { vr: string; name: string }
const DICTIONARY = (dcmjs as unknown as { data: { DicomMetaDictionary: { dictionary: Record<string, DictionaryEntry | undefined> } } }).data.DicomMetaDictionary.dictionary;

// dcmjs writes the VR of multi-VR attributes in lower case ("ox", "xs", "lt").
const AMBIGUOUS: Record<string, string> = { ox: 'OW', xs: 'US', lt: 'OW', up: 'UL' };

/** The VR an implicit-VR data set implies for a tag (PS3.5 Annex A: the data dictionary decides). */
export function implicitVr(tag: number): string {
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (element === 0) return 'UL';
  if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? 'LO' : 'UN';
  const entry = DICTIONARY[dictionaryKey(tag)];
  if (!entry) return 'UN';
  const vr = entry.vr.split('|')[0] ?? 'UN';
  return AMBIGUOUS[vr] ?? (ALL_VRS.has(vr) ? vr : 'UN');
}

function dictionaryKey(tag: number): string {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
