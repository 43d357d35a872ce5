import { DEFAULT_DEID_OPTIONS, type TDeidOptions } from '../../contracts/project';
import { BASIC_PROFILE_TABLE } from './basic-profile-table';

export type Action = 'X' | 'Z' | 'D' | 'U' | 'K' | 'C';

/** The project's choices among the standard's profile options (PS3.15 E.3), as project settings carry them. */
export type DeidOptions = TDeidOptions;
export { DEFAULT_DEID_OPTIONS };

interface Row { basic: string; options: Record<string, string>; name: string }
type OptionKey = 'u' | 'd' | 'i' | 'p' | 'c' | 's' | 'g' | 'f' | 'm';

const EXACT = new Map<number, Row>();
const WILDCARD: { mask: number; value: number; row: Row }[] = [];

for (const line of BASIC_PROFILE_TABLE.split('\n')) {
  if (!line.trim()) continue;
  const m = /^([0-9a-fx]{8}) (\S+) ((?:(?:[udipcsg]:[A-Z]|dates) )*)(.+)$/.exec(line.trim());
  // A row that does not parse must not silently drop out of the profile.
  if (!m) throw new Error(`Unreadable Basic Profile row: ${line}`);
  const options: Record<string, string> = {};
  for (const token of m[3]!.trim().split(' ').filter(Boolean)) {
    if (token === 'dates') Object.assign(options, { f: 'K', m: 'C' });
    else options[token[0]!] = token.slice(2);
  }
  const row: Row = { basic: m[2]!, options, name: m[4]! };
  const pattern = m[1]!;
  if (pattern.includes('x')) {
    const mask = parseInt(pattern.replace(/[0-9a-f]/g, 'f').replace(/x/g, '0'), 16) >>> 0;
    WILDCARD.push({ mask, value: parseInt(pattern.replace(/x/g, '0'), 16) >>> 0, row });
  } else EXACT.set(parseInt(pattern, 16) >>> 0, row);
}

function rowFor(tag: number): Row | undefined {
  return EXACT.get(tag) ?? WILDCARD.find((w) => (tag & w.mask) >>> 0 === w.value && (tag >>> 16) % 2 === 0)?.row;
}

/**
 * The action for a standard attribute under the Basic Profile and the chosen options, or null
 * when the table does not list it (it is kept). Where the table offers a choice by IOD type
 * (X/Z, X/D, Z/D, X/Z/D) the de-identifier cannot know the type, so it takes the choice that
 * is conformant for every type: a dummy over removal, an empty value over removal.
 */
export function actionFor(tag: number, options: DeidOptions): Action | null {
  const row = rowFor(tag);
  if (!row) return null;
  const chosen: string[] = [];
  const pick = (key: OptionKey, on: boolean) => { if (on && row.options[key]) chosen.push(row.options[key]); };
  pick('f', options.dates === 'keep');
  pick('m', options.dates === 'shift');
  pick('p', options.retainPatientCharacteristics);
  pick('d', options.retainDeviceIdentity);
  pick('i', options.retainInstitutionIdentity);
  pick('c', options.cleanDescriptors);
  if (chosen.includes('K')) return 'K';
  if (chosen.includes('C')) return 'C';
  if (chosen.includes('X')) return 'X';
  switch (row.basic) {
    case 'X/Z': return 'Z';
    case 'X/D': case 'Z/D': case 'X/Z/D': return 'D';
    // Keep the sequence; the UIDs inside are replaced like everywhere else.
    case 'X/Z/U*': return 'K';
    default: return row.basic as Action;
  }
}

/** The option codes (CID 7050) written into De-identification Method Code Sequence. */
export function methodCodes(options: DeidOptions, keptPrivate: boolean): [string, string][] {
  const codes: [string, string][] = [['113100', 'Basic Application Confidentiality Profile']];
  if (options.cleanDescriptors) codes.push(['113105', 'Clean Descriptors Option']);
  if (options.dates === 'keep') codes.push(['113106', 'Retain Longitudinal Temporal Information Full Dates Option']);
  if (options.dates === 'shift') codes.push(['113107', 'Retain Longitudinal Temporal Information Modified Dates Option']);
  if (options.retainPatientCharacteristics) codes.push(['113108', 'Retain Patient Characteristics Option']);
  if (options.retainDeviceIdentity) codes.push(['113109', 'Retain Device Identity Option']);
  if (keptPrivate) codes.push(['113111', 'Retain Safe Private Option']);
  if (options.retainInstitutionIdentity) codes.push(['113112', 'Retain Institution Identity Option']);
  return codes;
}

/**
 * Private attributes known to carry no identity (a subset of PS3.15 Table E.3.10-1), keyed by
 * private creator, group and element offset within the creator's block. Everything else private goes.
 */
export const SAFE_PRIVATE = new Set([
  'SIEMENS MR HEADER|0019|0c', // B_value
  'SIEMENS MR HEADER|0019|0d', // DiffusionDirectionality
  'SIEMENS MR HEADER|0019|0e', // DiffusionGradientDirection
  'SIEMENS MR HEADER|0019|27', // B_matrix
  'GEMS_PARM_01|0043|39', // slop_int_6..9 (b-value)
  'Philips Imaging DD 001|2001|03', // Diffusion B-Factor
]);
