/** File names inside the index folder. */
export const indexFiles = {
  manifest: 'manifest.json',
  chunks: 'chunks.jsonl',
  lexical: 'lexical.bin',
  dense: 'dense',
  bridge: 'bridge.json',
  /** The corpus glossary the index was built with (its names are the tokenizer's user words). */
  glossary: 'glossary.json',
  /** The corpus's enrichment entries (corpus/enrichment/*.jsonl), one JSON object per line; absent when it has none. */
  enrichment: 'enrichment.jsonl',
  /**
   * The enrichment's three BM25 fields (English edition; English questions and aliases; Chinese questions and aliases),
   * built at ingest so a server does not tokenise them at every start; absent without enrichment. Packed like lexical.bin.
   */
  fieldsEnglish: 'fields-english.bin',
  fieldsEnglishQuestions: 'fields-english-questions.bin',
  fieldsChineseQuestions: 'fields-chinese-questions.bin',
} as const;

/** An index file that cannot be used; the message names the file and what is wrong with it. */
export class IndexFileError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`index file ${file} ${problem}`);
    this.name = 'IndexFileError';
    this.file = file;
  }
}

/** Why a file could not be read, as the end of an IndexFileError message. */
export function readProblem(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `is unreadable (${(error as Error).message.slice(0, 80)})`;
}
