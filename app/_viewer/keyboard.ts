import { annotation } from '@cornerstonejs/tools';
import { useEffect, useRef, type RefObject } from 'react';
import type { ViewerTool } from './tools/tool-group';

interface KeyActions {
  scroll(delta: number): void;
  goTo(i: number): void;
  preset(p: { width: number; center: number }): void;
  autoWindow(): void;
  invert(): void;
  reset(): void;
  rotate(deg: number): void;
  flip(axis: 'h' | 'v'): void;
  cine(): void;
  help(): void;
  header(): void;
  mpr(): void;
  tool(t: ViewerTool): void;
  presets: { key: string; width: number; center: number }[];
  readOnly: boolean;
  /** Off for the secondary cells of a layout: the keys act on the first. */
  enabled: boolean;
}

/** Inputs that take typed text; radio buttons, checkboxes and sliders leave the shortcuts on. */
const TYPING = new Set(['text', 'number', 'search', 'email', 'password', 'url', 'tel']);

const TOOL_KEYS: Record<string, ViewerTool> = {
  w: 'windowLevel',
  p: 'pan',
  z: 'zoom',
  l: 'length',
  d: 'bidirectional',
  g: 'angle',
  o: 'rectangleRoi',
  e: 'ellipseRoi',
  f: 'freehand',
  c: 'spline',
  t: 'point',
  k: 'arrow',
  x: 'box',
  b: 'brush',
  E: 'eraser',
  B: 'sphereBrush',
  j: 'thresholdBrush',
  s: 'suggest',
};

/** The viewer's shortcuts, active anywhere on the page except while typing in a form field. */
export function useViewerKeys(element: RefObject<HTMLDivElement | null>, actions: KeyActions) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['TEXTAREA', 'SELECT'].includes(t.tagName) || (t.tagName === 'INPUT' && TYPING.has((t as HTMLInputElement).type)))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const a = ref.current;
      if (!a.enabled) return;
      const key = e.key;
      const preset = a.presets.find((p) => p.key === key);
      if (preset) a.preset(preset);
      else if (key === 'ArrowUp' || key === 'PageUp') a.scroll(key === 'PageUp' ? -10 : -1);
      else if (key === 'ArrowDown' || key === 'PageDown') a.scroll(key === 'PageDown' ? 10 : 1);
      else if (key === 'Home') a.goTo(0);
      else if (key === 'End') a.goTo(1e9);
      else if (key === 'a') a.autoWindow();
      else if (key === 'i') a.invert();
      else if (key === 'r') a.reset();
      else if (key === ']') a.rotate(90);
      else if (key === '[') a.rotate(-90);
      else if (key === 'h') a.flip('h');
      else if (key === 'v') a.flip('v');
      else if (key === ' ') a.cine();
      else if (key === '?') a.help();
      else if (key === 'u') a.header();
      else if (key === 'm') a.mpr();
      else if ((key === 'Delete' || key === 'Backspace') && !a.readOnly) {
        for (const uid of annotation.selection.getAnnotationsSelected()) annotation.state.removeAnnotation(uid);
      } else if (TOOL_KEYS[key]) a.tool(TOOL_KEYS[key]);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [element]);
}
