/**
 * The dashboards' charts, drawn with visx (scales, axes and shapes over plain SVG): they render
 * on the server, print, and stay legible in a dense page.
 */
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';

const W = 320;
const H = 150;
const PAD = { l: 36, r: 8, t: 8, b: 22 };
const INNER = { w: W - PAD.l - PAD.r, h: H - PAD.t - PAD.b };

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const axisText = () => ({ className: 'chart-text', fontSize: 9, textAnchor: 'middle' as const });
const leftText = () => ({ className: 'chart-text', fontSize: 9, textAnchor: 'end' as const, dx: -2, dy: 3 });
const integerTicks = (top: number) => (top <= 4 ? Array.from({ length: top + 1 }, (_, i) => i) : undefined);

/** A histogram of values in [lo, hi] with the median marked. */
export function Histogram({ values, lo, hi, label, median, bins = 10 }: { values: number[]; lo: number; hi: number; label: string; median: number | null; bins?: number }) {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo || 1)) * bins)))]!++;
  const top = Math.max(1, ...counts);
  const x = scaleLinear({ domain: [lo, hi === lo ? lo + 1 : hi], range: [0, INNER.w] });
  const y = scaleLinear({ domain: [0, top], range: [INNER.h, 0], nice: true });
  const step = (hi - lo) / bins;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      <Group left={PAD.l} top={PAD.t}>
        {counts.map((c, i) => (
          <Bar key={i} x={x(lo + i * step) + 1} y={y(c)} width={Math.max(1, x(lo + step) - x(lo) - 2)} height={INNER.h - y(c)} className="chart-bar">
            <title>{`${fmt(lo + i * step)}–${fmt(lo + (i + 1) * step)}: ${c}`}</title>
          </Bar>
        ))}
        {median !== null && (
          <Line from={{ x: x(median), y: 0 }} to={{ x: x(median), y: INNER.h }} className="chart-mark">
            <title>{`median ${fmt(median)}`}</title>
          </Line>
        )}
        <AxisBottom top={INNER.h} scale={x} numTicks={4} tickFormat={(v) => fmt(Number(v))} axisLineClassName="chart-axis" tickClassName="chart-tick" tickLabelProps={axisText} hideTicks />
        <AxisLeft scale={y} numTicks={3} tickValues={integerTicks(top)} tickFormat={(v) => String(Number(v))} axisLineClassName="chart-axis" tickLabelProps={leftText} hideTicks />
      </Group>
    </svg>
  );
}

