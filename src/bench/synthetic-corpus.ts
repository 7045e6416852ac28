import type { Chunk } from '../index-store/chunk.ts';
import { createSeededRandom } from './seeded-random.ts';

/** Sentences of a passage, each with its closing mark (。！？；); fragments of 4 characters or fewer are dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；!?])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 4);
}

export interface SyntheticCorpusOptions {
  size: number;
  seed?: number;
  /** Sentences per chunk, inclusive range. */
  sentencesPerChunk?: readonly [number, number];
  /** Share of a chunk's sentences taken from its topic passage; the rest come from anywhere. */
  topicShare?: number;
  /** Consecutive chunks that form one synthetic document (and share a vector sub-cluster). */
  chunksPerDocument?: number;
}

export interface SyntheticCorpus {
  chunks: Chunk[];
  /** Per chunk: the index of the real passage it takes its topic (title, section, most sentences) from. */
  topics: Int32Array;
  /** Per chunk: its synthetic document (chunks of one document are consecutive). */
  documents: Int32Array;
  topicCount: number;
  documentCount: number;
  /** Distinct real sentences available for recombination. */
  sentencePool: number;
}

/**
 * A corpus of `size` chunks made by recombining the sentences of real passages: each chunk has a
 * topic (one real passage, whose title and section it keeps) and draws most of its sentences from
 * it, the rest from anywhere. The vocabulary is the real corpus's, so postings lists are denser than
 * in a real corpus of the same size (a pessimistic case for the lexical index).
 */
export function makeSyntheticCorpus(sources: readonly Chunk[], options: SyntheticCorpusOptions): SyntheticCorpus {
  const { size, seed = 1, sentencesPerChunk = [2, 5], topicShare = 0.7, chunksPerDocument = 8 } = options;
  const topicSentences = sources
    .map((source) => splitSentences(source.text))
    .map((sentences, index) => (sentences.length > 0 ? sentences : [sources[index]?.text ?? '']));
  const usable = topicSentences.map((sentences, index) => ({ sentences, index })).filter(({ sentences }) => sentences.some((sentence) => sentence.length > 0));
  if (usable.length === 0) throw new RangeError('no source passages with text to recombine');
  const everySentence = usable.flatMap(({ sentences }) => sentences);
  const random = createSeededRandom(seed);
  const [fewest, most] = sentencesPerChunk;
  const chunks: Chunk[] = [];
  const topics = new Int32Array(size);
  const documents = new Int32Array(size);
  let topic = usable[0] as (typeof usable)[number];
  let offset = 0;
  for (let ordinal = 0; ordinal < size; ordinal += 1) {
    const documentIndex = Math.floor(ordinal / chunksPerDocument);
    if (ordinal % chunksPerDocument === 0) {
      topic = random.pick(usable);
      offset = 0;
    }
    const source = sources[topic.index] as Chunk;
    const count = fewest + random.int(most - fewest + 1);
    let text = '';
    for (let sentence = 0; sentence < count; sentence += 1) text += random.next() < topicShare ? random.pick(topic.sentences) : random.pick(everySentence);
    topics[ordinal] = topic.index;
    documents[ordinal] = documentIndex;
    chunks.push({
      id: `synthetic-${documentIndex}#${ordinal % chunksPerDocument}`,
      docId: `synthetic-${documentIndex}`,
      title: source.title,
      section: source.section,
      year: source.year,
      lang: 'zh',
      text,
      start: offset,
      end: offset + text.length,
      kind: source.kind,
    });
    offset += text.length;
  }
  return {
    chunks,
    topics,
    documents,
    topicCount: sources.length,
    documentCount: Math.ceil(size / chunksPerDocument),
    sentencePool: new Set(everySentence).size,
  };
}
