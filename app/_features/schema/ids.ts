/** A new stable id from a text, unique among `taken` (ids never change once saved). */
export function newId(text: string, taken: Set<string>, prefix = 'q'): string {
  const base = (text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || prefix).replace(/^([^a-z])/, `${prefix}_$1`);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}
