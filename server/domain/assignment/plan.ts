/**
 * Who reads what: a pure plan, so its invariants can be property-tested without a database.
 * Cases are served in the given order (priority first); each takes the eligible readers with
 * the fewest open assignments, ties broken by reader id, skipping readers already on the case.
 */
export interface PlanReader {
  id: string;
  open: number;
}

export interface PlanCase {
  id: string;
  needed: number;
  /** Readers who already have (or skipped) this case. */
  excluded: ReadonlySet<string>;
}

export interface Plan {
  assignments: { caseId: string; readerId: string }[];
  casesFilled: number;
  casesShort: number;
}

export function planDistribution(cases: readonly PlanCase[], readers: readonly PlanReader[]): Plan {
  const load = new Map(readers.map((r) => [r.id, r.open]));
  const order = (a: string, b: string) => load.get(a)! - load.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const assignments: Plan['assignments'] = [];
  let casesFilled = 0;
  let casesShort = 0;
  for (const c of cases) {
    if (c.needed <= 0) continue;
    const picked = [...load.keys()].filter((id) => !c.excluded.has(id)).sort(order).slice(0, c.needed);
    for (const readerId of picked) {
      assignments.push({ caseId: c.id, readerId });
      load.set(readerId, load.get(readerId)! + 1);
    }
    if (picked.length === c.needed) casesFilled++;
    else casesShort++;
  }
  return { assignments, casesFilled, casesShort };
}

export type CaseStatus = 'NEW' | 'ASSIGNED' | 'READING' | 'READS_COMPLETE' | 'IN_ADJUDICATION' | 'DONE';
export type AssignmentStatus = 'ASSIGNED' | 'IN_PROGRESS' | 'SUBMITTED' | 'SKIPPED';

/** A case's status as its assignments make it (adjudication and DONE are set by their own flows). */
export function deriveCaseStatus(current: CaseStatus, assignments: readonly AssignmentStatus[], readersPerCase: number): CaseStatus {
  if (current === 'IN_ADJUDICATION' || current === 'DONE') return current;
  const active = assignments.filter((s) => s !== 'SKIPPED');
  if (!active.length) return 'NEW';
  if (active.length >= readersPerCase && active.every((s) => s === 'SUBMITTED')) return 'READS_COMPLETE';
  if (active.some((s) => s === 'IN_PROGRESS' || s === 'SUBMITTED')) return 'READING';
  return 'ASSIGNED';
}

export interface GoldReader {
  id: string;
  /** Ordinary (not gold-standard) cases assigned to the reader, skipped ones left out. */
  regular: number;
  gold: number;
}

export interface GoldCase {
  id: string;
  /** Readers who already have (or skipped) this gold case. */
  excluded: ReadonlySet<string>;
}

/**
 * Gold-standard assignments that bring each reader's share of gold cases up to `rate` and never
 * past it: gold ≤ rate / (1 − rate) × regular, so a reader with 9 ordinary cases at rate 0.1
 * gets one. Gold cases are taken in the given order, each reader's first unseen ones.
 */
export function planGold(cases: readonly GoldCase[], readers: readonly GoldReader[], rate: number): { caseId: string; readerId: string }[] {
  if (rate <= 0 || rate >= 1) return [];
  const out: { caseId: string; readerId: string }[] = [];
  for (const r of readers) {
    let want = Math.floor((rate * r.regular) / (1 - rate) + 1e-9) - r.gold;
    for (const c of cases) {
      if (want <= 0) break;
      if (c.excluded.has(r.id)) continue;
      out.push({ caseId: c.id, readerId: r.id });
      want--;
    }
  }
  return out;
}
