/**
 * A webpack loader for dcmjs's browser build, which cornerstone's metadata package loads (and
 * runs) before the viewer's first image. Two of what it does at load cost the main thread:
 *
 * - It bundles loglevel, which looks for a saved level of every logger it makes in localStorage and
 *   then in document.cookie; cornerstone makes dozens of loggers while its modules load, and each
 *   cookie read is a synchronous trip to the browser's cookie store (7–13 ms in all, in profiles of
 *   the case page). Levels saved in localStorage still apply; Concord saves none in cookies.
 * - It decodes its packed data dictionary from base64 with `Buffer` when there is one, and in the
 *   browser there is: webpack's polyfill, in JavaScript, about 10 ms slower than the browser's own
 *   `atob` on the same strings. In the browser it takes `atob`, as it would without the polyfill.
 *
 * Each replacement must find its line: a dcmjs that changed fails the build, not quietly.
 */
const REPLACEMENTS = [
  { find: 'var cookie = window.document.cookie;', replace: 'var cookie = "";', count: 1 },
  { find: 'if (typeof Buffer !== "undefined") {\n    return Uint8Array.from(Buffer.from(b64, "base64"));', replace: 'if (typeof atob === "undefined") {\n    return Uint8Array.from(Buffer.from(b64, "base64"));', count: 2 },
];

module.exports = function dcmjsForTheBrowser(source) {
  let out = source;
  for (const { find, replace, count } of REPLACEMENTS) {
    const found = out.split(find).length - 1;
    if (found !== count) throw new Error(`dcmjs has ${found} of ${JSON.stringify(find)}, not ${count}: revisit app/_viewer/build/dcmjs-for-the-browser.cjs`);
    out = out.split(find).join(replace);
  }
  return out;
};
