/**
 * Personal contact data never leaves the service, whatever a passage or a model says: mainland
 * mobile numbers, hotline/landline numbers, e-mail addresses and WeChat ids are replaced. The index
 * holds none today (the web page's contact block is cut at ingest); this guards new documents and
 * LLM output.
 */
const patterns: Array<[RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[contact removed]'],
  [/(?<![\d.])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d.])/g, '[contact removed]'],
  [/(?<![\d.])400[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d.])/g, '[contact removed]'],
  [/(?<![\d.])(?:\(?0\d{2,3}\)?[\s-])\d{7,8}(?![\d.])/g, '[contact removed]'],
  [/(?:微信号?|WeChat(?:\s*ID)?)\s*[:：]?\s*[A-Za-z][-_A-Za-z0-9]{5,19}/gi, '[contact removed]'],
];

/** Idempotent: the replacement itself matches no pattern, so redacting twice changes nothing. */
export function redactContacts(text: string): string {
  return patterns.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}
