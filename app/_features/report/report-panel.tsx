'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import type { TProjectReport } from '@/server/contracts/agreement';
import { CaseAgreementView } from './case-agreement-view';
import { saveFile } from '@/app/_lib/save-file';
import { BlandAltmanPlot, DailyBars, HeatMap, Histogram } from './charts';
import { fixed, statText } from './format';

type Scope = { orgSlug: string; projectId: string };

function Questions({ report }: { report: TProjectReport }) {
  if (!report.questions.length) return null;
  return (
    <div className="panel">
      <h2>Questions</h2>
      <table className="data" aria-label="Agreement per question">
        <thead><tr><th>Question</th><th>Type</th><th>Cases</th><th>Statistics (95% CI)</th></tr></thead>
        <tbody>
          {report.questions.map((q) => (
            <tr key={q.id}>
              <td>{q.name}</td>
              <td>{q.type}</td>
              <td>{q.cases}</td>
              <td>
                {q.stats.length === 0 && <span className="muted">no answers yet</span>}
                {q.stats.map((s) => (
                  <div key={s.name} className={s.stat.value === null ? 'muted' : undefined}>
                    {s.name}: {statText(s.stat)}
                    {s.stat.ciMethod === 'bootstrap' && <span className="muted" title="Percentile bootstrap over cases, 1000 resamples, fixed seed"> ᵇ</span>}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ marginTop: 6, fontSize: 12 }}>ᵇ bootstrap interval over cases; other intervals are asymptotic or F-based.</p>
      {report.questions.filter((q) => q.blandAltman.length).map((q) => <BlandAltmanFor key={q.id} q={q} names={names(report)} />)}
    </div>
  );
}

function BlandAltmanFor({ q, names: n }: { q: TProjectReport['questions'][number]; names: Map<string, string> }) {
  const [at, setAt] = useState(0);
  const p = q.blandAltman[Math.min(at, q.blandAltman.length - 1)]!;
  return (
    <div style={{ marginTop: 10 }}>
      <div className="row">
        <strong>Bland–Altman: {q.name}</strong>
        <select className="inline" aria-label={`Reader pair for ${q.name}`} value={at} onChange={(e) => setAt(Number(e.target.value))}>
          {q.blandAltman.map((b, i) => <option key={i} value={i}>{`${n.get(b.a)} − ${n.get(b.b)}`}</option>)}
        </select>
        <span className="muted">n {p.n} · bias {fixed(p.bias, 2)} · limits {fixed(p.lower, 2)} to {fixed(p.upper, 2)}</span>
      </div>
      <BlandAltmanPlot points={p.points} bias={p.bias} lower={p.lower} upper={p.upper} label={`Bland–Altman plot of ${q.name}, ${n.get(p.a)} against ${n.get(p.b)}`} />
    </div>
  );
}

function Labels({ report }: { report: TProjectReport }) {
  if (!report.labels.length) return null;
  return (
    <div className="panel">
      <h2>Labels</h2>
      <div className="report-grid">
        {report.labels.map((l) => {
          const seg = l.kind === 'segmentation';
          const d = l.agreement;
          return (
            <figure key={l.id} className="report-figure">
              <figcaption>
                <strong>{l.name}</strong> <span className="muted">{l.kind} · {l.cases} cases · {seg ? 'pairwise Dice' : 'pairwise detection F1'}</span>
                <div>median {fixed(d.median, 3)} (IQR {fixed(d.q1, 3)}–{fixed(d.q3, 3)}), mean {fixed(d.mean, 3)}, n {d.n}{l.hausdorff95 && l.hausdorff95.n > 0 ? ` · HD95 median ${fixed(l.hausdorff95.median, 1)} mm` : ''}</div>
                {l.measurements.map((m) => <div key={`${m.name}${m.unit}`}>{m.name} ({m.unit}): ICC(1,1) {statText(m.icc)} over {m.findings} matched findings</div>)}
              </figcaption>
              <Histogram values={d.values} lo={0} hi={1} median={d.median} label={`Distribution of ${seg ? 'Dice' : 'F1'} for ${l.name}`} />
            </figure>
          );
        })}
      </div>
    </div>
  );
}

const names = (r: TProjectReport) => new Map(r.readers.map((x) => [x.readerId, x.name]));

function PairHeatMap({ report }: { report: TProjectReport }) {
  const options = [
    ...report.questions.filter((q) => q.pairs.length && q.type !== 'number').map((q) => ({ key: `q:${q.id}`, label: `${q.name} — Cohen’s κ`, pairs: q.pairs, lo: 0, hi: 1 })),
    ...report.labels.filter((l) => l.pairs.length).map((l) => ({ key: `l:${l.id}`, label: `${l.name} — mean ${l.kind === 'segmentation' ? 'Dice' : 'F1'}`, pairs: l.pairs, lo: 0, hi: 1 })),
  ];
  const [key, setKey] = useState(options[0]?.key);
  const chosen = options.find((o) => o.key === key) ?? options[0];
  if (!chosen) return null;
  const readers = report.readers.filter((r) => chosen.pairs.some((p) => p.a === r.readerId || p.b === r.readerId)).map((r) => ({ id: r.readerId, name: r.name }));
  return (
    <div className="panel">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 style={{ margin: 0 }}>Reader pairs</h2>
        <select className="inline" aria-label="Statistic of the heat map" value={chosen.key} onChange={(e) => setKey(e.target.value)}>
          {options.map((o) => <option key={o.key} value={o.key}>{o.label}</option>)}
        </select>
      </div>
      <HeatMap readers={readers} pairs={chosen.pairs} lo={chosen.lo} hi={chosen.hi} label={`Reader-pair heat map: ${chosen.label}`} />
    </div>
  );
}

function Readers({ report }: { report: TProjectReport }) {
  return (
    <table className="data" aria-label="Agreement per reader">
      <thead>
        <tr><th>Reader</th><th>Reads compared</th><th>Same answer as others</th><th>Mean Dice with others</th><th>Mean F1 with others</th><th>STAPLE sensitivity</th><th>STAPLE specificity</th></tr>
      </thead>
      <tbody>
        {report.readers.map((r) => (
          <tr key={r.readerId}>
            <td>{r.name}</td>
            <td>{r.reads}</td>
            <td>{fixed(r.answerAgreement, 3)}</td>
            <td>{fixed(r.dice, 3)}</td>
            <td>{fixed(r.detectionF1, 3)}</td>
            <td>{fixed(r.sensitivity, 4)}</td>
            <td>{fixed(r.specificity, 6)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cases({ report, scope, open, canDecide }: { report: TProjectReport; scope: Scope; open: string | null; canDecide: boolean }) {
  const router = useRouter();
  const toggle = (id: string) => router.replace(open === id ? '?' : `?case=${id}`, { scroll: false });
  return (
    <table className="data" aria-label="Agreement per case">
      <thead><tr><th>Case</th><th>Status</th><th>Score</th><th>Decision</th><th>Why</th></tr></thead>
      <tbody>
        {report.caseRows.map((c) => (
          <CaseRow key={c.caseId} c={c} open={open === c.caseId} onToggle={() => toggle(c.caseId)} scope={scope} canDecide={canDecide} />
        ))}
      </tbody>
    </table>
  );
}

/** Per day the cases were compared: how many, how many went to a lead, and their mean agreement. */
function OverTime({ report }: { report: TProjectReport }) {
  const days = new Map<string, { n: number; lead: number; scores: number[] }>();
  for (const c of report.caseRows) {
    const day = c.computedAt.toISOString().slice(0, 10);
    const d = days.get(day) ?? days.set(day, { n: 0, lead: 0, scores: [] }).get(day)!;
    d.n++;
    if (c.decision === 'ADJUDICATE') d.lead++;
    if (c.score !== null) d.scores.push(c.score);
  }
  const rows = [...days].sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="panel">
      <h2>Over time</h2>
      <div className="report-grid">
        <figure className="report-figure">
          <DailyBars days={rows.map(([day, d]) => ({ day, value: d.n }))} label="Cases compared per day" />
          <figcaption className="muted">Cases compared per day ({rows.reduce((n, [, d]) => n + d.lead, 0)} sent to a lead)</figcaption>
        </figure>
        <figure className="report-figure">
          <DailyBars days={rows.filter(([, d]) => d.scores.length).map(([day, d]) => ({ day, value: Number((d.scores.reduce((a, b) => a + b, 0) / d.scores.length).toFixed(3)) }))} label="Mean case agreement per day" />
          <figcaption className="muted">Mean case agreement (lowest item score) per day</figcaption>
        </figure>
      </div>
    </div>
  );
}

function CaseRow({ c, open, onToggle, scope, canDecide }: { c: TProjectReport['caseRows'][number]; open: boolean; onToggle: () => void; scope: Scope; canDecide: boolean }) {
  return (
    <>
      <tr>
        <td><button className="btn btn-small" aria-expanded={open} onClick={onToggle}>{open ? '▾' : '▸'} {c.label}</button></td>
        <td><Status value={c.status} /></td>
        <td>{fixed(c.score, 3)}</td>
        <td>{c.decision === 'ACCEPTED' ? 'accepted' : 'to a lead'}</td>
        <td className="muted">{c.reason}</td>
      </tr>
      {open && (
        <tr><td colSpan={5} style={{ background: '#fafbfc' }}><CaseAgreementView scope={scope} caseId={c.caseId} canDecide={canDecide} /></td></tr>
      )}
    </>
  );
}

/** The project's agreement report: questions, labels, reader pairs, readers and cases. */
export function ReportPanel({ scope, manage, canDecide }: { scope: Scope; manage: boolean; canDecide: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const open = useSearchParams().get('case');
  const q = useQuery(trpc.report.project.queryOptions(scope));
  const recompute = useMutation(trpc.report.recompute.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.report.project.queryKey(scope) }) }));
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      const { filename, csv } = await qc.fetchQuery(trpc.report.csv.queryOptions(scope, { staleTime: 0 }));
      saveFile(filename, csv);
    } finally {
      setDownloading(false);
    }
  };
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data) return <p className="muted">Loading the report…</p>;
  const r = q.data;
  return (
    <div className="stack">
      <div className="panel row">
        <span className="chip">{r.cases.compared} cases compared</span>
        <span className="chip">{r.cases.accepted} accepted</span>
        <span className="chip">{r.cases.adjudicate} to a lead</span>
        {r.cases.waiting > 0 && <span className="chip" title="Reads are in, agreement not computed yet">{r.cases.waiting} waiting</span>}
        <span className="muted" style={{ fontSize: 12 }}>engine v{r.engineVersion}</span>
        <span style={{ flex: 1 }} />
        {manage && r.cases.waiting > 0 && (
          <button className="btn btn-small" disabled={recompute.isPending} onClick={() => recompute.mutate(scope)}>Compute waiting cases</button>
        )}
        <button className="btn btn-small" disabled={downloading || r.cases.compared === 0} onClick={() => void download()}>Download CSV</button>
      </div>
      {recompute.data && <div className="notice" role="status">{recompute.data.queued} cases queued.</div>}
      {r.cases.compared === 0 ? (
        <div className="empty">
          <h2>No case has all its reads yet</h2>
          <p className="muted">Agreement is computed for each case as soon as its last read is submitted.</p>
        </div>
      ) : (
        <>
          <OverTime report={r} />
          <Questions report={r} />
          <Labels report={r} />
          <PairHeatMap report={r} />
          <Readers report={r} />
          <Cases report={r} scope={scope} open={open} canDecide={canDecide} />
        </>
      )}
    </div>
  );
}
