import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AnswerPart, AnswerResponse, ChatTurn, Citation } from '../../question/answer-parts.ts';
import { disconnectSignal } from '../disconnect-signal.ts';
import { HttpError } from '../http-error.ts';
import { checkConversation, requestLimits } from '../request-limits.ts';
import { chatCompletionRequestSchema, chatCompletionResponseSchema, type ChatCompletionRequestBody, type ChatMessage } from '../schemas/chat-completion.ts';
import { answeringRouteOptions } from '../answering-route-options.ts';
import { serveAnswer } from '../serve-answer.ts';
import { dataFrame } from '../sse.ts';
import { approximateChatUsage, type TokenUsage } from '../../text/approximate-tokens.ts';

const MODEL = 'sip-qa';

function textOf(content: ChatMessage['content']): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/** The last user message is the question; earlier user/assistant turns are its history; system prompts are ours to write. */
export function toConversation(messages: ChatMessage[]): { question: string; history: ChatTurn[] } {
  const turns: ChatTurn[] = messages.flatMap((message) =>
    message.role === 'user' || message.role === 'assistant' ? [{ role: message.role, content: textOf(message.content) }] : [],
  );
  const last = turns.findLastIndex((turn) => turn.role === 'user');
  if (last === -1) throw new HttpError('QUESTION_EMPTY', 'messages contain no user message: the last user message is the question');
  const question = turns[last]?.content.trim() ?? '';
  // Chat clients resend the whole conversation every time: keep its recent end rather than refuse long chats.
  const history = turns
    .slice(0, last)
    .filter((turn) => turn.content.trim() !== '')
    .slice(-requestLimits.historyTurns);
  checkConversation(question, history);
  return { question, history };
}

/** The citations written out after the answer, since OpenAI clients show only `content`. */
export function sourcesList(response: Pick<AnswerResponse, 'citations' | 'language'>): string {
  if (response.citations.length === 0) return '';
  const heading = { zh: '来源：', 'zh-Hant': '來源：', en: 'Sources:' }[response.language];
  const lines = response.citations.map((citation: Citation) => {
    const document = response.language === 'en' ? citation.documentTitle.en : citation.documentTitle.zh;
    return `[${citation.n}] ${document} · ${citation.title} (${citation.year})`;
  });
  return `\n\n${heading}\n${lines.join('\n')}`;
}

/**
 * The answer as `chat.completion.chunk` data lines: the opening role chunk at once, so clients see the
 * stream start, then the engine's text deltas as they come. OpenAI clients can only append; the engine
 * streams only verified text, so the deltas add up to the final answer, and the sources list follows.
 */
async function* completionChunks(
  parts: AsyncIterable<AnswerPart>,
  { id, created, usageFor }: { id: string; created: number; usageFor: ((content: string) => TokenUsage) | null },
): AsyncGenerator<string> {
  const chunk = (delta: Record<string, string>, extra: Record<string, unknown> = {}, finishReason: 'stop' | null = null) =>
    dataFrame({ id, object: 'chat.completion.chunk', created, model: MODEL, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra });
  yield chunk({ role: 'assistant', content: '' });
  let streamed = '';
  let final: AnswerResponse | undefined;
  for await (const part of parts) {
    if (part.type === 'text-delta') {
      streamed += part.text;
      yield chunk({ content: part.text });
    } else if (part.type === 'done') final = part.response;
  }
  if (final === undefined) throw new Error('the answer stream ended without a result');
  // Only if an engine ever sent its answer otherwise than as deltas: what is missing is appended.
  if (final.answer.startsWith(streamed) && final.answer !== streamed) yield chunk({ content: final.answer.slice(streamed.length) });
  const sources = sourcesList(final);
  if (sources !== '') yield chunk({ content: sources });
  yield chunk({}, { citations: final.citations }, 'stop');
  // With `stream_options.include_usage`, OpenAI's last chunk has no choices and the usage of the whole answer.
  if (usageFor !== null) yield dataFrame({ id, object: 'chat.completion.chunk', created, model: MODEL, choices: [], usage: usageFor(final.answer + sources) });
  yield dataFrame('[DONE]');
}

export default async function chatCompletionRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: ChatCompletionRequestBody }>(
    '/v1/chat/completions',
    answeringRouteOptions({
      tags: ['openai'],
      summary: 'The same engine behind the OpenAI chat-completions shape (stream and non-stream)',
      description: 'System messages are ignored; the last user message is the question. `citations` is an extra field (on the last chunk when streaming).',
      body: chatCompletionRequestSchema,
      ok: {
        description: 'A chat.completion, or with `stream: true` chat.completion.chunk events ending with `data: [DONE]`',
        json: chatCompletionResponseSchema,
        eventStream: { type: 'string' },
      },
    }),
    async (request, reply) => {
      const { question, history } = toConversation(request.body.messages);
      const signal = disconnectSignal(reply);
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      // Approximate counts (src/text/approximate-tokens.ts): no model tokenizer runs in this service.
      const usageFor = (content: string) =>
        approximateChatUsage(
          request.body.messages.map((message) => ({ content: textOf(message.content) })),
          content,
        );

      return serveAnswer(
        app,
        request,
        reply,
        { question, history, signal },
        {
          channel: 'chat',
          stream: request.body.stream === true,
          toJson: (response) => {
            const content = response.answer + sourcesList(response);
            return {
              id,
              object: 'chat.completion',
              created,
              model: MODEL,
              choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
              usage: usageFor(content),
              citations: response.citations,
            };
          },
          toFrames: (parts) => completionChunks(parts, { id, created, usageFor: request.body.stream_options?.include_usage === true ? usageFor : null }),
          errorFrame: (error) => dataFrame({ error: { ...error, type: 'server_error' } }),
          streamFailure: 'chat completion stream failed',
        },
      );
    },
  );
}
