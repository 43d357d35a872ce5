import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { CompileHints, HINT } = require('./compile-hints.cjs') as { CompileHints: new (imports: RegExp) => unknown; HINT: string };
// The webpack Next builds with.
const bundled = require('next/dist/compiled/webpack/webpack.js') as { webpack: (config: object, cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(): string }) => void) => void };

let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Builds an entry that imports `./viewer` (which imports a shared module) and `./models` on demand; returns the output files. */
async function build(imports: RegExp) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-hints-'));
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'entry.js'), "document.title = 'page';\nimport('./viewer').then((m) => m.start());\nwindow.onclick = () => import('./models');\n");
  fs.writeFileSync(path.join(src, 'viewer.js'), "import { big } from './big';\nexport function start() { return big() + 'viewer'; }\n");
  fs.writeFileSync(path.join(src, 'big.js'), "export function big() { return 'big'; }\n");
  fs.writeFileSync(path.join(src, 'models.js'), "export const models = 'models';\n");
  const config = {
    mode: 'production',
    context: src,
    entry: { page: './entry.js' },
    output: { path: path.join(dir, 'out'), filename: '[name].[contenthash].js', chunkFilename: '[name].[contenthash].js' },
    optimization: { minimize: false, chunkIds: 'named' },
    plugins: [new CompileHints(imports)],
  };
  await new Promise<void>((resolve, reject) =>
    bundled.webpack(config, (err, stats) => (err ? reject(err) : stats?.hasErrors() ? reject(new Error(stats.toString())) : resolve())),
  );
  const out = path.join(dir, 'out');
  return Object.fromEntries(fs.readdirSync(out).map((f) => [f.split('.')[0]!.replace(/_js$/, ''), fs.readFileSync(path.join(out, f), 'utf8')]));
}

describe('the compile hints plugin', () => {
  it("marks the page's own scripts and the named import's, and leaves other imports lazy", async () => {
    const files = await build(/^\.\/viewer$/);
    const marked = Object.entries(files).filter(([, body]) => body.startsWith(HINT)).map(([name]) => name);
    expect(marked.sort()).toEqual(['page', 'viewer']);
    expect(files.models).toBeDefined();
    expect(files.models!.includes('allFunctionsCalledOnLoad')).toBe(false);
    // The rest of each marked file is the script as it was.
    expect(files.viewer).toContain("return big() + 'viewer'");
  });

  it('fails the build when no import matches, rather than quietly marking nothing', async () => {
    await expect(build(/^\.\/renamed-viewer$/)).rejects.toThrow(/no dynamic import matches.*revisit/);
  });
});
