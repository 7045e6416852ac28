import { Type, type Static } from '@sinclair/typebox';
import type { EngineHealth } from '../../question/answer-parts.ts';
import type { QuestionLogStats } from '../../question-log/question-logger.ts';
import type { EventLoopLag } from '../event-loop-lag.ts';
import type { Assert, SameKeys } from './same-keys.ts';
import { stringEnum } from './string-enum.ts';

export const healthResponseSchema = Type.Object({
  status: stringEnum(['ok', 'degraded'] as const, {
    description: 'degraded: answers are served from the loaded index, but the database (DATABASE_URL) is unreachable',
  }),
  mode: Type.Object({ retrieval: stringEnum(['hybrid', 'lexical'] as const), generator: stringEnum(['llm', 'extractive'] as const) }),
  chunkCount: Type.Integer(),
  documents: Type.Integer(),
  embeddingModel: Type.Union([Type.String(), Type.Null()]),
  denseReason: Type.Optional(Type.String({ description: 'Why dense retrieval is off, when it is' })),
  llmModel: Type.Union([Type.String(), Type.Null()]),
  indexBuiltAt: Type.String(),
  indexVersion: Type.Optional(
    Type.String({ description: 'The served index: its corpus hash (12 hex digits); changes when documents are added or removed and the server reloads' }),
  ),
  staleIndex: Type.Optional(
    Type.Object(
      { file: Type.String({ description: 'The file in the corpus folder' }), reason: Type.String() },
      {
        description:
          'Present when a corpus file could not be read at start (empty, binary, not UTF-8, invalid sources.json …) ' +
          'and the previous index is served: which file and why',
      },
    ),
  ),
  store: Type.Optional(
    Type.Object(
      {
        backend: stringEnum(['postgres'] as const),
        indexVersion: Type.Integer({ description: 'The index version served (npm run ingest publishes a new one)' }),
        database: stringEnum(['reachable', 'unreachable'] as const),
        problem: Type.Optional(Type.String({ description: 'Why the database is unreachable' })),
      },
      { description: 'Present when the index comes from PostgreSQL (DATABASE_URL)' },
    ),
  ),
  englishEditions: Type.Optional(
    Type.Object(
      {
        passages: Type.Integer({ description: 'Passages with a current English edition (corpus/enrichment)' }),
        missing: Type.Integer({
          description: 'Passages without an English edition, or whose edition is stale: English questions about them go through the English→Chinese bridge',
        }),
        stale: Type.Integer({ description: 'Of those, passages whose entry was written for text that has since changed (run `npm run enrich`)' }),
      },
      { description: 'The bilingual knowledge base: how many passages have an English edition and how many lack one' },
    ),
  ),
  uptimeSeconds: Type.Number(),
  version: Type.String(),
  eventLoopDelayMs: Type.Object(
    {
      p50: Type.Number({ description: 'Median delay, ms' }),
      p99: Type.Number({ description: '99th percentile delay, ms' }),
      max: Type.Number({ description: 'Longest delay, ms' }),
      windowSeconds: Type.Number({ description: 'The span the figures cover: the last 30–60 s (less just after start)' }),
    },
    {
      description:
        'How late the event loop ran timers recently, beyond the 10 ms sampling interval (perf_hooks.monitorEventLoopDelay). ' +
        'Every request waits on the one loop: a p99 or max in the hundreds of ms means requests were held up that long.',
    },
  ),
  questionLog: Type.Object(
    {
      enabled: Type.Boolean({ description: 'false with QUESTION_LOG=off' }),
      written: Type.Integer({ description: 'Questions stored since the server started' }),
      dropped: Type.Integer({ description: 'Questions not stored since start (queue full or the store failed); answers were unaffected' }),
      queued: Type.Integer({ description: 'Questions waiting to be written' }),
    },
    { description: 'The question log (write-behind: logging never delays or fails an answer)' },
  ),
});

export type HealthSchemaMatchesEngine = Assert<
  SameKeys<
    EngineHealth & { uptimeSeconds: number; version: string; eventLoopDelayMs: EventLoopLag; questionLog: QuestionLogStats },
    Static<typeof healthResponseSchema>
  >
>;
