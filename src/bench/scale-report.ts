import { latencyOf, medianRun } from './load-runs.ts';
import { bytes, count, fixed, ms, p5095, table, times } from './markdown-table.ts';
import { perItem } from './measure.ts';
import type { ProbeResult } from './probe-server-start.ts';
import type { ScaleBenchResult, ScaleSizeResult } from './scale-bench.ts';

/** Heap and external memory per chunk, or 'below noise'. */
export const memoryPerChunk = (snapshot: { heapUsed: number; external: number }, chunks: number) =>
  bytes(perItem(snapshot.heapUsed + snapshot.external, chunks));

const loadRowsNote = [
  "Rows: **before** — how the server loaded before lexical.bin (chunks.jsonl through V8's UTF-8 decoder, lexical.json, LangChain's HNSWLib.load with",
  "docstore.json), one part after another; **parts in a row** — today's parts one after another (chunks.jsonl through ICU, lexical.bin, hnswlib.index",
  'read directly); **loadIndex** — as the server runs it: the three files read on the thread pool while jieba loads, its HNSW column the wait left after',
  "everything else (median run); **loadAnswerEngine** — the whole engine (loadIndex, the retriever, the engine's corpus tables; median run). Rows run one",
  'after another sum their timed parts (a full GC between parts measures what each holds).',
].join(' ');

