import { z } from 'zod';
import { contactPolicies } from './source-document.ts';

/**
 * The index folder's format; an index of another version is rebuilt by `npm start`. 2: the lexical index
 * is `lexical.bin` (was `lexical.json`) and dense vectors are served without LangChain's docstore.json.
 * 3: checksums of chunks.jsonl, bridge.json and glossary.json, and the glossary is in the index (the
 * tokenizer needs the one the index was built with, even when the corpus copy is damaged).
 */
export const MANIFEST_SCHEMA_VERSION = 3;

export const manifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  corpusHash: z.string(),
  chunkerVersion: z.number().int(),
  chunkCount: z.number().int().nonnegative(),
  builtAt: z.string(),
  documents: z.array(
    z.object({
      slug: z.string(),
      file: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
      chunks: z.number().int(),
      year: z.number().int(),
      published: z.string(),
      period: z.string(),
      contacts: z.enum(contactPolicies).optional(),
      /** sha256 of the document file and of its sources.json entry: both unchanged, its chunks are reused at the next ingest. */
      contentHash: z.string().optional(),
      sourceHash: z.string().optional(),
      /** What extraction noticed (pages without text, a guessed encoding): shown by `npm run docs -- list` and the admin page. */
      warnings: z.array(z.string()).optional(),
      /** Enrichment entries (corpus/enrichment/<slug>.jsonl) and how many no longer match their chunk's text. */
      enrichment: z.object({ records: z.number().int(), stale: z.number().int() }).optional(),
    }),
  ),
  lexical: z.object({ tokenizer: z.string(), k1: z.number(), b: z.number(), terms: z.number().int() }),
  dense: z
    .object({ model: z.string(), dims: z.number().int().positive(), space: z.literal('cosine'), m: z.number().int(), efConstruction: z.number().int() })
    .nullable(),
  /** Why dense retrieval is off, when it is. */
  denseReason: z.string().optional(),
  /**
   * Every year written in a passage (2020年…), worked out at ingest: the engine needs the set to tell
   * "a year the documents do not cover" and would otherwise scan every passage at start (~0.25 s at 100k chunks).
   */
  yearsWritten: z.array(z.number().int()).optional(),
  /**
   * CRC-32 (zlib's, as in lexical.bin's header) of the index's JSON files as written: one edited or
   * damaged since is refused at load (and rebuilt by `npm start`) rather than served.
   */
  crc32: z.object({
    chunks: z.number().int().nonnegative(),
    glossary: z.number().int().nonnegative(),
    /** Absent when the index has no bridge.json (the engine then builds the dictionary from CC-CEDICT). */
    bridge: z.number().int().nonnegative().optional(),
    /** Absent when the corpus has no enrichment (passages then have no English edition). */
    enrichment: z.number().int().nonnegative().optional(),
  }),
});

/** `index/manifest.json`: what the index was built from and with. */
export type Manifest = z.infer<typeof manifestSchema>;
