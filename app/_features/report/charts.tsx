/**
 * Small SVG charts for the agreement report: no chart library, so they render on the server,
 * print, and stay legible in a dense page.
 */

const W = 320;
const H = 150;
const PAD = { l: 36, r: 8, t: 8, b: 22 };

const ticks = (lo: number, hi: number, n = 4) => Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A histogram of values in [lo, hi] with the median marked. */
export function Histogram({ values, lo, hi, label, median, bins = 10 }: { values: number[]; lo: number; hi: number; label: string; median: number | null; bins?: number }) {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo || 1)) * bins)))]!++;
  const top = Math.max(1, ...counts);
  const x = (v: number) => PAD.l + ((v - lo) / (hi - lo || 1)) * (W - PAD.l - PAD.r);
  const y = (c: number) => H - PAD.b - (c / top) * (H - PAD.t - PAD.b);
  const bw = (W - PAD.l - PAD.r) / bins;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      {counts.map((c, i) => (
        <rect key={i} x={PAD.l + i * bw + 1} y={y(c)} width={bw - 2} height={H - PAD.b - y(c)} className="chart-bar"><title>{`${fmt(lo + i * ((hi - lo) / bins))}–${fmt(lo + (i + 1) * ((hi - lo) / bins))}: ${c}`}</title></rect>
      ))}
      {median !== null && <line x1={x(median)} x2={x(median)} y1={PAD.t} y2={H - PAD.b} className="chart-mark"><title>{`median ${fmt(median)}`}</title></line>}
      <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="chart-axis" />
      {ticks(lo, hi).map((t) => <text key={t} x={x(t)} y={H - 6} textAnchor="middle" className="chart-text">{fmt(t)}</text>)}
      <text x={4} y={PAD.t + 8} className="chart-text">{top}</text>
    </svg>
  );
}

/** A reader × reader matrix coloured from red (low) to green (high) over [lo, hi]. */
export function HeatMap({ readers, pairs, lo, hi, label }: { readers: { id: string; name: string }[]; pairs: { a: string; b: string; value: number | null; cases: number }[]; lo: number; hi: number; label: string }) {
  const cell = 34;
  const left = 110;
  const size = left + cell * readers.length;
  const value = (a: string, b: string) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  const colour = (v: number) => {
    const t = Math.max(0, Math.min(1, (v - lo) / (hi - lo || 1)));
    return `hsl(${Math.round(t * 120)}, 60%, ${45 + t * 5}%)`;
  };
  return (
    <svg viewBox={`0 0 ${size} ${size - left + 24}`} className="chart chart-heat" role="img" aria-label={label} style={{ maxWidth: size }}>
      {readers.map((r, i) => (
        <g key={r.id}>
          <text x={left - 4} y={24 + i * cell + cell / 2 + 4} textAnchor="end" className="chart-text">{`${r.name} (${i + 1})`}</text>
          <text x={left + i * cell + cell / 2} y={14} textAnchor="middle" className="chart-text">{i + 1}</text>
          {readers.map((s, j) => {
            const p = i === j ? null : value(r.id, s.id);
            return (
              <g key={s.id}>
                <rect x={left + j * cell} y={20 + i * cell} width={cell - 2} height={cell - 2} fill={i === j ? '#eef1f5' : p?.value != null ? colour(p.value) : '#f6f7f9'}>
                  <title>{i === j ? r.name : p?.value != null ? `${r.name} × ${s.name}: ${p.value.toFixed(3)} over ${p.cases} cases` : `${r.name} × ${s.name}: no shared cases`}</title>
                </rect>
                {p?.value != null && <text x={left + j * cell + cell / 2 - 1} y={20 + i * cell + cell / 2 + 3} textAnchor="middle" className="chart-cell">{p.value.toFixed(2)}</text>}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

/** Bland–Altman: differences against means, with the bias and the 95% limits of agreement. */
export function BlandAltmanPlot({ points, bias, lower, upper, label }: { points: [number, number][]; bias: number; lower: number; upper: number; label: string }) {
  const xs = points.map((p) => p[0]);
  const ys = [...points.map((p) => p[1]), lower, upper];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const pad = (x1 - x0) * 0.05 || 1;
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const ypad = (y1 - y0) * 0.1 || 1;
  const x = (v: number) => PAD.l + ((v - (x0 - pad)) / (x1 - x0 + 2 * pad)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - ((v - (y0 - ypad)) / (y1 - y0 + 2 * ypad)) * (H - PAD.t - PAD.b);
  const hline = (v: number, cls: string, name: string) => (
    <g>
      <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className={cls} />
      <text x={W - PAD.r - 2} y={y(v) - 3} textAnchor="end" className="chart-text">{`${name} ${fmt(v)}`}</text>
    </g>
  );
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      {hline(upper, 'chart-limit', '+1.96 SD')}
      {hline(bias, 'chart-mark', 'bias')}
      {hline(lower, 'chart-limit', '−1.96 SD')}
      {points.map(([m, d], i) => <circle key={i} cx={x(m)} cy={y(d)} r={3} className="chart-dot"><title>{`mean ${fmt(m)}, difference ${fmt(d)}`}</title></circle>)}
      <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} className="chart-axis" />
      {ticks(x0 - pad, x1 + pad, 3).map((t) => <text key={t} x={x(t)} y={H - 6} textAnchor="middle" className="chart-text">{fmt(t)}</text>)}
      {ticks(y0 - ypad, y1 + ypad, 3).map((t) => <text key={t} x={PAD.l - 3} y={y(t) + 3} textAnchor="end" className="chart-text">{fmt(t)}</text>)}
    </svg>
  );
}

/** One bar per day (e.g. reads submitted), labelled every few days. */
export function DailyBars({ days, label }: { days: { day: string; value: number }[]; label: string }) {
  const top = Math.max(1, ...days.map((d) => d.value));
  const bw = Math.min(28, (W - PAD.l - PAD.r) / Math.max(1, days.length));
  const y = (v: number) => H - PAD.b - (v / top) * (H - PAD.t - PAD.b);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      {days.map((d, i) => (
        <rect key={d.day} x={PAD.l + i * bw + 0.5} y={y(d.value)} width={Math.max(1, bw - 1)} height={H - PAD.b - y(d.value)} className="chart-bar"><title>{`${d.day}: ${d.value}`}</title></rect>
      ))}
      <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="chart-axis" />
      {days.map((d, i) => (i % 7 === 0 || (i === days.length - 1 && i % 7 > 3) ? <text key={d.day} x={PAD.l + i * bw + bw / 2} y={H - 6} textAnchor="middle" className="chart-text">{d.day.slice(5)}</text> : null))}
      <text x={4} y={PAD.t + 8} className="chart-text">{top}</text>
    </svg>
  );
}
