import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findUnlocatableEvidence, loadDataset } from '../../src/eval/dataset.ts';
import { cleanDocument } from '../../src/ingest/clean-document.ts';
import { loadCorpus } from '../../src/ingest/load-corpus.ts';

const repository = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const corpus = loadCorpus(repository('corpus'));
const knownDocIds = new Set(corpus.documents.map((document) => document.source.slug));
const passages = corpus.documents.map((document) => ({ docId: document.source.slug, text: cleanDocument(document.raw ?? '', document.source).text }));
const files = ['eval/questions.jsonl', 'eval/holdout-dev.jsonl', 'eval/holdout-dev2.jsonl', 'eval/holdout-sealed.jsonl'] as const;
const sets = Object.fromEntries(files.map((file) => [file, loadDataset(repository(file), { knownDocIds })]));

describe('the committed question sets', () => {
  it.each(files)('%s validates and every gold evidence occurs in its cleaned document', (file) => {
    const items = sets[file] ?? [];
    expect(items.length).toBeGreaterThan(50);
    expect(findUnlocatableEvidence(items, passages)).toEqual([]);
  });

  it('the held-out halves share no id and no question with the main set or with each other', () => {
    // (The main set repeats one question as the opening of a follow-up pair; that is within one file.)
    const seen = new Map<string, string>();
    for (const file of files) {
      for (const item of sets[file] ?? []) {
        for (const key of [`id:${item.id}`, `q:${item.question.replace(/\s+/g, '')}`]) {
          const earlier = seen.get(key);
          expect(earlier === undefined || earlier === file, `${key} in ${file} and ${earlier}`).toBe(true);
          seen.set(key, file);
        }
      }
    }
  });

  it('keeps each follow-up in the same file as the question it follows', () => {
    for (const file of files) {
      const ids = new Set((sets[file] ?? []).map((item) => item.id));
      for (const item of sets[file] ?? []) if (item.followUpOf !== undefined) expect(ids.has(item.followUpOf), `${item.id} → ${item.followUpOf}`).toBe(true);
    }
  });
});
