import type { Manifest } from '../index-store/manifest.ts';
import type { SourceDocument } from '../index-store/source-document.ts';
import { readManifest } from './build-index.ts';
import { readSources } from './corpus-documents.ts';

export type IndexedDocument = SourceDocument & {
  /** What the current index holds of the document; undefined when it is not indexed (yet). */
  indexed: Manifest['documents'][number] | undefined;
};

/** The corpus's documents (sources.json order) beside what the index holds of each: `npm run docs -- list` and the admin API. */
export function indexedDocuments(corpusDir: string, indexDir: string): { manifest: Manifest | null; documents: IndexedDocument[] } {
  const manifest = readManifest(indexDir);
  const documents = readSources(corpusDir).documents.map((document) => ({
    ...document,
    indexed: manifest?.documents.find((entry) => entry.slug === document.slug),
  }));
  return { manifest, documents };
}
