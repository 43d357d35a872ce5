import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ZodError } from 'zod';
import { type TModelConfig, ZModelConfigSchema } from '../contracts/model/config';

export class ModelLoadError extends Error {}

/** Models shipped with Concord: public/models/<id>/{model.json, model.onnx}, served to browsers as they are. */
export const SHIPPED_MODELS_DIR = path.join(process.cwd(), 'public', 'models');

/** A config in words: every zod issue with its path. */
export function parseModelConfig(json: unknown): TModelConfig {
  const parsed = ZModelConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ModelLoadError(`the model config is not valid: ${describeIssues(parsed.error)}`);
}

export function describeIssues(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * A model on disk: a shipped id ("click-seg"), a folder with model.json + model.onnx, or an
 * .onnx file with model.json beside it.
 */
export function readModelFiles(ref: string): { config: TModelConfig; bytes: Uint8Array; dir: string } {
  const shipped = path.join(SHIPPED_MODELS_DIR, ref);
  const dir = /^[a-z0-9-]+$/.test(ref) && existsSync(shipped) ? shipped : existsSync(ref) && statSync(ref).isDirectory() ? ref : path.dirname(ref);
  const onnx = ref.endsWith('.onnx') ? ref : path.join(dir, 'model.onnx');
  const json = path.join(dir, 'model.json');
  if (!existsSync(onnx)) throw new ModelLoadError(`no model at ${ref} (looked for ${onnx})`);
  return { config: readModelConfig(json), bytes: readFileSync(onnx), dir };
}

export function readModelConfig(file: string): TModelConfig {
  if (!existsSync(file)) throw new ModelLoadError(`no model config at ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(`${file} is not JSON: ${(err as Error).message}`);
  }
  return parseModelConfig(raw);
}
