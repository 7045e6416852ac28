/** One retrievable passage (contract: one JSON object per line in index/chunks.jsonl). */
export interface Chunk {
  /** `<docSlug>#<ordinal>`, stable across re-ingests of the same corpus. */
  id: string;
  docId: string;
  /** Entry title such as `【概况】`, or the article sub-heading / document title. */
  title: string;
  /** Section path below the document, e.g. ["新兴产业", "生物医药产业", "【再鼎医药创新疗法上市】"]. */
  section: string[];
  year: number;
  lang: 'zh';
  /** Cleaned, simplified-Chinese text that is indexed and quoted. */
  text: string;
  /** The same passage in its original script (only for documents not written in simplified Chinese). */
  textOriginal?: string;
  /** Offsets of `text` in the cleaned document. */
  start: number;
  end: number;
  kind: 'entry' | 'paragraph';
}
