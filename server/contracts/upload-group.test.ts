import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../dicom/web/multipart';
import { uploadGroupBody } from '../testing/dicom';
import { GROUP_BYTES, GROUP_FILES, partFileName, takeGroup } from './upload-group';

describe('grouping small files into one upload request', () => {
  it('takes files in order while they fit the byte and file limits; a file too large for a group goes alone', () => {
    const sizes = [300_000, 300_000, 300_000, 300_000, GROUP_BYTES + 1, 10, ...Array<number>(40).fill(1)];
    const queue = sizes.map((_, i) => i);
    const groups: number[][] = [];
    while (queue.length) groups.push(takeGroup(queue, (i) => sizes[i]!));
    expect(groups.slice(0, 3)).toEqual([[0, 1, 2], [3], [4]]);
    expect(groups.flat()).toEqual(sizes.map((_, i) => i));
    expect(groups.slice(3).map((g) => g.length)).toEqual([GROUP_FILES, GROUP_FILES, 41 - 2 * GROUP_FILES]);
    for (const g of groups.filter((g) => g.length > 1)) expect(g.reduce((n, i) => n + sizes[i]!, 0)).toBeLessThanOrEqual(GROUP_BYTES);
  });

  it('writes a body the server parses back into the same files, names included (spaces, non-ASCII, quotes, folders)', () => {
    const files = [
      { name: 'MR/IM 0001.dcm', bytes: new Uint8Array([0, 1, 2, 13, 10, 45, 45]) },
      { name: 'Ödem "links"/ü;x=1.dcm', bytes: new Uint8Array(0) },
      { name: '100%.dcm', bytes: new Uint8Array(70_000).map((_, i) => i % 251) },
    ];
    const { body, contentType } = uploadGroupBody(files, 'concord-b1');
    const parts = parseMultipart(body, contentType);
    expect(parts.map((p) => partFileName(p.headers['content-disposition']))).toEqual(files.map((f) => f.name));
    expect(parts.map((p) => Buffer.from(p.bytes))).toEqual(files.map((f) => Buffer.from(f.bytes)));
  });

  it('reads a plain quoted filename, and gives null for none or for a name that does not decode', () => {
    expect(partFileName('attachment; filename="a b.dcm"')).toBe('a b.dcm');
    expect(partFileName('attachment')).toBeNull();
    expect(partFileName(undefined)).toBeNull();
    expect(partFileName("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull();
  });
});
