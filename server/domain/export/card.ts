import type { TProjectReport, TStat } from '../../contracts/agreement';
import type { TExportManifest } from '../../contracts/export';
import type { TLabelSchema } from '../../contracts/label-schema';

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));
const statText = (s: TStat) => (s.value === null ? `— (${s.reason ?? 'not computable'})` : `${f3(s.value)}${s.ci ? ` [${f3(s.ci[0])}, ${f3(s.ci[1])}]${s.ciMethod === 'bootstrap' ? ' (bootstrap)' : ''}` : ''}`);
const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface CardInput {
  manifest: Omit<TExportManifest, 'files'>;
  schema: TLabelSchema;
  report: TProjectReport;
  /** Per label id: consensus findings, or cases with a consensus mask and their total volume. */
  labelCounts: Map<string, { cases: number; objects: number; volumeMl: number }>;
  readersPerCase: Map<number, number>;
  reads: number;
  files: string[];
}

/** The dataset card (README.md of the snapshot): what is in it, how it was made, how far readers agreed. */
export function datasetCard(c: CardInput): string {
  const m = c.manifest;
  const byKind = (k: string) => m.cases.filter((x) => x.consensus === k).length;
  const lines = [
    `# ${m.project.name} — dataset snapshot v${m.snapshot.version}`,
    '',
    `Exported from Concord on ${m.snapshot.createdAt} by ${m.snapshot.createdBy}. Snapshot id \`${m.snapshot.id}\`; this content never changes: the manifest lists every file with its SHA-256.`,
    '',
    `- **Licence:** ${m.options.license || 'not stated by the project manager — ask the data owner before reuse'}`,
    `- **Cases:** ${m.cases.length} (${byKind('accepted')} accepted by the consensus policy, ${byKind('adjudicated')} decided by a lead, ${byKind('none')} without a final consensus)`,
    `- **Reads:** ${c.reads} by ${m.readers.length} readers (coded ${m.readers.map((r) => r.code).join(', ') || '—'}; names are not exported)`,
    `- **Readers per case:** ${[...c.readersPerCase].sort((a, b) => a[0] - b[0]).map(([n, cases]) => `${n} reader${n === 1 ? '' : 's'}: ${cases} case${cases === 1 ? '' : 's'}`).join('; ') || '—'}`,
    `- **Consensus method:** ${m.consensusMethod}; agreement engine version ${m.engineVersion}; label schema version ${m.labelSchemaVersion}`,
    `- **De-identification:** ${m.deidentification}`,
    `- **Contents:** ${m.options.reads ? 'final consensus and every individual read' : 'final consensus only'}; ${m.options.images ? 'de-identified DICOM images included' : 'labels only (no images)'}; formats: ${m.options.formats.join(', ')}, tables`,
    '',
    '## Labels',
    '',
    '| label | kind | value in label maps | cases | objects / volume |',
    '|---|---|---|---|---|',
  ];
  let value = 0;
  for (const l of c.schema.labels) {
    const n = c.labelCounts.get(l.id) ?? { cases: 0, objects: 0, volumeMl: 0 };
    const seg = l.kind === 'segmentation';
    lines.push(`| ${cellText(l.name)} (\`${l.id}\`) | ${l.kind} | ${seg ? ++value : '—'} | ${n.cases} | ${seg ? `${n.volumeMl.toFixed(2)} ml in total` : `${n.objects} findings`} |`);
  }
  lines.push('', '## Agreement between readers', '', `Over ${c.report.cases.compared} compared cases of this snapshot (${c.report.cases.accepted} accepted, ${c.report.cases.adjudicate} sent to a lead). Intervals are 95 %.`, '');
  for (const q of c.report.questions) {
    lines.push(`**${cellText(q.name)}** (${q.type}, ${q.cases} cases): ${q.stats.map((s) => `${s.name} ${statText(s.stat)}`).join('; ') || '—'}`, '');
  }
  for (const l of c.report.labels) {
    const a = l.agreement;
    const what = l.kind === 'segmentation' ? 'pairwise Dice' : 'pairwise detection F1';
    lines.push(`**${cellText(l.name)}** (${l.kind}, ${l.cases} cases): ${what} median ${f3(a.median)} (IQR ${f3(a.q1)}–${f3(a.q3)}, n = ${a.n})${l.hausdorff95?.n ? `; HD95 median ${f3(l.hausdorff95.median)} mm` : ''}`, '');
  }
  lines.push(
    '## Files',
    '',
    '- `manifest.json` — cases, read ids, versions, options, SHA-256 of every file.',
    '- `labels.json` — label ids, names, colours and their values in label maps.',
    '- `tables/*.csv` — cases, answers (consensus and reads), findings with measurements (points in patient LPS mm; a finding drawn on a reconstructed plane has no SOP instance or frame, and the normal of its plane instead), segments with their volume and per-finding answers, agreement per case and item, adjudication summary; `tables/findings.json` holds the same findings with their measurements as JSON.',
    '- `adjudication/<case>.json` — each case\'s record: the reads, the disagreement figures, the policy\'s decision and any lead decision (who, when, why).',
  );
  if (m.options.formats.includes('nifti')) lines.push('- `nifti/<case>/<series UID>_<source>.nii.gz` — label maps (uint8, values as in labels.json), affine from the DICOM geometry (RAS+).');
  if (m.options.formats.includes('seg')) lines.push('- `seg/<case>/<series UID>_<source>.dcm` — DICOM Segmentation objects (binary) referencing the de-identified source instances, segment labels and colours from the schema.');
  if (m.options.formats.includes('coco')) lines.push('- `coco/<source>.json` — COCO boxes, contour polygons and per-slice mask RLE (pixel coordinates; `file_name` + `frame` name the image). Findings drawn on a reconstructed plane (MPR) lie on no image and are only in the tables.');
  if (m.options.images) lines.push('- `images/<case>/<series UID>/<SOP instance UID>.dcm` — the de-identified DICOM files.');
  if (m.options.images && m.options.formats.includes('nifti')) lines.push('- `nifti/<case>/<series UID>_image.nii.gz` — the image volume on the label maps\' grid (modality values: stored value × rescale slope + intercept; int16 where exact, else float32).');
  if (m.notes.length) lines.push('', '## Notes', '', ...m.notes.map((n) => `- ${n}`));
  lines.push('', `The snapshot holds ${c.files.length} files. Source \`consensus\` is the final label; \`R1\`, \`R2\`, … are individual readers.`, '');
  return lines.join('\n');
}
