import { Type, type Static } from '@sinclair/typebox';
import { citationSchema } from './answer.ts';
import { stringEnum } from './string-enum.ts';

const contentPartSchema = Type.Object({ type: Type.String(), text: Type.Optional(Type.String()) });

export const chatMessageSchema = Type.Object({
  role: stringEnum(['system', 'developer', 'user', 'assistant', 'tool'] as const),
  content: Type.Union([Type.String(), Type.Array(contentPartSchema), Type.Null()]),
});

/**
 * Only what we use is checked; the other OpenAI fields (temperature, max_tokens, user, …) are
 * accepted and ignored, because existing chat clients always send some of them.
 */
export const chatCompletionRequestSchema = Type.Object({
  model: Type.Optional(Type.String()),
  messages: Type.Array(chatMessageSchema, { minItems: 1, maxItems: 100 }),
  stream: Type.Optional(Type.Boolean()),
  stream_options: Type.Optional(
    Type.Object({ include_usage: Type.Optional(Type.Boolean({ description: 'Send `usage` in a last chunk with empty `choices`, as OpenAI does' })) }),
  ),
});

export type ChatCompletionRequestBody = Static<typeof chatCompletionRequestSchema>;
export type ChatMessage = Static<typeof chatMessageSchema>;

export const chatCompletionResponseSchema = Type.Object({
  id: Type.String(),
  object: stringEnum(['chat.completion'] as const),
  created: Type.Integer({ description: 'Unix seconds' }),
  model: Type.String(),
  choices: Type.Array(
    Type.Object({
      index: Type.Integer(),
      message: Type.Object({ role: stringEnum(['assistant'] as const), content: Type.String() }),
      finish_reason: stringEnum(['stop'] as const),
    }),
  ),
  usage: Type.Object(
    { prompt_tokens: Type.Integer(), completion_tokens: Type.Integer(), total_tokens: Type.Integer() },
    { description: 'Approximate: one token per CJK character, one per four characters of other text, plus 3 per message (no model tokenizer runs here)' },
  ),
  citations: Type.Array(citationSchema),
});
