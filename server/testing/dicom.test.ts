import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { syntheticCtSeries, withTagText } from './dicom';

describe('synthetic CT series (benchmark input)', () => {
  it('makes distinct instances at 0.625 mm steps with the same pixels, each file parseable', () => {
    const files = syntheticCtSeries(3);
    const parsed = files.map((f) => dicomParser.parseDicom(f.bytes));
    expect(parsed.map((d) => d.string('x00200032'))).toEqual(['-161.399994\\-148.800003\\0.000', '-161.399994\\-148.800003\\-0.625', '-161.399994\\-148.800003\\-1.250']);
    expect(parsed.map((d) => d.intString('x00200013'))).toEqual([1, 2, 3]);
    const uids = parsed.map((d) => d.string('x00080018'));
    expect(new Set(uids).size).toBe(3);
    expect(parsed.map((d) => d.string('x00020003'))).toEqual(uids);
    const pixels = parsed.map((d, i) => files[i]!.bytes.subarray(d.elements.x7fe00010!.dataOffset, d.elements.x7fe00010!.dataOffset + d.elements.x7fe00010!.length));
    expect(pixels[0]!.length).toBe(512 * 512 * 2);
    expect(Buffer.from(pixels[1]!).equals(Buffer.from(pixels[0]!))).toBe(true);
  });

  it('refuses to change the length of a file meta attribute, and attributes it cannot write', () => {
    const [f] = syntheticCtSeries(1);
    expect(() => withTagText(f!.bytes, 'x00020003', '1.2.3')).toThrow(/file meta group/);
    expect(() => withTagText(f!.bytes, 'x7fe00010', '1')).toThrow(/no text attribute/);
  });
});
