/**
 * Remembers an async answer per key for `ms` milliseconds. Failures are not remembered. Used where
 * a burst of requests (a viewer's frames, an upload's files) would otherwise ask the database the
 * same authorization question hundreds of times a second.
 */
export function ttlMemo<T>(ms: number, max = 10_000) {
  const entries = new Map<string, { value: T; until: number }>();
  return async (key: string, load: () => Promise<T>, now = Date.now()): Promise<T> => {
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (entries.size >= max) entries.clear();
    entries.set(key, { value, until: now + ms });
    return value;
  };
}
