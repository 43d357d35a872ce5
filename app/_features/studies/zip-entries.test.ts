import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries } from './zip-entries';

const dir = path.join(import.meta.dirname, '__fixtures__');
const fixture = (name: string) => new Blob([fs.readFileSync(path.join(dir, name))]);
const one = fs.readFileSync(path.join(dir, 'a/one.txt'));
const bin = fs.readFileSync(path.join(dir, 'b.bin'));

async function contents(zip: Blob) {
  const out: Record<string, Buffer> = {};
  for (const e of await zipEntries(zip)) {
    const blob = await e.read();
    expect(blob.size).toBe(e.size);
    out[e.name] = Buffer.from(await blob.arrayBuffer());
  }
  return out;
}

describe('zip entries read lazily from the archive', () => {
  it('reads stored and deflated entries, skipping folders', async () => {
    const made = zipSync({ 'study/': {}, 'study/a.dcm': [new Uint8Array(bin), { level: 0 }], 'study/b.dcm': [new Uint8Array(one), { level: 9 }] });
    expect(await contents(new Blob([made]))).toEqual({ 'study/a.dcm': bin, 'study/b.dcm': one });
  });

  it('reads a Zip64 archive made by Info-ZIP', async () => {
    expect(await contents(fixture('z64.zip'))).toEqual({ 'a/one.txt': one, 'b.bin': bin });
  });

  it('reads only the central directory up front: an entry is sliced from the file when it is read', async () => {
    const big = new Uint8Array(300_000).map((_, i) => bin[i % bin.length]!);
    const sliced: number[][] = [];
    class SpyBlob extends Blob {
      override slice(start: number, end: number) {
        sliced.push([start, end]);
        return super.slice(start, end);
      }
    }
    const spy = new SpyBlob([zipSync({ 'x.dcm': [big, { level: 0 }] })]);
    const [entry] = await zipEntries(spy);
    expect(sliced.reduce((n, [start, end]) => n + end! - start!, 0)).toBeLessThan(100);
    expect(Buffer.from(await (await entry!.read()).arrayBuffer())).toEqual(Buffer.from(big));
  });

  it('says why an archive or entry cannot be read', async () => {
    await expect(zipEntries(new Blob(['not a zip at all']))).rejects.toThrow(/not a zip archive/);
    const whole = fs.readFileSync(path.join(dir, 'z64.zip'));
    await expect(zipEntries(new Blob([whole.subarray(0, 200), whole.subarray(whole.length - 22)]))).rejects.toThrow(/truncated|damaged/);
    const [encrypted] = await zipEntries(fixture('enc.zip'));
    await expect(encrypted!.read()).rejects.toThrow(/a\/one.txt: encrypted/);
    const [bzip] = await zipEntries(fixture('bz.zip'));
    await expect(bzip!.read()).rejects.toThrow(/-: zip compression method 12 is not supported/);
    const deflated = zipSync({ 'c.dcm': [new Uint8Array(bin.length).fill(7), { level: 9 }] });
    const broken = Uint8Array.from(deflated);
    broken[40] = broken[40]! ^ 0xff; // inside c.dcm's deflate stream (local header 30 + name 5)
    const [damaged] = await zipEntries(new Blob([broken]));
    await expect(damaged!.read()).rejects.toThrow(/c.dcm: damaged zip entry/);
  });
});
