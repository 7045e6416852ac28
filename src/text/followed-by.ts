/** What `.` does not match: a `first.*then` pattern never crosses these. */
const lineBreaks = /[\n\r\u2028\u2029]/;

/**
 * Whether `first` matches and `then` matches after it on the same line: what `/first.*then/` tests,
 * in one pass. The plain pattern scans to the end of the text from every match of `first` (and again
 * from every later one when `then` is missing), so text repeating `first` made it quadratic.
 * `then` must be global (it is searched from where `first` ended); `first` must not be.
 */
export function followedBy(text: string, first: RegExp, then: RegExp): boolean {
  if (!then.global || first.global || first.sticky) throw new Error('followedBy: `then` must be global and `first` neither global nor sticky');
  for (const line of text.split(lineBreaks)) {
    // The first match of `first` on a line leaves the most room after it for `then`.
    const found = first.exec(line);
    if (found === null) continue;
    then.lastIndex = found.index + found[0].length;
    const after = then.test(line);
    then.lastIndex = 0;
    if (after) return true;
  }
  return false;
}
