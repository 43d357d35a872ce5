export function Brand() {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden />
      Concord
    </div>
  );
}
