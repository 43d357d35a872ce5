import { cache, Enums, type Types, utilities } from '@cornerstonejs/core';
import type { Slice } from '@/server/contracts/model/pipeline';

type Scaled = { preScale?: { scaled?: boolean } };

/**
 * The shown image as the reader sees it: modality values through the viewport's window to
 * 8 bits (inverted if the view is), colour images as luminance. This is what the model sees.
 */
export function displaySlice(viewport: Types.IStackViewport, imageId: string): Slice | null {
  const image = cache.getImage(imageId);
  if (!image) return null;
  const px = image.getPixelData() as ArrayLike<number>;
  const { rows: h, columns: w } = image;
  const per = Math.round(px.length / (w * h));
  const scaled = Boolean((image as unknown as Scaled).preScale?.scaled);
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  const props = viewport.getProperties();
  const first = (v: number | number[]) => (Array.isArray(v) ? v[0]! : v);
  const [wc, ww] = [first(image.windowCenter), first(image.windowWidth)];
  const lower = props.voiRange?.lower ?? wc - ww / 2;
  const upper = props.voiRange?.upper ?? wc + ww / 2;
  const span = Math.max(upper - lower, 1e-6);
  const data = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i++) {
    let v: number;
    if (per >= 3) v = 0.299 * px[i * per]! + 0.587 * px[i * per + 1]! + 0.114 * px[i * per + 2]!;
    else v = Math.round((((px[i]! * slope + intercept - lower) / span) * 255));
    v = Math.min(255, Math.max(0, v));
    data[i] = props.invert ? 255 - v : v;
  }
  return { width: w, height: h, data };
}

/** A canvas point (CSS pixels) as an image pixel position ([0, w) × [0, h), continuous). */
export function canvasToImage(viewport: Types.IStackViewport, imageId: string, x: number, y: number): [number, number] {
  const at = utilities.worldToImageCoords(imageId, viewport.canvasToWorld([x, y]))!;
  return [at[0], at[1]];
}

/** Draws a mask of the image over the viewport, following its zoom, pan, rotation and flips. */
export function drawMask(canvas: HTMLCanvasElement, viewport: Types.IStackViewport, imageId: string, mask: Uint8Array, w: number, h: number, color: [number, number, number]) {
  drawMasks(canvas, viewport, imageId, [{ mask, color }], w, h);
}

/** Several masks of the image in one layer, each in its colour: a solid edge over a light fill. */
export function drawMasks(canvas: HTMLCanvasElement, viewport: Types.IStackViewport, imageId: string, masks: { mask: Uint8Array; color: [number, number, number] }[], w: number, h: number) {
  const rgba = new ImageData(w, h);
  for (const { mask, color } of masks)
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      const x = i % w, y = (i - x) / w;
      const edge = x === 0 || y === 0 || x === w - 1 || y === h - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w];
      rgba.data.set([color[0], color[1], color[2], edge ? 255 : 90], i * 4);
    }
  drawImageLayer(canvas, viewport, imageId, rgba);
}

/** Draws an image-sized RGBA layer over the viewport, following its camera. */
export function drawImageLayer(canvas: HTMLCanvasElement, viewport: Types.IStackViewport, imageId: string, rgba: ImageData) {
  const { width: w, height: h } = rgba;
  const dpr = window.devicePixelRatio || 1;
  const { clientWidth, clientHeight } = canvas;
  canvas.width = Math.round(clientWidth * dpr);
  canvas.height = Math.round(clientHeight * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const layer = new OffscreenCanvas(w, h);
  layer.getContext('2d')!.putImageData(rgba, 0, 0);
  const at = (c: number, r: number) => viewport.worldToCanvas(utilities.imageToWorldCoords(imageId, [c, r]) as Types.Point3);
  const [o, ex, ey] = [at(0, 0), at(w, 0), at(0, h)];
  ctx.setTransform(((ex[0] - o[0]) / w) * dpr, ((ex[1] - o[1]) / w) * dpr, ((ey[0] - o[0]) / h) * dpr, ((ey[1] - o[1]) / h) * dpr, o[0] * dpr, o[1] * dpr);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(layer, 0, 0);
}

export function clearCanvas(canvas: HTMLCanvasElement) {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}

/**
 * Keeps a proposal layer on its image: `draw` on every camera change (and now), `moved` when
 * another image comes on screen. Returns the clean-up.
 */
export function followCamera(element: HTMLElement, draw: () => void, moved: () => void): () => void {
  draw();
  element.addEventListener(Enums.Events.CAMERA_MODIFIED, draw);
  element.addEventListener(Enums.Events.STACK_NEW_IMAGE, moved);
  return () => {
    element.removeEventListener(Enums.Events.CAMERA_MODIFIED, draw);
    element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, moved);
  };
}
