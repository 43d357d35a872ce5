import { classify } from '@/server/contracts/model/classify';
import type { TModelConfig } from '@/server/contracts/model/config';
import { type Infer, type Prompt, propose, type Proposal } from '@/server/contracts/model/propose';
import type { Slice } from '@/server/contracts/model/pipeline';
import { type ClassMask, segment } from '@/server/contracts/model/segment';
import { detect, type Detection } from '@/server/contracts/model/detect';
import type { WorkerReply, WorkerRequest } from './model.worker';

export interface ModelRef {
  /** Where the browser downloads the .onnx file (public/models or the project's model route). */
  url: string;
  name: string;
  version: string;
  config: TModelConfig;
}

export interface RunnerState {
  status: 'loading' | 'ready' | 'error';
  backend?: 'webgpu' | 'wasm';
  threads?: number;
  loadMs?: number;
  fromCache?: boolean;
  error?: string;
}

/**
 * One model in one Web Worker for the page's life (so suggestions keep working when the
 * network drops after the first load). Every prompt runs in the worker; the page never waits.
 */
export class ModelRunner {
  state: RunnerState = { status: 'loading' };
  readonly ready: Promise<RunnerState>;
  private worker: Worker;
  private nextId = 1;
  private calls = new Map<number, { resolve(v: Float32Array): void; reject(e: Error): void }>();

  constructor(readonly model: ModelRef, options: { threads?: number | null; webgpu?: boolean } = {}) {
    this.worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module' });
    this.ready = new Promise((resolve) => {
      this.worker.onmessage = (e: MessageEvent<WorkerReply>) => {
        const msg = e.data;
        if (msg.type === 'loaded') resolve((this.state = { status: 'ready', backend: msg.backend, threads: msg.threads, loadMs: msg.ms, fromCache: msg.fromCache }));
        else if (msg.type === 'result') this.settle(msg.id, msg.output);
        else if (msg.id === null) resolve((this.state = { status: 'error', error: msg.message }));
        else this.settle(msg.id, new Error(msg.message));
      };
    });
    const load: WorkerRequest = { type: 'load', url: model.url, threads: options.threads ?? null, webgpu: options.webgpu ?? true };
    this.worker.postMessage(load);
  }

  private settle(id: number, v: Float32Array | Error) {
    const call = this.calls.get(id);
    this.calls.delete(id);
    if (v instanceof Error) call?.reject(v);
    else call?.resolve(v);
  }

  readonly infer: Infer = (input, n) =>
    new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.calls.set(id, { resolve, reject });
      const { channels, height, width } = this.model.config.input;
      const run: WorkerRequest = { type: 'run', id, inputName: this.model.config.input.name, outputName: this.model.config.output.name, dims: [n, channels.length, height, width], input };
      this.worker.postMessage(run, [input.buffer]);
    });

  async propose(slice: Slice, prompt: Prompt): Promise<Proposal> {
    const state = await this.ready;
    if (state.status === 'error') throw new Error(state.error);
    if (this.model.config.task !== 'interactive-segmentation') throw new Error('this model does not segment');
    return propose(this.model.config, this.infer, slice, prompt);
  }

  async segment(slice: Slice): Promise<ClassMask[]> {
    const state = await this.ready;
    if (state.status === 'error') throw new Error(state.error);
    if (this.model.config.task !== 'automatic-segmentation') throw new Error('this model does not pre-annotate');
    return segment(this.model.config, this.infer, slice);
  }

  async detect(slice: Slice): Promise<Detection[]> {
    const state = await this.ready;
    if (state.status === 'error') throw new Error(state.error);
    if (this.model.config.task !== 'detection') throw new Error('this model does not detect');
    return detect(this.model.config, this.infer, slice);
  }

  async classify(slice: Slice) {
    const state = await this.ready;
    if (state.status === 'error') throw new Error(state.error);
    if (this.model.config.task !== 'classification') throw new Error('this model does not classify');
    return classify(this.model.config, this.infer, slice);
  }

  dispose() {
    this.worker.terminate();
    for (const call of this.calls.values()) call.reject(new Error('the model was closed'));
    this.calls.clear();
  }
}

const runners = new Map<string, ModelRunner>();

/**
 * The page's runner for a model (created on first use, kept while the page lives). The
 * `concord:model-threads` local-storage entry pins the wasm thread count (benchmarks compare 1 and n).
 */
export function runnerFor(model: ModelRef): ModelRunner {
  let r = runners.get(model.url);
  const pinned = Number(localStorage.getItem('concord:model-threads')) || null;
  if (!r) runners.set(model.url, (r = new ModelRunner(model, { threads: pinned })));
  return r;
}
