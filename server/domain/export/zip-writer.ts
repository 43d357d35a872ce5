import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  path: string;
  bytes: number;
  sha256: string;
}

// fflate writes classic zip (no Zip64): past these the archive would be corrupt, so stop first.
const MAX_ENTRIES = 65_535;
const MAX_BYTES = 0xffff_ffff;

/**
 * A zip written entry by entry to a file, never held in memory: each entry is compressed as it
 * is added and flushed with back-pressure. Records every entry's size and sha256 (manifest).
 */
export class ZipWriter {
  readonly entries: ZipEntry[] = [];
  private readonly out: fs.WriteStream;
  private readonly zip: Zip;
  private written = 0;
  private failure: Error | null = null;
  private readonly finished: Promise<void>;

  constructor(
    file: string,
    private readonly mtime: Date,
  ) {
    this.out = fs.createWriteStream(file, { flags: 'wx' });
    this.finished = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
    });
    this.finished.catch(() => undefined);
    this.zip = new Zip((err, chunk, final) => {
      if (err) this.failure = err;
      else {
        this.written += chunk.length;
        this.out.write(chunk);
      }
      if (final || err) this.out.end();
    });
  }

  /** Adds one file; `store` keeps bytes that are compressed already (.nii.gz) as they are. */
  async add(path: string, data: Uint8Array | string, opts: { store?: boolean } = {}) {
    if (this.entries.length >= MAX_ENTRIES - 1) throw new Error(`A snapshot holds at most ${MAX_ENTRIES - 1} files; export fewer cases or leave the images out`);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const entry = opts.store ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    entry.push(bytes, true);
    this.entries.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    if (this.failure) throw this.failure;
    if (this.written > MAX_BYTES) throw new Error('A snapshot zip is limited to 4 GB; export fewer cases or leave the images out');
    if (this.out.writableNeedDrain) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  /** Writes the central directory and closes the file. */
  async close() {
    this.zip.end();
    await this.finished;
    if (this.failure) throw this.failure;
  }

  /** Stops writing after a failure (the caller removes the file). */
  async abort() {
    this.zip.terminate();
    this.out.end();
    await this.finished.catch(() => undefined);
  }
}
