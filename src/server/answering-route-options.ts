import type { TSchema } from '@sinclair/typebox';
import { errorResponses } from './schemas/error-response.ts';

export interface AnsweringRouteDescription {
  tags: string[];
  summary: string;
  description: string;
  body: TSchema;
  /** What a 200 is: JSON (`json`) or, when the client asks for it, an event stream (`eventStream`). */
  ok: { description: string; json: TSchema; eventStream: { type: 'string'; description?: string } };
}

/**
 * The route options every answering endpoint shares (/api/answer, /v1/chat/completions): an API key
 * when keys are set, the request body schema, a 200 in JSON or as an event stream, the error responses.
 */
export function answeringRouteOptions({ tags, summary, description, body, ok }: AnsweringRouteDescription) {
  return {
    config: { requiresApiKey: true },
    schema: {
      tags,
      summary,
      description,
      security: [{ bearer: [] }, { apiKey: [] }, {}],
      body,
      response: {
        200: {
          description: ok.description,
          content: { 'application/json': { schema: ok.json }, 'text/event-stream': { schema: ok.eventStream } },
        },
        ...errorResponses,
      },
    },
  };
}
