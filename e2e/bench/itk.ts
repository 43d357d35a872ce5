/**
 * ITK's filters on the same masks as the engine, when ITK is installed (Debian
 * libinsighttoolkit5-dev): builds e2e/bench/itk once per run with CMake, writes the masks as
 * NIfTI and runs the program, which times STAPLEImageFilter, LabelVotingImageFilter and, per
 * reader pair, LabelOverlapMeasuresImageFilter and HausdorffDistanceImageFilter.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { niftiHeader, writeNiftiMask } from '../../server/imaging/nifti';
import type { Volume } from '../../server/stats';

export interface ItkResult {
  staple: { seconds: number; iterations: number; readers: { sensitivity: number; specificity: number }[] };
  majority: { seconds: number; voxels: number };
  pairs: { a: number; b: number; dice: number; jaccard: number; hausdorff: number; averageHausdorff: number }[];
  overlapSeconds: number;
  hausdorffSeconds: number;
}

let program: string | null | undefined;

/** The built program, or null with the reason logged when ITK or CMake is missing. */
export function itkProgram(): string | null {
  if (program !== undefined) return program;
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-itk-'));
  try {
    execFileSync('cmake', ['-S', path.join(import.meta.dirname, 'itk'), '-B', build, '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'pipe' });
    execFileSync('make', ['-C', build, `-j${os.cpus().length}`], { stdio: 'pipe' });
    program = path.join(build, 'itk-agreement');
  } catch (err) {
    console.log(`ITK comparison skipped: ${(err as Error).message.split('\n')[0]}`);
    program = null;
  }
  return program;
}

export function runItk(masks: Volume[]): ItkResult | null {
  const exe = itkProgram();
  if (!exe) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-masks-'));
  try {
    const like = { dims: masks[0]!.dims, spacing: masks[0]!.spacing, data: { length: masks[0]!.data.length } as Float64Array, header: niftiHeader(masks[0]!.dims, masks[0]!.spacing) };
    const files = masks.map((m, i) => {
      const file = path.join(dir, `reader${i}.nii`);
      writeNiftiMask(file, like, m.data);
      return file;
    });
    return JSON.parse(execFileSync(exe, files, { encoding: 'utf8', maxBuffer: 1 << 24 })) as ItkResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
