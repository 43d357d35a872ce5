import type { Markers } from './core/orientation';

/** The stack viewer's state on screen: the overlay shows it, its data attributes give it to the specs and the benchmark. */
export interface ViewState {
  index: number;
  count: number;
  loaded: number;
  voi: { lower: number; upper: number } | null;
  zoom: number;
  invert: boolean;
  error: string | null;
  segmentsReady: boolean;
  /** Milliseconds since the page's navigation: first image drawn, every image loaded (the benchmark reads them). */
  firstImageMs: number | null;
  allLoadedMs: number | null;
  markers: Markers | null;
}

export const initial: ViewState = { index: 0, count: 0, loaded: 0, voi: null, zoom: 1, invert: false, error: null, segmentsReady: false, firstImageMs: null, allLoadedMs: null, markers: null };
