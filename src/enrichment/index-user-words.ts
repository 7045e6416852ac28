import { aliasTokenizerWords, type EnrichmentRecord } from './enrichment-record.ts';
import { glossaryChineseTerms, type GlossaryEntry } from '../text/glossary.ts';

/**
 * The words jieba keeps whole for an index: the glossary's names and the knowledge base's Chinese alias names. Ingest
 * and the index loader both call this with what the index holds (its glossary.json and enrichment.jsonl), so
 * passages and questions are cut the same way.
 */
export function indexUserWords(glossary: GlossaryEntry[], enrichment: readonly EnrichmentRecord[]): string[] {
  return [...new Set([...glossaryChineseTerms(glossary), ...aliasTokenizerWords(enrichment)])];
}
