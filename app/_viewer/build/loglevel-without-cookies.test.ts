import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const loader = require('./loglevel-without-cookies.cjs') as (source: string) => string;
// The file the next.config.ts rule matches (the browser build webpack takes; the package's exports do not name it).
const dcmjs = () => fs.readFileSync(path.join(path.dirname(require.resolve('dcmjs')), 'dcmjs.es.js'), 'utf8');
const cookieReads = (source: string) => source.match(/=\s*window\.document\.cookie\s*;/g)?.length ?? 0;

describe('the dcmjs loader', () => {
  it("takes the installed dcmjs's one cookie read out, and leaves the rest", () => {
    const source = dcmjs();
    expect(cookieReads(source)).toBe(1);
    const out = loader(source);
    expect(cookieReads(out)).toBe(0);
    expect(out.length).toBe(source.length - 'window.document.cookie'.length + '""'.length);
  });

  it('fails the build when dcmjs no longer has the line, instead of quietly doing nothing', () => {
    expect(() => loader('var x = 1;')).toThrow(/revisit/);
  });
});
