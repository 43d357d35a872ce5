/**
 * Headers on every response (pages, /_next/static, API, DICOMweb). Cross-origin isolation: the
 * viewer's workers and onnxruntime-web's threads need SharedArrayBuffer, which only an isolated
 * page gets.
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];
