/**
 * Author attributions close yearbook entries: `(林岚开)`, `（林岚开  牟文华）`, `（叶    滢）`.
 * One to three personal names of 2–3 characters (spaces inside are the typesetter's), in
 * parentheses, standing alone or after a full stop at the end of a paragraph.
 */
const name = '[\\u4e00-\\u9fff](?:\\s*[\\u4e00-\\u9fff]){1,2}';
const attribution = new RegExp(`(^|[。！？”；.])\\s*[（(]\\s*${name}(?:\\s+${name}){0,2}\\s*[)）]\\s*$`);

export function stripAttribution(paragraph: string): string {
  return paragraph.replace(attribution, '$1').trimEnd();
}
