import { createServer } from 'node:http';
import { listenServer } from './listen-on-loopback.ts';

export interface ScriptedAnswer {
  citations: unknown[];
  deltas: string[];
  /** The `done` payload (the full response). */
  done: unknown;
}

export interface FakeAnswerServer {
  origin: string;
  requests: Array<{ method: string; url: string; body: string }>;
  close(): Promise<void>;
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, accept, x-request-id',
};

/**
 * A stand-in for the answer API's HTTP interface that streams whatever a test scripts (e.g. markup
 * that must be shown as text), with permissive CORS so any page origin can call it.
 */
export async function startFakeAnswerServer(script: ScriptedAnswer): Promise<FakeAnswerServer> {
  const requests: FakeAnswerServer['requests'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', body });
      if (request.method === 'OPTIONS') {
        response.writeHead(204, corsHeaders).end();
      } else if (request.url === '/api/health') {
        response
          .writeHead(200, { ...corsHeaders, 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok', mode: { retrieval: 'hybrid', generator: 'llm' } }));
      } else if (request.method === 'POST' && request.url === '/api/answer') {
        response.writeHead(200, { ...corsHeaders, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
        response.write(frame('citations', { citations: script.citations }));
        for (const text of script.deltas) response.write(frame('delta', { text }));
        response.end(frame('done', script.done));
      } else {
        response
          .writeHead(404, { ...corsHeaders, 'content-type': 'application/json' })
          .end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: 'no route' }));
      }
    });
  });
  const origin = await listenServer(server);
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
