import fs from 'node:fs';
import os from 'node:os';

/** A one-line description of the machine a benchmark ran on. */
export function machineNotes(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Replaces (or appends) the section `## <title>` of e2e/bench/RESULTS.md. */
export function writeSection(file: string, title: string, body: string) {
  const header = '# Benchmark results\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs again.\n';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
  const marker = `## ${title}\n`;
  const start = text.indexOf(marker);
  const section = `${marker}\n${body.trim()}\n\n`;
  if (start < 0) return fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
  const next = text.indexOf('\n## ', start + marker.length);
  fs.writeFileSync(file, text.slice(0, start) + section + (next < 0 ? '' : text.slice(next + 1)));
}
