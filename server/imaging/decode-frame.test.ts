import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomParseError, parseDicom } from '../dicom/parse';
import { T } from '../dicom/tags';
import { FIXTURES } from '../testing/dicom';
import { decodeFrame, decodeRle } from './decode-frame';

interface Encoder {
  getDecodedBuffer(info: object): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
}
import { decodedDicomSlice, dicomSlice } from './display-slice';

const ct = (name: string) => fs.readFileSync(path.join(FIXTURES.transferSyntaxes, `CTImage.dcm_${name}.dcm`));
const native = ct('LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1');
const nativeSlice = dicomSlice(native);

const meanDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + Math.abs(v - b[i]!), 0) / a.length;

describe('compressed frames decoded for thumbnails', () => {
  it.each([
    'JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57',
    'JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70',
    'JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80',
    'JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90',
    'RLELosslessTransferSyntax_1.2.840.10008.1.2.5',
  ])('%s: lossless, the same picture as the native file to the pixel', async (name) => {
    const slice = await decodedDicomSlice(ct(name));
    expect([slice.width, slice.height]).toEqual([nativeSlice.width, nativeSlice.height]);
    expect(Buffer.from(slice.data).equals(Buffer.from(nativeSlice.data))).toBe(true);
  });

  it.each(['JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81', 'JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91'])('%s: lossy, within a grey level or two of the native picture', async (name) => {
    const slice = await decodedDicomSlice(ct(name));
    expect(meanDifference(slice.data, nativeSlice.data)).toBeLessThan(2);
  });

  it('JPEG Baseline (8-bit) decodes to the picture it holds', async () => {
    const slice = await decodedDicomSlice(ct('JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50'));
    expect([slice.width, slice.height]).toEqual([nativeSlice.width, nativeSlice.height]);
    // An 8-bit rescaled copy of the CT: the same anatomy, so strongly correlated with the native picture.
    const mean = (a: Uint8Array) => a.reduce((n, v) => n + v, 0) / a.length;
    const [ma, mb] = [mean(slice.data), mean(nativeSlice.data)];
    let [sab, saa, sbb] = [0, 0, 0];
    for (let i = 0; i < slice.data.length; i++) {
      const [a, b] = [slice.data[i]! - ma, nativeSlice.data[i]! - mb];
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    expect(sab / Math.sqrt(saa * sbb)).toBeGreaterThan(0.9);
  });

  it('says why a frame is not drawn: 12-bit JPEG, retired JPEG processes, colour, a damaged codestream', async () => {
    await expect(decodedDicomSlice(ct('JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51'))).rejects.toThrow(/12-bit JPEG Extended/);
    await expect(decodedDicomSlice(ct('JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53'))).rejects.toThrow(/1\.2\.840\.10008\.1\.2\.4\.53 is not decoded here/);
    await expect(decodedDicomSlice(fs.readFileSync(path.join(FIXTURES.transferSyntaxes, 'TestPattern_JPEG-LS-Lossless.dcm')))).rejects.toThrow(/3 samples/);
    const j2k = Buffer.from(ct('JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90'));
    const start = j2k.indexOf(Buffer.from([0xff, 0x4f, 0xff, 0x51]));
    j2k.fill(0, start + 4, start + 40); // the image size in the SIZ marker
    const damaged = decodedDicomSlice(j2k);
    await expect(damaged).rejects.toThrow(DicomParseError);
  });

  it('RLE: the segments are combined most significant byte first, runs and literals unpacked', () => {
    // Two 16-bit pixels, 0x0102 and 0x0304: segment 1 = high bytes [01 03] as a literal run,
    // segment 2 = low bytes [02 04] as a literal; plus a replicate run check on 8-bit data.
    const header = new Uint8Array(64);
    const view = new DataView(header.buffer);
    view.setUint32(0, 2, true);
    view.setUint32(4, 64, true);
    view.setUint32(8, 67, true);
    const frame = Uint8Array.from([...header, 0x01, 0x01, 0x03, 0x01, 0x02, 0x04]);
    expect(Array.from(decodeRle(frame, 16))).toEqual([0x02, 0x01, 0x04, 0x03]);
    const eight = new Uint8Array(64);
    new DataView(eight.buffer).setUint32(0, 1, true);
    new DataView(eight.buffer).setUint32(4, 64, true);
    expect(Array.from(decodeRle(Uint8Array.from([...eight, 0xfd, 0x07, 0x00, 0x09]), 8))).toEqual([7, 7, 7, 7, 9]);
  });

  it('HTJ2K: the CT\'s samples encoded with OpenJPH come back exactly', async () => {
    const pixels = parseDicom(native).dataset.find((e) => e.tag === T.PixelData)!.value!;
    const { width, height } = nativeSlice;
    const load = createRequire(import.meta.url);
    const codec = await (load('@cornerstonejs/codec-openjph/wasmjs') as (o: object) => Promise<{ HTJ2KEncoder: new () => Encoder }>)({
      wasmBinary: fs.readFileSync(load.resolve('@cornerstonejs/codec-openjph/wasm')),
    });
    const encoder = new codec.HTJ2KEncoder();
    encoder.getDecodedBuffer({ width, height, bitsPerSample: 16, componentCount: 1, isSigned: true, isUsingColorTransform: false }).set(pixels);
    encoder.encode();
    const encoded = encoder.getEncodedBuffer().slice();
    expect(encoded.length).toBeLessThan(pixels.length);
    expect(Buffer.from(await decodeFrame('1.2.840.10008.1.2.4.201', encoded, 16)).equals(Buffer.from(pixels))).toBe(true);
  });
});
