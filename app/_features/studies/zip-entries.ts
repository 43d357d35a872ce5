/**
 * The files inside a .zip, read lazily from the File itself: only the central directory is
 * read up front, and each entry's bytes are sliced (stored) or inflated (deflate) when its turn
 * to upload comes, so a 1 GB archive is never in memory at once. Zip64 archives (over 4 GB or
 * 65 535 entries) are read too. Encrypted or otherwise compressed entries fail with the reason.
 */
export interface ZipEntry {
  name: string;
  size: number;
  read: () => Promise<Blob>;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

export class ZipError extends Error {}

const bytesOf = async (blob: Blob, start: number, end: number) => new DataView(await blob.slice(start, end).arrayBuffer());
const u64 = (view: DataView, at: number) => Number(view.getBigUint64(at, true));

/** Where the end-of-central-directory record starts: the last 22 bytes unless the archive has a comment. */
async function findEnd(file: Blob): Promise<{ tail: DataView; tailStart: number; eocd: number }> {
  for (const span of [22, 22 + MAX_COMMENT]) {
    const tailStart = Math.max(0, file.size - span);
    const tail = await bytesOf(file, tailStart, file.size);
    for (let i = tail.byteLength - 22; i >= 0; i--) if (tail.getUint32(i, true) === EOCD) return { tail, tailStart, eocd: i };
    if (tailStart === 0) break;
  }
  throw new ZipError('not a zip archive (no end of central directory)');
}

export async function zipEntries(file: Blob): Promise<ZipEntry[]> {
  const { tail, tailStart, eocd } = await findEnd(file);
  let count = tail.getUint16(eocd + 10, true);
  let dirSize = tail.getUint32(eocd + 12, true);
  let dirOffset = tail.getUint32(eocd + 16, true);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20;
    const locator = await bytesOf(file, locatorAt, locatorAt + 20);
    if (locatorAt < 0 || locator.getUint32(0, true) !== EOCD64_LOCATOR) throw new ZipError('damaged Zip64 archive (no locator)');
    const at = u64(locator, 8);
    const record = await bytesOf(file, at, at + 56);
    if (record.getUint32(0, true) !== EOCD64) throw new ZipError('damaged Zip64 archive (no end record)');
    count = u64(record, 32);
    dirSize = u64(record, 40);
    dirOffset = u64(record, 48);
  }
  if (dirOffset + dirSize > file.size) throw new ZipError('truncated zip archive');
  const dir = await bytesOf(file, dirOffset, dirOffset + dirSize);
  const names = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let p = 0, n = 0; n < count; n++) {
    if (p + 46 > dir.byteLength || dir.getUint32(p, true) !== CENTRAL) throw new ZipError('damaged zip archive (central directory)');
    const flags = dir.getUint16(p + 8, true);
    const method = dir.getUint16(p + 10, true);
    let packed = dir.getUint32(p + 20, true);
    let size = dir.getUint32(p + 24, true);
    const nameLength = dir.getUint16(p + 28, true);
    const extraLength = dir.getUint16(p + 30, true);
    const commentLength = dir.getUint16(p + 32, true);
    let localAt = dir.getUint32(p + 42, true);
    const name = names.decode(new Uint8Array(dir.buffer, dir.byteOffset + p + 46, nameLength));
    // Zip64: the sizes and offset that overflowed are in extra field 0x0001, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = dir.getUint16(e, true);
      const length = dir.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(dir, q);
          q += 8;
        }
        if (packed === 0xffffffff) {
          packed = u64(dir, q);
          q += 8;
        }
        if (localAt === 0xffffffff) localAt = u64(dir, q);
      }
      e += 4 + length;
    }
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue; // a folder
    entries.push({ name, size, read: () => readEntry(file, { name, flags, method, packed, size, localAt }) });
  }
  return entries;
}

async function readEntry(file: Blob, e: { name: string; flags: number; method: number; packed: number; size: number; localAt: number }): Promise<Blob> {
  if (e.flags & 1) throw new ZipError(`${e.name}: encrypted zip entries cannot be read; unzip it first`);
  const local = await bytesOf(file, e.localAt, e.localAt + 30);
  if (local.getUint32(0, true) !== LOCAL) throw new ZipError(`${e.name}: damaged zip entry`);
  const start = e.localAt + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const packed = file.slice(start, start + e.packed);
  if (packed.size !== e.packed) throw new ZipError(`${e.name}: truncated zip entry`);
  if (e.method === 0) return packed;
  if (e.method !== 8) throw new ZipError(`${e.name}: zip compression method ${e.method} is not supported (use deflate or none)`);
  const inflated = await new Response(packed.stream().pipeThrough(new DecompressionStream('deflate-raw'))).blob().catch((err: Error) => {
    throw new ZipError(`${e.name}: damaged zip entry (${err.message})`);
  });
  if (inflated.size !== e.size) throw new ZipError(`${e.name}: damaged zip entry (${inflated.size} bytes, expected ${e.size})`);
  return inflated;
}
