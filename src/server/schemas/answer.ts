import { Type, type Static } from '@sinclair/typebox';
import type { AnswerResponse, Citation } from '../../question/answer-parts.ts';
import { requestLimits } from '../request-limits.ts';
import type { Assert, SameKeys } from './same-keys.ts';
import { stringEnum } from './string-enum.ts';

export const chatTurnSchema = Type.Object(
  {
    role: stringEnum(['user', 'assistant'] as const),
    content: Type.String({ maxLength: requestLimits.turnChars }),
  },
  { additionalProperties: false },
);

export const answerRequestSchema = Type.Object(
  {
    question: Type.String({
      minLength: 1,
      maxLength: requestLimits.questionChars,
      // Rejects whitespace-only questions in the schema, so they get QUESTION_EMPTY like empty ones.
      pattern: '\\S',
      description: 'The question, in Chinese (either script) or English',
      examples: ['2020年园区三大新兴产业企业有多少家？'],
    }),
    history: Type.Optional(
      Type.Array(chatTurnSchema, { maxItems: requestLimits.historyTurns, description: 'Earlier turns, oldest first, for follow-up questions' }),
    ),
    topK: Type.Optional(Type.Integer({ minimum: requestLimits.topKMin, maximum: requestLimits.topKMax, description: 'How many passages to retrieve' })),
  },
  { additionalProperties: false },
);

export type AnswerRequestBody = Static<typeof answerRequestSchema>;

export const englishEditionSchema = Type.Object(
  {
    title: Type.String({ description: "The passage's title in English" }),
    text: Type.String({ description: 'The whole passage in English, aligned sentence by sentence with the Chinese' }),
    quote: Type.Optional(Type.String({ description: 'The English of the supporting sentence(s); citations only' })),
  },
  { description: 'The English edition of the passage, from the bilingual knowledge base; absent when the passage has none yet' },
);

export const citationSchema = Type.Object({
  n: Type.Integer({ minimum: 1, description: 'The number used as [n] in the answer' }),
  id: Type.String({ description: 'Passage id; URL-encode it for /api/passages/{id}' }),
  docId: Type.String(),
  title: Type.String(),
  section: Type.Array(Type.String()),
  year: Type.Integer(),
  text: Type.String({ description: 'The whole passage' }),
  quote: Type.String({ description: 'The sentence that supports the claim' }),
  score: Type.Number(),
  documentTitle: Type.Object({ zh: Type.String(), en: Type.String() }),
  english: Type.Optional(englishEditionSchema),
});

export const answerResponseSchema = Type.Object({
  answer: Type.String({ description: 'The answer with [n] citation markers' }),
  answered: Type.Boolean({ description: 'false when the documents do not contain the answer' }),
  language: stringEnum(['zh', 'zh-Hant', 'en'] as const, {
    description: 'zh (simplified Chinese), zh-Hant (traditional Chinese: the question was asked in traditional characters) or en',
  }),
  citations: Type.Array(citationSchema),
  mode: Type.Object({ retrieval: stringEnum(['hybrid', 'lexical'] as const), generator: stringEnum(['llm', 'extractive'] as const) }),
  timingsMs: Type.Object({ retrieval: Type.Number(), generation: Type.Number(), total: Type.Number() }),
  notice: Type.Optional(Type.String({ description: 'Something the reader should know, e.g. that the LLM failed and this is the extractive fallback' })),
  resolvedQuestion: Type.Optional(Type.String({ description: 'The follow-up rewritten as a standalone question' })),
  suggestions: Type.Optional(
    Type.Array(Type.String(), { maxItems: 5, description: "Follow-up questions the cited passages also answer, in the question's language" }),
  ),
});

export type CitationSchemaMatchesEngine = Assert<SameKeys<Citation, Static<typeof citationSchema>>>;
export type AnswerSchemaMatchesEngine = Assert<SameKeys<AnswerResponse, Static<typeof answerResponseSchema>>>;
