/**
 * A webpack loader for dcmjs's browser build, which bundles loglevel. loglevel looks for a saved
 * level of every logger it makes, in localStorage and then in document.cookie; cornerstone makes
 * dozens of loggers while its modules load, and each cookie read is a synchronous trip to the
 * browser's cookie store (7–13 ms in all before the first image, in profiles of the case page).
 * Levels saved in localStorage still apply; Concord saves none in cookies.
 */
module.exports = function loglevelWithoutCookies(source) {
  const read = 'var cookie = window.document.cookie;';
  if (!source.includes(read)) throw new Error('dcmjs no longer bundles loglevel as expected: revisit app/_viewer/build/loglevel-without-cookies.cjs');
  return source.replace(read, 'var cookie = "";');
};
