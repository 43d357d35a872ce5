import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const loader = require('./dcmjs-for-the-browser.cjs') as (source: string) => string;
// The file the next.config.ts rule matches (the browser build webpack takes; the package's exports do not name it).
const dcmjs = () => fs.readFileSync(path.join(path.dirname(require.resolve('dcmjs')), 'dcmjs.es.js'), 'utf8');
const cookieReads = (source: string) => source.match(/=\s*window\.document\.cookie\s*;/g)?.length ?? 0;
const bufferFirst = (source: string) => source.match(/if \(typeof Buffer !== "undefined"\) \{\s*return Uint8Array\.from\(Buffer\.from\(b64/g)?.length ?? 0;

describe('the dcmjs loader', () => {
  it("takes the installed dcmjs's one cookie read out, decodes its dictionary with atob where there is one, and leaves the rest", () => {
    const source = dcmjs();
    expect(cookieReads(source)).toBe(1);
    expect(bufferFirst(source)).toBe(2);
    const out = loader(source);
    expect(cookieReads(out)).toBe(0);
    expect(bufferFirst(out)).toBe(0);
    expect(out.match(/if \(typeof atob === "undefined"\) \{\s*return Uint8Array\.from\(Buffer\.from\(b64/g)).toHaveLength(2);
    expect(out.length).toBe(source.length - 'window.document.cookie'.length + '""'.length + 2 * ('atob'.length - 'Buffer'.length));
  });

  it('decodes the dictionary to the same bytes either way', () => {
    // The decoder as dcmjs ships it (with Buffer) and as the browser now runs it (atob).
    const source = dcmjs();
    // The browser's copy runs with the polyfilled Buffer there: a Node Buffer stands in for it.
    const decoderIn = (js: string) => vm.runInNewContext(`${js.slice(js.indexOf('function _decodeB64ToU8('), js.indexOf('function _u8ToTyped('))} _decodeB64ToU8`, { Buffer, Uint8Array, atob }) as (b64: string) => Uint8Array;
    const shipped = decoderIn(source);
    const browser = decoderIn(loader(source));
    const packed = [...source.matchAll(/_b64: "([A-Za-z0-9+/=]+)"/g)].map((m) => m[1]!);
    expect(packed.length).toBeGreaterThan(10);
    for (const b64 of packed) expect(browser(b64)).toEqual(shipped(b64));
  });

  it('fails the build when dcmjs no longer has a line, instead of quietly doing nothing', () => {
    expect(() => loader('var x = 1;')).toThrow(/revisit/);
    expect(() => loader(dcmjs().replace('var cookie = window.document.cookie;', ''))).toThrow(/cookie.*revisit/);
  });
});
