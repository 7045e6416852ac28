/**
 * News credits at the end of an article: `(趙藝丹) 編輯:湯心慈 責編:胡蘇 肖玲 審核:袁享林 |` and a
 * lone `|`. Everything from the reporter's name in parentheses followed by an editor line is metadata.
 */
export function stripCredits(text: string): string {
  return text
    .replace(/\s*[（(][\u4e00-\u9fff]{2,4}[)）]\s*(?:編輯|编辑)[:：][\s\S]*$/u, '')
    .replace(/\s*(?:編輯|编辑)[:：][^。]*$/u, '')
    .replace(/(?:\s*\|)+\s*$/u, '');
}
