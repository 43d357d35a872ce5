import { useEffect, useState } from 'react';

type DicomJson = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string } | undefined>;
type Names = Record<string, { name: string } | undefined>;

let names: Promise<Names> | null = null;
/** Attribute names from dcmjs's data dictionary, loaded only when someone opens the header. */
function dictionary(): Promise<Names> {
  names ??= import('dcmjs').then((m: unknown) => (m as { default: { data: { DicomMetaDictionary: { dictionary: Names } } } }).default.data.DicomMetaDictionary.dictionary);
  return names;
}

function show(v: { vr: string; Value?: unknown[]; BulkDataURI?: string }): string {
  if (v.BulkDataURI) return '(bulk data)';
  if (v.vr === 'SQ') return `${v.Value?.length ?? 0} item(s)`;
  return (v.Value ?? [])
    .map((x) => (typeof x === 'object' && x !== null ? ((x as { Alphabetic?: string }).Alphabetic ?? JSON.stringify(x)) : String(x)))
    .join(' \\ ')
    .slice(0, 200);
}

/** The (de-identified) attributes of the image on screen, as the server stored them. */
export function HeaderPanel({ metadata, onClose }: { metadata: DicomJson | null; onClose: () => void }) {
  const [dict, setDict] = useState<Names>({});
  const [filter, setFilter] = useState('');
  useEffect(() => {
    void dictionary().then(setDict);
  }, []);
  const rows = Object.entries(metadata ?? {})
    .filter((e): e is [string, NonNullable<DicomJson[string]>] => Boolean(e[1]))
    .map(([tag, v]) => ({ tag: `(${tag.slice(0, 4)},${tag.slice(4)})`, name: dict[`(${tag.slice(0, 4)},${tag.slice(4)})`]?.name ?? '', vr: v.vr, value: show(v) }))
    .filter((r) => !filter || `${r.tag} ${r.name} ${r.value}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div className="viewer-header-panel" role="dialog" aria-label="DICOM header">
      <div className="row" style={{ justifyContent: 'space-between', gap: 6 }}>
        <strong>DICOM header</strong>
        <input aria-label="Filter attributes" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button className="btn btn-sm" onClick={onClose}>Close</button>
      </div>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.tag}>
              <td className="mono">{r.tag}</td>
              <td>{r.name}</td>
              <td className="mono">{r.vr}</td>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
