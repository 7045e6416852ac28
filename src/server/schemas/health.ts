import { Type, type Static } from '@sinclair/typebox';
import type { EngineHealth } from '../../generation/answer-parts.ts';
import type { Assert, SameKeys } from './same-keys.ts';
import { stringEnum } from './string-enum.ts';

export const healthResponseSchema = Type.Object({
  status: stringEnum(['ok'] as const),
  mode: Type.Object({ retrieval: stringEnum(['hybrid', 'lexical'] as const), generator: stringEnum(['llm', 'extractive'] as const) }),
  chunkCount: Type.Integer(),
  documents: Type.Integer(),
  embeddingModel: Type.Union([Type.String(), Type.Null()]),
  denseReason: Type.Optional(Type.String({ description: 'Why dense retrieval is off, when it is' })),
  llmModel: Type.Union([Type.String(), Type.Null()]),
  indexBuiltAt: Type.String(),
  staleIndex: Type.Optional(
    Type.Object(
      { file: Type.String({ description: 'The file in the corpus folder' }), reason: Type.String() },
      { description: 'Present when a corpus file could not be read at start (empty, binary, not UTF-8, invalid sources.json …) and the previous index is served: which file and why' },
    ),
  ),
  uptimeSeconds: Type.Number(),
  version: Type.String(),
});

export type HealthSchemaMatchesEngine = Assert<SameKeys<EngineHealth & { uptimeSeconds: number; version: string }, Static<typeof healthResponseSchema>>>;
