'use client';

import { useQuery } from '@tanstack/react-query';
import type { TAgreementItem, TCaseAgreement } from '@/server/contracts/agreement';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { DecideForm } from './decide-form';
import { fixed } from './format';

type OptionLabels = Map<string, Map<string, string>>;

/** An answer as the reader saw it: option labels instead of ids. */
function answerText(v: unknown, options?: Map<string, string>) {
  const one = (x: unknown) => (typeof x === 'number' ? fixed(x, 3) : (options?.get(String(x)) ?? String(x)));
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? v.map(one).join(', ') || '—' : one(v);
}

function Detail({ item, name, options }: { item: TAgreementItem; name: (id: string) => string; options: OptionLabels }) {
  if (item.kind === 'question') {
    return (
      <span>
        {item.answers.map((a) => `${name(a.readerId)}: ${answerText(a.value, options.get(item.id))}`).join(' · ')}
        {item.spread && <span className="muted"> (mean {fixed(item.spread.mean, 2)}, SD {item.spread.sd === null ? '—' : fixed(item.spread.sd, 2)})</span>}
      </span>
    );
  }
  if (item.kind === 'segmentation') {
    return (
      <span>
        {item.pairs.map((p) => `${name(p.a)}×${name(p.b)} Dice ${fixed(p.dice, 3)}, HD95 ${p.hausdorff95 === null ? '—' : `${fixed(p.hausdorff95, 1)} mm`}`).join(' · ')}
        <span className="muted"> · volumes {item.readers.map((r) => `${fixed(r.volumeMl, 2)}`).join(' / ')} ml{item.consensus ? ` · ${item.consensus.method} consensus ${fixed(item.consensus.volumeMl, 2)} ml` : ''}</span>
      </span>
    );
  }
  return (
    <span>
      {item.clusters.map((c, i) => (
        <span key={i} className="chip" style={{ marginRight: 4 }} title={c.members.map((m) => name(m.readerId)).join(', ')}>
          {c.consensus ? '●' : '○'} {c.members.length} of {item.found.length}
          {c.values.map((v) => ` · ${v.name} ${v.byReader.map((x) => fixed(x.value, 1)).join('/')} ${v.unit}`).join('')}
        </span>
      ))}
    </span>
  );
}

/** One case: each item's agreement across its readers and the candidate consensus. */
export function CaseAgreementView({ scope, caseId, canDecide }: { scope: { orgSlug: string; projectId: string }; caseId: string; canDecide: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.report.case.queryOptions({ ...scope, caseId }));
  const schema = useQuery(trpc.project.labelSchema.queryOptions(scope));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data) return <p className="muted">Loading the case…</p>;
  const a: TCaseAgreement = q.data;
  const names = new Map(a.readers.map((r) => [r.readerId, r.name]));
  const name = (id: string) => names.get(id) ?? '?';
  const options: OptionLabels = new Map((schema.data?.schema.questions ?? []).map((x) => [x.id, new Map('options' in x ? x.options.map((o) => [o.id, o.label]) : [])]));
  return (
    <div className="stack" aria-label={`Agreement of ${a.caseLabel}`}>
      <p className="muted">
        {a.readers.length} reads ({a.readers.map((r) => r.name).join(', ')}) · {a.method.toLowerCase().replace('_', ' ')} · threshold {a.threshold ?? 'none'} · {a.reason}
      </p>
      <table className="data">
        <thead><tr><th>Item</th><th>Kind</th><th>Agreement</th><th>Readers</th></tr></thead>
        <tbody>
          {a.items.map((i) => (
            <tr key={`${i.kind}:${i.id}:${'seriesUid' in i ? i.seriesUid : ''}`}>
              <td>{i.name}</td>
              <td>{i.kind === 'question' ? i.type : i.kind}</td>
              <td title={i.reason ?? undefined}>{i.agreement === null ? <span className="muted">{i.reason}</span> : fixed(i.agreement, 3)}</td>
              <td><Detail item={i} name={name} options={options} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <strong>Candidate consensus:</strong>{' '}
        {a.items.flatMap((i) => (i.kind === 'question' && i.id in a.consensus.answers ? [`${i.name}: ${answerText(a.consensus.answers[i.id], options.get(i.id))}`] : [])).join(' · ') || 'no answers'}
        {a.consensus.findings.length > 0 && ` · ${a.consensus.findings.length} finding${a.consensus.findings.length === 1 ? '' : 's'}`}
        {a.masks.map((m) => ` · ${m.labelId} mask (${m.method}, ${m.voxelCount} voxels)`).join('')}
      </p>
      <DecideForm scope={scope} agreement={a} canDecide={canDecide} answerText={(id, v) => answerText(v, options.get(id))} />
    </div>
  );
}
