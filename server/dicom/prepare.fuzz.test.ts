import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats';
import { FIXTURES, filesIn } from '../testing/dicom';
import { DEFAULT_DEID_OPTIONS } from './deid/profile';
import { DicomParseError } from './parse';
import { prepareInstance } from './prepare';

const SEEDS = Number(process.env.FUZZ_CASES ?? 300);
const SOURCES = [...filesIn(FIXTURES.pydicom), ...filesIn(FIXTURES.transferSyntaxes)].filter((f) => fs.statSync(f).size < 300_000).map((f) => new Uint8Array(fs.readFileSync(f)));

/** A real file, truncated, with bytes flipped, or with a slice duplicated: what a broken upload looks like. */
export function mutate(source: Uint8Array, random: () => number): Uint8Array {
  const bytes = source.slice();
  const kind = Math.floor(random() * 3);
  if (kind === 0) return bytes.subarray(0, Math.floor(random() * bytes.length));
  if (kind === 1) {
    for (let k = 0; k < 1 + Math.floor(random() * 16); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    return bytes;
  }
  const from = Math.floor(random() * bytes.length);
  const to = Math.min(bytes.length, from + Math.floor(random() * 64));
  const at = Math.floor(random() * bytes.length);
  return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(from, to), ...bytes.subarray(at)]);
}

describe('[INGEST] mutated and truncated real files', () => {
  it(`never throw anything but a DicomParseError with a reason (${SEEDS} seeded cases)`, () => {
    const secret = Buffer.from('fuzz');
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seededRandom(seed);
      const input = mutate(SOURCES[Math.floor(random() * SOURCES.length)]!, random);
      try {
        const out = prepareInstance(input, DEFAULT_DEID_OPTIONS, secret);
        expect(out.sopInstanceUid, `seed ${seed}`).toMatch(/^2\.25\.\d+$/);
      } catch (err) {
        if (!(err instanceof DicomParseError)) throw new Error(`seed ${seed}: unexpected ${(err as Error).stack}`);
        expect(err.message.length, `seed ${seed}`).toBeGreaterThan(15);
      }
    }
  });
});
