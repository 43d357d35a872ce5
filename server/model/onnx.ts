import * as ort from 'onnxruntime-web';
import { type ModelSignature, signatureProblems, type TModelConfig } from '../contracts/model/config';
import type { Infer } from '../contracts/model/propose';
import { ModelLoadError } from './files';

/**
 * ONNX models in Node through onnxruntime-web's wasm backend: the same runtime and kernels as
 * the reader's browser, so `model eval` measures what readers get.
 */
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export interface LoadedModel {
  signature: ModelSignature;
  infer(inputName: string, outputName: string, shape: number[]): Infer;
  release(): Promise<void>;
}

export async function loadModel(bytes: Uint8Array): Promise<LoadedModel> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (err) {
    throw new ModelLoadError(`the file is not a model onnxruntime can load: ${(err as Error).message.split('\n')[0]}`);
  }
  const describe = (list: readonly ort.InferenceSession.ValueMetadata[]) =>
    list.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
  const signature = { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
  const batchFixed = signature.inputs[0]?.shape[0] === 1;
  return {
    signature,
    infer: (inputName, outputName, shape) => async (input, n) => {
      const per = input.length / n;
      const parts: Float32Array[] = [];
      // A model exported with a fixed batch of 1 is run once per crop.
      for (const [start, count] of batchFixed ? Array.from({ length: n }, (_, i) => [i, 1]) : [[0, n]]) {
        const tensor = new ort.Tensor('float32', input.subarray(start! * per, (start! + count!) * per), [count!, ...shape]);
        const result = await session.run({ [inputName]: tensor });
        parts.push(result[outputName]!.data as Float32Array);
      }
      if (parts.length === 1) return parts[0]!;
      const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
      let o = 0;
      for (const p of parts) out.set(p, (o += p.length) - p.length);
      return out;
    },
    release: () => session.release(),
  };
}

/** Loads a model and checks it against its config; throws ModelLoadError naming every mismatch. */
export async function openModel(config: TModelConfig, bytes: Uint8Array): Promise<LoadedModel> {
  const model = await loadModel(bytes);
  const problems = signatureProblems(config, model.signature);
  if (problems.length) {
    await model.release();
    throw new ModelLoadError(`the model does not match its config: ${problems.join('; ')}`);
  }
  return model;
}
