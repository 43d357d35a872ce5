import { createHmac } from 'node:crypto';
import { stringValue, type DicomElement, type ParsedDicom } from '../parse';
import { T } from '../tags';
import { textBytes } from '../write';
import { BASIC_PROFILE_EDITION } from './basic-profile-table';
import { SAFE_PRIVATE, actionFor, methodCodes, type DeidOptions } from './profile';

export interface DeidResult {
  dataset: DicomElement[];
  patientPseudonym: string;
  /** Days subtracted from every date of this patient (0 when dates are kept). */
  dateShiftDays: number;
}

/**
 * De-identifies a parsed data set with the PS3.15 Basic Profile and the project's options.
 * UIDs become `2.25.<decimal>` of an HMAC keyed by the project secret, so one source UID maps
 * to one new UID in a project (references stay linked) and to unrelated ones across projects.
 * The patient becomes a per-project pseudonym; dates move back by a per-patient number of days.
 */
export function deidentify(parsed: ParsedDicom, options: DeidOptions, secret: Uint8Array): DeidResult {
  const top = new Map(parsed.dataset.map((e) => [e.tag, e]));
  const patientKey = stringValue(top.get(T.PatientID)) || `study:${stringValue(top.get(T.StudyInstanceUID))}`;
  const pseudonym = `P-${hmacHex(secret, `patient:${patientKey}`).slice(0, 10).toUpperCase()}`;
  const dateShiftDays = options.dates === 'shift' ? 1 + (parseInt(hmacHex(secret, `dates:${patientKey}`).slice(0, 8), 16) % 3650) : 0;
  const identifiers = identifyingStrings(top);
  const ctx: Ctx = { options, secret, pseudonym, dateShiftDays, identifiers, keptPrivate: false };
  const dataset = cleanDataset(parsed.dataset, ctx);

  const set = (e: DicomElement) => {
    const i = dataset.findIndex((d) => d.tag === e.tag);
    if (i >= 0) dataset[i] = e; else dataset.push(e);
  };
  const text = (tag: number, vr: string, value: string): DicomElement => ({ tag, vr, value: textBytes(value, vr) });
  // Every instance names its pseudonymous patient, even when the source left the patient blank.
  set(text(T.PatientID, 'LO', pseudonym));
  set(text(T.PatientName, 'PN', pseudonym));
  set(text(T.PatientIdentityRemoved, 'CS', 'YES'));
  set(text(T.DeidentificationMethod, 'LO', `Concord: ${BASIC_PROFILE_EDITION}`.slice(0, 64)));
  set({
    tag: T.DeidentificationMethodCodeSequence,
    vr: 'SQ',
    items: methodCodes(options, ctx.keptPrivate).map(([code, meaning]) => [text(T.CodeValue, 'SH', code), text(T.CodingSchemeDesignator, 'SH', 'DCM'), text(T.CodeMeaning, 'LO', meaning)]),
  });
  set(text(T.LongitudinalTemporalInformationModified, 'CS', options.dates === 'shift' ? 'MODIFIED' : options.dates === 'keep' ? 'UNMODIFIED' : 'REMOVED'));
  return { dataset, patientPseudonym: pseudonym, dateShiftDays };
}

/** The keyed-hash replacement of one UID. */
export function mapUid(uid: string, secret: Uint8Array): string {
  return `2.25.${BigInt(`0x${hmacHex(secret, `uid:${uid}`).slice(0, 32)}`).toString()}`;
}

interface Ctx {
  options: DeidOptions;
  secret: Uint8Array;
  pseudonym: string;
  dateShiftDays: number;
  identifiers: string[];
  keptPrivate: boolean;
}

function cleanDataset(dataset: readonly DicomElement[], ctx: Ctx): DicomElement[] {
  const creators = new Map<number, string>();
  for (const e of dataset) {
    const group = e.tag >>> 16;
    const element = e.tag & 0xffff;
    if (group % 2 === 1 && element >= 0x10 && element <= 0xff) creators.set(e.tag, stringValue(e));
  }
  const out: DicomElement[] = [];
  const usedCreators = new Set<number>();
  for (const e of dataset) {
    const group = e.tag >>> 16;
    if (group === 0x0002) continue;
    if (group % 2 === 1) {
      const element = e.tag & 0xffff;
      if (element < 0x1000) continue; // creators come back below if a kept attribute needs them
      const creatorTag = ((group << 16) | (element >>> 8)) >>> 0;
      const creator = creators.get(creatorTag) ?? '';
      const key = `${creator}|${hex4(group)}|${(element & 0xff).toString(16).padStart(2, '0')}`;
      if (SAFE_PRIVATE.has(key) && !e.items) {
        out.push(e);
        usedCreators.add(creatorTag);
        ctx.keptPrivate = true;
      }
      continue;
    }
    const cleaned = cleanElement(e, ctx);
    if (cleaned) out.push(cleaned);
  }
  for (const t of usedCreators) out.push(dataset.find((e) => e.tag === t)!);
  return out;
}

