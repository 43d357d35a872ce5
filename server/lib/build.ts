import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['app', 'server', 'public', 'next.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'middleware.ts'];
const SKIP = /(\.test\.tsx?|\.spec\.tsx?)$/;

function collect(root: string, rel: string, out: string[]) {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return;
  if (fs.statSync(abs).isFile()) {
    out.push(rel);
    return;
  }
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) collect(root, child, out);
    else if (!SKIP.test(entry.name)) out.push(child);
  }
}

/** A hash of everything the production bundle is built from. */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const input of INPUTS) collect(root, input, files);
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

const stampFile = (root: string) => path.join(root, '.next', 'concord-build.json');

export function buildIsCurrent(root: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(root), 'utf8')) as { hash: string };
    return stamp.hash === sourceHash(root) && fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
  } catch {
    return false;
  }
}

// onnxruntime-web's wasm builds (plain and WebGPU/JSEP) are served from public/ort, so nothing comes from a CDN.
const ORT_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'];

/** Copies the runtime files browsers load from public/ (kept out of git: they come with npm install). */
export function copyRuntimeAssets(root: string) {
  const dir = path.join(root, 'public', 'ort');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ORT_FILES) {
    const from = path.join(root, 'node_modules', 'onnxruntime-web', 'dist', name);
    const to = path.join(dir, name);
    if (!fs.existsSync(to) || fs.statSync(to).size !== fs.statSync(from).size) fs.copyFileSync(from, to);
  }
}

/** Runs `next build --webpack` when the bundle is missing or older than its sources. */
export async function ensureBuild(root: string, log: (msg: string) => void): Promise<void> {
  copyRuntimeAssets(root);
  if (buildIsCurrent(root)) return;
  log('building the production bundle (next build --webpack); this takes a minute or two the first time');
  const hash = sourceHash(root);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['build', '--webpack'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  fs.writeFileSync(stampFile(root), JSON.stringify({ hash, builtAt: new Date().toISOString() }));
}
