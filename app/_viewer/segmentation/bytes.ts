/** Whether `a` equals `b` (no copy yet: all zero), four bytes at a time where both allow it. */
export function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (b && b.length !== a.length) return false;
  const words = a.length % 4 === 0 && a.byteOffset % 4 === 0 && (!b || b.byteOffset % 4 === 0);
  if (words) {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
    const y = b ? new Uint32Array(b.buffer, b.byteOffset, b.length / 4) : null;
    for (let i = 0; i < x.length; i++) if (x[i] !== (y ? y[i] : 0)) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== (b ? b[i] : 0)) return false;
  return true;
}
