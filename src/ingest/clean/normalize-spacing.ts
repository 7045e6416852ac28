const cjk = '\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef“”‘’';

/**
 * PDF extraction leaves spaces around inline numbers (`今年 8 月份`) and half-width punctuation
 * with a space between Chinese characters (`2020年, 园区`). Chinese prose has neither.
 */
export function normalizeSpacing(paragraph: string): string {
  return paragraph
    .replace(new RegExp(`([${cjk}])\\s*,\\s*(?=[${cjk}\\d])`, 'g'), '$1，')
    .replace(new RegExp(`([${cjk}])\\s*;\\s*(?=[${cjk}\\d])`, 'g'), '$1；')
    .replace(new RegExp(`([${cjk}])\\s*:\\s*(?=[${cjk}\\d])`, 'g'), '$1：')
    .replace(new RegExp(`([${cjk}])\\s+(?=[${cjk}A-Za-z0-9])`, 'g'), '$1')
    .replace(new RegExp(`([A-Za-z0-9%])\\s+(?=[${cjk}])`, 'g'), '$1')
    .replace(/[ \u00a0]{2,}/g, ' ')
    .trim();
}
