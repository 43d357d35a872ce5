export function Status({ value }: { value: string }) {
  return <span className={`status status-${value}`}>{value.replace('_', ' ').toLowerCase()}</span>;
}

export function Bar({ value, total, label }: { value: number; total: number; label: string }) {
  const pct = total ? Math.round((100 * value) / total) : 0;
  return (
    <div className="row" title={`${value} of ${total}`}>
      <div className="bar" role="progressbar" aria-label={label} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} style={{ flex: 1 }}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="muted" style={{ minWidth: 90, fontSize: 12 }}>
        {value} / {total} ({pct}%)
      </span>
    </div>
  );
}
