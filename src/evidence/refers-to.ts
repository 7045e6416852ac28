const demonstratives = ['该', '此', '这个', '这一', '这家', '这项', '这所'];

/**
 * 「该联合体已获批1个新产品」: a sentence that refers back to a name the passage gives (苏州市介入医疗技术创新联合体) by
 * a demonstrative and the name's last word (该联合体, 此项目, 这家公司) is about that name. Counts a little less than
 * naming it, for the demonstrative may point at another name of the same kind.
 */
export function refersTo(sentence: string, form: string): boolean {
  if (!/^[\u4e00-\u9fff]{4,}$/.test(form)) return false;
  for (let length = Math.min(4, form.length - 2); length >= 2; length -= 1) {
    const tail = form.slice(-length);
    // Plain string searches: this runs per sentence and name, and a pattern built each time is compiled each time.
    if (demonstratives.some((word) => sentence.includes(word + tail))) return true;
  }
  return false;
}
export const referenceHit = 0.8;
