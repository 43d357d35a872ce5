import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Hints from './compile-hints.cjs';

const require = createRequire(import.meta.url);
const { CompileHints, HINT } = require('./compile-hints.cjs') as typeof Hints;
// The webpack Next builds with.
const bundled = require('next/dist/compiled/webpack/webpack.js') as { webpack: (config: object, cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(): string }) => void) => void };

let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Builds a page that imports `./viewer` and, on a click, `./models`; the viewer starts a worker, and
 * both use `./codec` (its own chunk, as the decoders' codecs are). Returns the output files by chunk name.
 */
async function build(hints: { imports: RegExp; workers: RegExp }) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-hints-'));
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'entry.js'), "document.title = 'page';\nimport('./viewer').then((m) => m.start());\nwindow.onclick = () => import('./models');\n");
  fs.writeFileSync(path.join(src, 'viewer.js'), "import { big } from './big';\nimport { decode } from './codec';\nexport function start() { new Worker(new URL('./worker.js', import.meta.url)); return big() + decode() + 'viewer'; }\n");
  fs.writeFileSync(path.join(src, 'big.js'), "export function big() { return 'big'; }\n");
  fs.writeFileSync(path.join(src, 'worker.js'), "import { decode } from './codec';\nself.onmessage = () => self.postMessage(decode());\n");
  fs.writeFileSync(path.join(src, 'codec.js'), "export function decode() { return 'decoded'; }\n");
  // The models' runtime starts a worker of its own, and shares the viewer's big module: marked with the viewer.
  fs.writeFileSync(path.join(src, 'models.js'), "import { big } from './big';\nexport const models = () => new Worker(new URL('./model-worker.js', import.meta.url));\n");
  fs.writeFileSync(path.join(src, 'model-worker.js'), "import { big } from './big';\nself.postMessage(big());\n");
  const config = {
    mode: 'production',
    context: src,
    entry: { page: './entry.js' },
    output: { path: path.join(dir, 'out'), filename: '[name].[contenthash].js', chunkFilename: '[name].[contenthash].js' },
    optimization: { minimize: false, chunkIds: 'named', splitChunks: { chunks: 'all', minSize: 0, cacheGroups: { codec: { test: /codec/, name: 'codec', enforce: true }, big: { test: /big/, name: 'big', enforce: true } } } },
    plugins: [new CompileHints(hints)],
  };
  await new Promise<void>((resolve, reject) =>
    bundled.webpack(config, (err, stats) => (err ? reject(err) : stats?.hasErrors() ? reject(new Error(stats.toString())) : resolve())),
  );
  const out = path.join(dir, 'out');
  return Object.fromEntries(fs.readdirSync(out).map((f) => [f.split('.')[0]!.replace(/_js$/, ''), fs.readFileSync(path.join(out, f), 'utf8')]));
}

describe('the compile hints plugin', () => {
  it("marks the page's own scripts and the named import's; leaves other imports and what a worker loads lazy", async () => {
    const files = await build({ imports: /^\.\/viewer$/, workers: /[\\/]viewer\.js$/ });
    const marked = Object.entries(files).filter(([, body]) => body.startsWith(HINT)).map(([name]) => name);
    // `big` is the viewer's, and a worker the page does not start loads it too.
    expect(marked.sort()).toEqual(['big', 'page', 'viewer']);
    // The codec is the viewer's and its worker's: a worker keeps no code cache.
    expect(files.codec).toContain("return 'decoded'");
    const workers = Object.keys(files).filter((name) => /self\.(onmessage|postMessage)/.test(files[name]!));
    expect(workers).toHaveLength(2);
    expect(files.models).toBeDefined();
    expect(files.models!.includes('allFunctionsCalledOnLoad')).toBe(false);
    // The rest of each marked file is the script as it was.
    expect(files.big).toContain("return 'big'");
  });

  it('fails the build when no import or worker matches, rather than quietly marking the wrong scripts', async () => {
    await expect(build({ imports: /^\.\/renamed-viewer$/, workers: /[\\/]viewer\.js$/ })).rejects.toThrow(/no dynamic import matches.*revisit/);
    await expect(build({ imports: /^\.\/viewer$/, workers: /[\\/]renamed-viewer\.js$/ })).rejects.toThrow(/no worker is started.*revisit/);
  });
});