function cleanElement(e: DicomElement, ctx: Ctx): DicomElement | null {
  if (e.tag === T.PatientID || e.tag === T.PatientName) return { ...e, value: textBytes(ctx.pseudonym, e.vr) };
  const action = actionFor(e.tag, ctx.options);
  const recurse = (): DicomElement => (e.items ? { ...e, items: e.items.map((item) => cleanDataset(item, ctx)) } : e);
  switch (action) {
    case null:
    case 'K':
      // Dates the table does not list (Instance Creation Date, private-free vendor dates…) still date the visit:
      // shifted with the other dates, or removed with them; kept only with the full-dates option.
      if (!e.items && (e.vr === 'DA' || e.vr === 'DT') && ctx.options.dates !== 'keep') {
        return ctx.options.dates === 'shift' ? shiftDates(e, ctx.dateShiftDays) : { ...e, value: new Uint8Array(0) };
      }
      return recurse();
    case 'X':
      return null;
    case 'Z':
      return e.items ? { ...e, items: [] } : { ...e, value: new Uint8Array(0) };
    case 'U':
      return e.value ? { ...e, value: textBytes(splitValues(e).map((uid) => mapUid(uid, ctx.secret)).join('\\'), 'UI') } : recurse();
    case 'D':
      return e.items ? recurse() : { ...e, value: dummy(e.vr) };
    case 'C':
      if (e.items) return recurse();
      if (e.vr === 'DA' || e.vr === 'DT') return shiftDates(e, ctx.dateShiftDays);
      if (e.vr === 'TM') return e;
      return { ...e, value: textBytes(scrub(stringValue(e), ctx.identifiers), e.vr) };
  }
}

/** Moves every date of a DA or DT value back by whole days; a value that is not a date is emptied. */
function shiftDates(e: DicomElement, days: number): DicomElement {
  const shifted = splitValues(e).map((v) => {
    const m = /^(\d{4})(\d{2})(\d{2})(.*)$/.exec(v);
    if (!m) return '';
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
    if (Number.isNaN(d.getTime())) return '';
    d.setUTCDate(d.getUTCDate() - days);
    return `${d.toISOString().slice(0, 10).replace(/-/g, '')}${m[4]}`;
  });
  return { ...e, value: textBytes(shifted.every((v) => v === '') ? '' : shifted.join('\\'), e.vr) };
}

/** Values that may identify the patient, for cleaning free text (Clean Descriptors Option). */
function identifyingStrings(top: Map<number, DicomElement>): string[] {
  const values = [T.PatientName, T.PatientID, T.AccessionNumber, T.PatientBirthDate, T.StudyID].map((t) => stringValue(top.get(t)));
  const parts = values.flatMap((v) => v.split(/[\^=\s\\]+/));
  return [...new Set([...values, ...parts])].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

function scrub(text: string, identifiers: string[]): string {
  let out = text;
  for (const id of identifiers) out = out.split(new RegExp(escapeRegExp(id), 'i')).join('');
  return out.replace(/\s{2,}/g, ' ').trim();
}

const DUMMY_TEXT: Record<string, string> = { DA: '19000101', TM: '000000', DT: '19000101000000', AS: '000D', DS: '0', IS: '0', UR: 'urn:anonymized' };
const BINARY_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, AT: 4, FD: 8, SV: 8, UV: 8 };

function dummy(vr: string): Uint8Array {
  if (BINARY_SIZE[vr]) return new Uint8Array(BINARY_SIZE[vr]);
  if (['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN'].includes(vr)) return new Uint8Array(0);
  return textBytes(DUMMY_TEXT[vr] ?? 'ANONYMIZED', vr);
}

const splitValues = (e: DicomElement) => stringValue(e).split('\\').map((v) => v.replace(/[\0 ]+$/, '').trim());
const hmacHex = (secret: Uint8Array, text: string) => createHmac('sha256', secret).update(text).digest('hex');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
