import { describe, expect, it } from 'vitest';
import { ActiveClock, IDLE_MS } from './active-time';

describe('ActiveClock', () => {
  it('counts visible time with recent input, and stops a minute after the last input', () => {
    const c = new ActiveClock(0, 0);
    for (let t = 1000; t <= 10_000; t += 1000) c.tick(t, true);
    expect(c.activeMs).toBe(10_000);
    // No input after t = 0: time counts up to IDLE_MS, then not at all.
    for (let t = 11_000; t <= IDLE_MS + 30_000; t += 1000) c.tick(t, true);
    expect(c.activeMs).toBe(IDLE_MS);
    c.input(IDLE_MS + 30_500);
    c.tick(IDLE_MS + 31_000, true);
    expect(c.activeMs).toBe(IDLE_MS + 1000);
  });

  it('counts a step partly: up to the moment the reader went idle', () => {
    const c = new ActiveClock(0, 0);
    c.input(0);
    for (let t = 1000; t < IDLE_MS; t += 1000) c.tick(t, true);
    c.tick(IDLE_MS + 400, true);
    expect(c.activeMs).toBe(IDLE_MS);
  });

  it('does not count a hidden page, a long gap between ticks (sleep), or a clock going back', () => {
    const c = new ActiveClock(500, 0);
    c.tick(1000, false);
    expect(c.activeMs).toBe(500);
    c.input(1000);
    c.tick(31_000, true); // 30 s between ticks: the machine slept
    expect(c.activeMs).toBe(500);
    c.tick(30_000, true);
    expect(c.activeMs).toBe(500);
    c.tick(31_000, true);
    expect(c.activeMs).toBe(1500);
  });
});
