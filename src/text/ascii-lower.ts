/**
 * A–Z to a–z and nothing else, so offsets stay put: for ASCII names this equates exactly what a
 * case-insensitive, non-Unicode RegExp equates (which never folds other characters into ASCII).
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
