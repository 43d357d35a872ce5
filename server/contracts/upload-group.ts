/**
 * The browser upload sends small files several to a request: most of a small file's cost on the
 * server is the request around it (the session, the HTTP exchange, the series job's send), not
 * the file. A group is a multipart/related body, one part per file, each named in its
 * Content-Disposition (RFC 6266 `filename*`). A file at or above the group's size goes alone,
 * so a large study is still never held in memory at once.
 */
export const GROUP_BYTES = 1024 * 1024;
export const GROUP_FILES = 16;

/** Whether a file of `size` bytes joins a group of `files` files and `bytes` bytes (a group takes at least one). */
export const fitsGroup = (files: number, bytes: number, size: number) => files === 0 || (files < GROUP_FILES && bytes + size <= GROUP_BYTES);

/** Takes the next group's items off the front of `queue`: at least one, then while they fit. */
export function takeGroup<T>(queue: T[], sizeOf: (item: T) => number): T[] {
  const group = [queue.shift()!];
  let bytes = sizeOf(group[0]!);
  while (queue.length && fitsGroup(group.length, bytes, sizeOf(queue[0]!))) {
    bytes += sizeOf(queue[0]!);
    group.push(queue.shift()!);
  }
  return group;
}

/** A group's body, as pieces to join (a Blob in the browser, a Buffer in Node): file bodies are not copied. */
export function groupBody<B>(files: { name: string; body: B }[], boundary: string): { pieces: (string | B)[]; contentType: string } {
  const pieces: (string | B)[] = [];
  for (const f of files) {
    pieces.push(`--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(f.name)}\r\n\r\n`, f.body, '\r\n');
  }
  pieces.push(`--${boundary}--\r\n`);
  return { pieces, contentType: `multipart/related; type="application/octet-stream"; boundary=${boundary}` };
}

/** The file name in a part's Content-Disposition (`filename*=UTF-8''…` or `filename="…"`), or null. */
export function partFileName(disposition: string | undefined): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return null;
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}
