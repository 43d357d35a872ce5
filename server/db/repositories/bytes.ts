/** A view of bytes as Prisma's `Bytes` input wants it (no copy). */
export const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>;
