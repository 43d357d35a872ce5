// The CSV dialect of every Concord download (server-built and browser-built alike).

/** One CSV cell: numbers to ten significant digits, quoted when it holds a comma, quote or line break. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toPrecision(10))) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: a header and rows, each line ended by \n. */
export function csvTable(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return [header, ...rows].map((r) => `${r.map(csvCell).join(',')}\n`).join('');
}
