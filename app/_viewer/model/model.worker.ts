/// <reference lib="webworker" />
/**
 * Runs one ONNX model off the main thread with onnxruntime-web: WebGPU when the browser has it,
 * else wasm (SIMD; threads when the page is cross-origin isolated). The runtime's wasm comes
 * from /ort; the model's bytes are kept in Cache Storage after the first download.
 */
import type * as Ort from 'onnxruntime-web';

export type WorkerRequest =
  | { type: 'load'; url: string; threads: number | null; webgpu: boolean }
  | { type: 'run'; id: number; inputName: string; outputName: string; dims: number[]; input: Float32Array };

export type WorkerReply =
  | { type: 'loaded'; backend: 'webgpu' | 'wasm'; threads: number; fromCache: boolean; ms: number }
  | { type: 'result'; id: number; output: Float32Array; ms: number }
  | { type: 'error'; id: number | null; message: string };

declare const self: DedicatedWorkerGlobalScope;
let session: Ort.InferenceSession | null = null;
let ort: typeof Ort | null = null;

async function modelBytes(url: string): Promise<{ bytes: ArrayBuffer; fromCache: boolean }> {
  const cache = 'caches' in self ? await caches.open('concord-models').catch(() => null) : null;
  const hit = await cache?.match(url);
  if (hit) return { bytes: await hit.arrayBuffer(), fromCache: true };
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the model could not be downloaded (HTTP ${res.status})`);
  await cache?.put(url, res.clone()).catch(() => undefined);
  return { bytes: await res.arrayBuffer(), fromCache: false };
}

async function load(msg: Extract<WorkerRequest, { type: 'load' }>) {
  const t0 = performance.now();
  const gpu = msg.webgpu && 'gpu' in navigator && Boolean(await (navigator as Navigator & { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter().catch(() => null));
  ort = gpu ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = '/ort/';
  // Threads need an isolated page; one core is left to the page itself (on 2 cores, 2 threads measured slower than 1).
  const threads = msg.threads ?? (self.crossOriginIsolated ? Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1)) : 1);
  ort.env.wasm.numThreads = threads;
  const { bytes, fromCache } = await modelBytes(msg.url);
  session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: gpu ? ['webgpu', 'wasm'] : ['wasm'], graphOptimizationLevel: 'all' });
  const reply: WorkerReply = { type: 'loaded', backend: gpu ? 'webgpu' : 'wasm', threads, fromCache, ms: performance.now() - t0 };
  self.postMessage(reply);
}

// Runs queue here; only the newest waiting run is kept, so a reader who moved on is not kept waiting for stale prompts.
let pending: Extract<WorkerRequest, { type: 'run' }> | null = null;
let busy = false;

async function drain() {
  if (busy) return;
  busy = true;
  while (pending) {
    const msg = pending;
    pending = null;
    try {
      if (!session || !ort) throw new Error('the model is not loaded');
      const t0 = performance.now();
      const result = await session.run({ [msg.inputName]: new ort.Tensor('float32', msg.input, msg.dims) });
      const output = Float32Array.from((await result[msg.outputName]!.getData()) as Float32Array);
      const reply: WorkerReply = { type: 'result', id: msg.id, output, ms: performance.now() - t0 };
      self.postMessage(reply, [output.buffer]);
    } catch (err) {
      self.postMessage({ type: 'error', id: msg.id, message: (err as Error).message } satisfies WorkerReply);
    }
  }
  busy = false;
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'load') load(msg).catch((err: Error) => self.postMessage({ type: 'error', id: null, message: err.message } satisfies WorkerReply));
  else {
    if (pending) self.postMessage({ type: 'error', id: pending.id, message: 'superseded' } satisfies WorkerReply);
    pending = msg;
    void drain();
  }
};
