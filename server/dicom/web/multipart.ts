import { randomUUID } from 'node:crypto';

export interface Part {
  contentType: string;
  /** Extra part headers, e.g. Content-Location. */
  headers?: Record<string, string>;
  /** The part's bytes, produced only when the stream reaches it (a study is never held in memory at once). */
  body: () => Promise<Uint8Array>;
}

/** A multipart/related response body streamed part by part. */
export function multipartRelated(type: string, parts: Part[]): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `concord-${randomUUID()}`;
  const enc = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === parts.length) {
        controller.enqueue(enc.encode(`--${boundary}--\r\n`));
        controller.close();
        return;
      }
      const part = parts[index++]!;
      const extra = Object.entries(part.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      controller.enqueue(enc.encode(`--${boundary}\r\nContent-Type: ${part.contentType}\r\n${extra}\r\n`));
      controller.enqueue(await part.body());
      controller.enqueue(enc.encode('\r\n'));
    },
  });
  return { body, contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}

export interface ReceivedPart {
  contentType: string;
  /** The part's headers, names in lower case. */
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** The parts of a multipart/related request body (STOW-RS, grouped uploads). Throws with a reason when malformed. */
export function parseMultipart(body: Uint8Array, contentType: string): ReceivedPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/related/i.test(contentType) || !boundary) throw new Error('Content-Type must be multipart/related with a boundary');
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const partEnd = Buffer.from(`\r\n--${boundary}`);
  const parts: ReceivedPart[] = [];
  let at = buf.indexOf(delimiter);
  if (at < 0) throw new Error('The body holds no part with the declared boundary');
  for (;;) {
    at += delimiter.length;
    if (buf[at] === 0x2d && buf[at + 1] === 0x2d) return parts; // closing delimiter
    const headerEnd = buf.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error('A part has no header end');
    const headers = partHeaders(buf.subarray(at, headerEnd).toString('latin1'));
    const next = buf.indexOf(partEnd, headerEnd + 4);
    if (next < 0) throw new Error('The body ends before the closing boundary');
    parts.push({ contentType: headers['content-type'] ?? 'application/octet-stream', headers, bytes: buf.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
}

function partHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