/** The scale part of report.md: synthetic corpora of each size, built, loaded and queried. */
export function renderScale(scale: ScaleBenchResult): string[] {
  const lines: string[] = [];
  const sizes = scale.sizes;
  /** A table with a row per corpus size, the size first. */
  const bySize = (headers: string[], cells: (size: ScaleSizeResult) => string[]) =>
    table(
      ['chunks', ...headers],
      sizes.map((size) => [count(size.size), ...cells(size)]),
    );
  lines.push('## Scale: synthetic corpora from recombined real sentences', '');
  lines.push(
    [
      'Chunks: 2–5 real sentences each, 70 % from one topic passage (whose title and section they keep), the rest from anywhere;',
      `${sizes[0]?.corpus.sentencePool ?? 0} distinct sentences, so postings lists are denser than in a real corpus of the same size.`,
      `Vectors: ${scale.vectors}. Lexical and fused queries: real evaluation questions (all languages);`,
      `dense queries: ${sizes[0]?.corpus.denseQueries ?? 0} synthetic query vectors, exact top 10 by brute force as ground truth.`,
      `HNSW: M ${scale.hnsw.m}, efConstruction ${scale.hnsw.efConstruction} (what ingest uses);`,
      `"chosen ef" is the smallest search breadth with recall@10 ≥ ${scale.goal}.`,
      'Load, memory, lexical and fused latency are measured in fresh processes that load the saved index folder the way the server starts (see below).',
    ].join(' '),
    '',
  );
  lines.push('### Build and size', '');
  lines.push(
    bySize(
      [
        'lexical build',
        'lexical.bin',
        'lexical.json (before)',
        'HNSW build',
        'HNSW folder (hnswlib.index)',
        'exact Float32Array',
        'MemoryVectorStore heap / chunk',
      ],
      (size) => [
        ms(size.lexical.buildMs),
        bytes(size.lexical.fileBytes),
        bytes(size.lexical.legacyJson.fileBytes),
        ms(size.hnsw.buildMs),
        `${bytes(size.hnsw.fileBytes)} (${bytes(size.hnsw.graphFileBytes)})`,
        bytes(size.exact.bytesPerChunk * size.size),
        bytes(size.langchain.memoryStore.bytesPerChunk),
      ],
    ),
    '',
  );
  lines.push('### Server start: index load and memory (fresh process)', '');
  lines.push(loadRowsNote, '');
  const loadRow = (size: ScaleSizeResult, name: string, probe: ProbeResult): string[] => {
    const steps = probe.steps;
    const parts = probe.memory.parts;
    return [
      count(size.size),
      name,
      steps ? ms(steps.chunksMs) : '–',
      steps ? ms(steps.lexicalMs) : '–',
      steps ? ms(steps.denseMs) : '–',
      steps ? ms(steps.tokenizerMs) : '–',
      steps ? ms(steps.bridgeMs) : '–',
      `**${ms(probe.totalMs)}**`,
      parts
        ? [parts.chunks, parts.lexical, parts.dense].map((part) => memoryPerChunk(part, size.size)).join(', ')
        : `${memoryPerChunk(probe.memory.total, size.size)} in all`,
      parts ? bytes(perItem(parts.dense.rss, size.size)) : '–',
      bytes(probe.memory.after.rss),
    ];
  };
  lines.push(
    table(
      [
        'chunks',
        'how',
        'chunks.jsonl',
        'lexical',
        'HNSW',
        'jieba + glossary',
        'bridge',
        'total',
        'heap / chunk: chunks, lexical, HNSW',
        'HNSW RSS / chunk',
        'RSS after load',
      ],
      sizes.flatMap((size) => [
        loadRow(size, 'before (lexical.json, LangChain load)', size.server.before),
        loadRow(size, 'parts in a row (lexical.bin, direct graph read)', size.server.steps),
        loadRow(size, `loadIndex (files read in the background), median of ${size.server.today.length}`, medianRun(size.server.today)),
        loadRow(size, `loadAnswerEngine, median of ${size.server.engine.length}`, medianRun(size.server.engine)),
      ]),
    ),
    '',
  );
  const runTotals = (runs: ProbeResult[]) => runs.map((run) => ms(run.totalMs)).join(', ');
  const everyRun = sizes.map((size) => `${count(size.size)}: loadIndex ${runTotals(size.server.today)}; loadAnswerEngine ${runTotals(size.server.engine)}`);
  lines.push(`Every run, total load: ${everyRun.join(' · ')}.`, '');
  lines.push('### Query latency, p50 / p95', '');
  lines.push(
    bySize(['lexical search', 'HNSW (chosen ef)', 'HNSW (ef 64, today)', 'exact cosine', 'fused retrieve()'], (size) => [
      p5095(latencyOf(size.server.today).lexicalSearch),
      `${p5095(size.chosen.latency)} (ef ${size.chosen.ef})`,
      p5095(size.productDefault.latency),
      p5095(size.exact.latency),
      p5095(latencyOf(size.server.today).fused),
    ]),
    '',
  );
  const roundTrips = sizes.map((size) => `${count(size.size)}: ${fixed(size.lexical.roundTripSameTop10)} over ${size.lexical.compared} queries`);
  lines.push(`lexical.bin read back finds the same top 10 as the index as built: ${roundTrips.join('; ')}.`, '');
  lines.push('### HNSW recall@10 against exact search', '');
  lines.push(
    bySize(['chosen ef', 'recall@10', '× exact speed', 'ef 64: recall@10', 'ef 64: × exact', 'sweep (ef: recall, p50)'], (size) => [
      String(size.chosen.ef),
      fixed(size.chosen.recallAt10),
      times(size.chosen.speedupVsExact),
      fixed(size.productDefault.recallAt10),
      times(size.productDefault.speedupVsExact),
      size.hnsw.sweep.map((point) => `${point.ef}: ${fixed(point.recallAt10, 3)}, ${ms(point.latency.p50)}`).join('; '),
    ]),
    '',
  );
  for (const size of sizes.filter((item) => item.grid !== null)) {
    lines.push(`### HNSW M / efConstruction at ${count(size.size)} chunks`, '');
    lines.push(
      table(
        ['M', 'efConstruction', 'build', 'graph file', ...(size.grid?.[0]?.sweep.map((point) => `ef ${point.ef}: recall, p50`) ?? [])],
        (size.grid ?? []).map((point) => [
          String(point.m),
          String(point.efConstruction),
          ms(point.buildMs),
          bytes(point.graphFileBytes),
          ...point.sweep.map((entry) => `${fixed(entry.recallAt10)}, ${ms(entry.latency.p50)}`),
        ]),
      ),
      '',
    );
  }
  lines.push('### Side by side with LangChain', '');
  lines.push(
    bySize(
      [
        'MemoryVectorStore p50',
        'its recall@10',
        'our HNSW faster by',
        'BM25Retriever p50',
        'same top 10 as ours',
        'our lexical faster by',
        'BM25Retriever queries timed',
      ],
      ({ langchain }) => [
        ms(langchain.memoryStore.latency.p50),
        fixed(langchain.memoryStore.recallAt10),
        times(langchain.memoryStore.ourSpeedup),
        ms(langchain.bm25.latency.p50),
        fixed(langchain.bm25.sameTop10AsOurs),
        times(langchain.bm25.ourSpeedup),
        count(langchain.bm25.latency.count),
      ],
    ),
    '',
  );
  lines.push('![latency against corpus size](latency-vs-size.svg)', '');
  return lines;
}
