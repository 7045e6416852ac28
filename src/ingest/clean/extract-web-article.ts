/** Lines that mark where a re-posting site's own material begins after the article. */
const trailerMarkers = [
  /微信/,
  /手机/,
  /电话/,
  /联系人/,
  /版权声明/,
  /相关文章/,
  /扫一扫/,
  /分享到/,
  /本文由/,
  /(?<!\d)1[3-9]\d{9}(?!\d)/,
  /\b400[\s-]?\d{3,4}[\s-]?\d{3,4}\b/,
];
/** Site chrome before the article: breadcrumb and the author/date/views byline. */
const breadcrumb = /^\s*当前位置[:：]/;
const byline = /\d+\s*[年月天小时分钟]+前\s*[(（]\d{4}-\d{2}-\d{2}[)）]/;

export interface WebArticle {
  title: string;
  paragraphs: string[];
}

/**
 * Keeps only the article of a scraped web page: the title is the first content line after the
 * breadcrumb, the body runs from after the byline to the first trailer line (contact block,
 * copyright, share prompt, related articles). Nothing after that point can reach the index.
 */
export function extractWebArticle(lines: string[]): WebArticle {
  const content = lines.map((line) => line.trim());
  let index = 0;
  while (index < content.length && (content[index] === '' || breadcrumb.test(content[index] ?? ''))) index += 1;
  const title = content[index] ?? '';
  index += 1;
  const bylineIndex = content.findIndex((line, position) => position >= index && position < index + 5 && byline.test(line));
  if (bylineIndex >= 0) index = bylineIndex + 1;
  const paragraphs: string[] = [];
  for (; index < content.length; index += 1) {
    const line = content[index] ?? '';
    if (line === '') continue;
    if (trailerMarkers.some((marker) => marker.test(line))) break;
    paragraphs.push(line);
  }
  return { title, paragraphs };
}