/** A reader × reader matrix coloured from red (low) to green (high) over [lo, hi]. */
export function HeatMap({ readers, pairs, lo, hi, label }: { readers: { id: string; name: string }[]; pairs: { a: string; b: string; value: number | null; cases: number }[]; lo: number; hi: number; label: string }) {
  const cell = 34;
  const left = 110;
  const size = left + cell * readers.length;
  const band = scaleBand({ domain: readers.map((r) => r.id), range: [0, cell * readers.length], paddingInner: 0.06 });
  const hue = scaleLinear({ domain: [lo, hi === lo ? lo + 1 : hi], range: [0, 120], clamp: true });
  const value = (a: string, b: string) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  const colour = (v: number) => `hsl(${Math.round(hue(v))}, 60%, ${45 + (hue(v) / 120) * 5}%)`;
  return (
    <svg viewBox={`0 0 ${size} ${size - left + 24}`} className="chart chart-heat" role="img" aria-label={label} style={{ maxWidth: size }}>
      <Group top={20} left={left}>
        {readers.map((r, i) => (
          <g key={r.id}>
            <text x={-4} y={band(r.id)! + band.bandwidth() / 2 + 4} textAnchor="end" className="chart-text">{`${r.name} (${i + 1})`}</text>
            <text x={band(r.id)! + band.bandwidth() / 2} y={-6} textAnchor="middle" className="chart-text">{i + 1}</text>
            {readers.map((s) => {
              const p = r.id === s.id ? null : value(r.id, s.id);
              return (
                <g key={s.id}>
                  <Bar x={band(s.id)} y={band(r.id)} width={band.bandwidth()} height={band.bandwidth()} fill={r.id === s.id ? '#eef1f5' : p?.value != null ? colour(p.value) : '#f6f7f9'}>
                    <title>{r.id === s.id ? r.name : p?.value != null ? `${r.name} × ${s.name}: ${p.value.toFixed(3)} over ${p.cases} cases` : `${r.name} × ${s.name}: no shared cases`}</title>
                  </Bar>
                  {p?.value != null && <text x={band(s.id)! + band.bandwidth() / 2} y={band(r.id)! + band.bandwidth() / 2 + 3} textAnchor="middle" className="chart-cell">{p.value.toFixed(2)}</text>}
                </g>
              );
            })}
          </g>
        ))}
      </Group>
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
  const x = scaleLinear({ domain: [x0 - pad, x1 + pad], range: [0, INNER.w] });
  const y = scaleLinear({ domain: [y0 - ypad, y1 + ypad], range: [INNER.h, 0] });
  const hline = (v: number, cls: string, name: string) => (
    <g>
      <Line from={{ x: 0, y: y(v) }} to={{ x: INNER.w, y: y(v) }} className={cls} />
      <text x={INNER.w - 2} y={y(v) - 3} textAnchor="end" className="chart-text">{`${name} ${fmt(v)}`}</text>
    </g>
  );
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      <Group left={PAD.l} top={PAD.t}>
        {hline(upper, 'chart-limit', '+1.96 SD')}
        {hline(bias, 'chart-mark', 'bias')}
        {hline(lower, 'chart-limit', '−1.96 SD')}
        {points.map(([m, d], i) => <circle key={i} cx={x(m)} cy={y(d)} r={3} className="chart-dot"><title>{`mean ${fmt(m)}, difference ${fmt(d)}`}</title></circle>)}
        <AxisBottom top={INNER.h} scale={x} numTicks={3} tickFormat={(v) => fmt(Number(v))} axisLineClassName="chart-axis" tickLabelProps={axisText} hideTicks />
        <AxisLeft scale={y} numTicks={3} tickFormat={(v) => fmt(Number(v))} axisLineClassName="chart-axis" tickLabelProps={leftText} hideTicks />
      </Group>
    </svg>
  );
}

/** One bar per day (e.g. reads submitted), labelled every week. */
export function DailyBars({ days, label }: { days: { day: string; value: number }[]; label: string }) {
  const top = Math.max(1, ...days.map((d) => d.value));
  // Narrow bars even for a few days: a single day should not fill the chart.
  const width = Math.min(INNER.w, 28 * Math.max(1, days.length));
  const x = scaleBand({ domain: days.map((d) => d.day), range: [0, width], paddingInner: 0.08 });
  const y = scaleLinear({ domain: [0, top], range: [INNER.h, 0], nice: true });
  const labelled = days.filter((_, i) => i % 7 === 0 || (i === days.length - 1 && i % 7 > 3)).map((d) => d.day);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={label}>
      <Group left={PAD.l} top={PAD.t}>
        {days.map((d) => (
          <Bar key={d.day} x={x(d.day)} y={y(d.value)} width={Math.max(1, x.bandwidth())} height={INNER.h - y(d.value)} className="chart-bar">
            <title>{`${d.day}: ${d.value}`}</title>
          </Bar>
        ))}
        <AxisBottom top={INNER.h} scale={x} tickValues={labelled} tickFormat={(d) => String(d).slice(5)} axisLineClassName="chart-axis" tickLabelProps={axisText} hideTicks />
        <AxisLeft scale={y} numTicks={3} tickValues={Number.isInteger(top) ? integerTicks(top) : undefined} tickFormat={(v) => String(Number(v))} axisLineClassName="chart-axis" tickLabelProps={leftText} hideTicks />
      </Group>
    </svg>
  );
}
