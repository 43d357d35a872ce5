import { useEffect, useMemo, useRef } from 'react';

/** Without a key press, click, scroll or pointer move for this long, a reader is taken to be away. */
export const IDLE_MS = 60_000;
/** Longer gaps between ticks (a sleeping laptop, a throttled background tab) count as away. */
const MAX_TICK_MS = 5_000;

/**
 * The time a reader actually spends on a case: the page visible and some input within the last
 * minute. Wall-clock time from opening to submitting counts lunch breaks and forgotten tabs.
 */
export class ActiveClock {
  private lastInput: number;
  private lastTick: number;

  constructor(
    public activeMs: number,
    now: number,
  ) {
    this.lastInput = now;
    this.lastTick = now;
  }

  input(now: number) {
    this.lastInput = now;
  }

  /** Counts the time since the last tick when the page was visible and the reader not idle. */
  tick(now: number, visible: boolean) {
    const step = now - this.lastTick;
    this.lastTick = now;
    if (!visible || step <= 0 || step > MAX_TICK_MS) return;
    // Only the part of the step before the reader went idle counts.
    const until = Math.min(now, this.lastInput + IDLE_MS);
    this.activeMs += Math.max(0, until - (now - step));
  }
}

const INPUTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * Counts the reader's active time on an open read, kept in localStorage across reloads;
 * `take()` gives the count for a submit, `clear()` forgets it once the submit is stored.
 */
export function useActiveTime(assignmentId: string, counting: boolean) {
  const clock = useRef<ActiveClock | null>(null);
  const stop = useRef<(() => void) | null>(null);
  const key = `concord:active:${assignmentId}`;
  useEffect(() => {
    if (!counting) return;
    const c = new ActiveClock(Number(localStorage.getItem(key)) || 0, Date.now());
    clock.current = c;
    const onInput = () => c.input(Date.now());
    for (const e of INPUTS) window.addEventListener(e, onInput, { capture: true, passive: true });
    const timer = setInterval(() => {
      c.tick(Date.now(), document.visibilityState === 'visible');
      localStorage.setItem(key, String(Math.round(c.activeMs)));
    }, 1000);
    stop.current = () => clearInterval(timer);
    return () => {
      clearInterval(timer);
      for (const e of INPUTS) window.removeEventListener(e, onInput, { capture: true });
      clock.current = null;
    };
  }, [key, counting]);
  return useMemo(
    () => ({
      take: () => (clock.current ? Math.round(clock.current.activeMs) : undefined),
      // The count stops first: a tick between the submit and the page moving on would write it back.
      clear: () => {
        stop.current?.();
        localStorage.removeItem(key);
      },
    }),
    [key],
  );
}
