/**
 * The engine's version, stored with every computed agreement. Bump it when a statistic or a
 * consensus method changes its results: stored figures of an older version are then recomputed
 * instead of silently mixed with new ones.
 */
export const ENGINE_VERSION = '1';
