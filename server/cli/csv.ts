/** A parse error that names the line and column, for the CLI to show as is. */
export class CsvError extends Error {}

/** Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new CsvError(`line ${line}: a quoted field is not closed`);
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** Rows of a CSV with a header, as objects; the header must contain `required` columns. */
export function readTable(text: string, required: string[]): { rows: Record<string, string>[]; header: string[] } {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new CsvError('line 1: the file is empty');
  const names = header.map((h) => h.trim());
  for (const r of required) if (!names.includes(r)) throw new CsvError(`line 1: missing column "${r}" (found: ${names.join(', ')})`);
  const rows = body.map((cells, i) => {
    if (cells.length !== names.length) throw new CsvError(`line ${i + 2}: expected ${names.length} columns, found ${cells.length}`);
    return Object.fromEntries(names.map((n, j) => [n, cells[j]!.trim()]));
  });
  return { rows, header: names };
}
