/** `text` as a literal inside a RegExp source: every character with a meaning in patterns escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
