import { describe, expect, it } from 'vitest';
import { readEventStream, type ServerSentEvent } from '../../src/widget/read-event-stream.ts';

/** A body delivered in the given pieces, split anywhere (even inside a UTF-8 character). */
function body(pieces: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readEventStream(stream)) events.push(event);
  return events;
}

describe('readEventStream', () => {
  it('reads the answer protocol frames as the server writes them', async () => {
    const text = 'event: citations\ndata: {"citations":[]}\n\nevent: delta\ndata: {"text":"园区"}\n\nevent: done\ndata: {"answer":"园区"}\n\n';
    expect(await collect(body([text]))).toEqual([
      { event: 'citations', data: '{"citations":[]}' },
      { event: 'delta', data: '{"text":"园区"}' },
      { event: 'done', data: '{"answer":"园区"}' },
    ]);
  });

  it('copes with frames, lines, CRLFs and multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\r\ndata: {"text":"苏州"}\r\n\r\ndata: plain\r\n\r\n');
    // Every possible split into single bytes.
    const pieces = [...bytes].map((byte) => Uint8Array.of(byte));
    expect(await collect(body(pieces))).toEqual([
      { event: 'delta', data: '{"text":"苏州"}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('joins multi-line data, skips comments and drops an event cut off by the end of the stream', async () => {
    const text = ': keep-alive\n\ndata: one\ndata: two\n\nevent: done\ndata: {"answer":"cut';
    expect(await collect(body([text]))).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('cancels the download when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: error\ndata: {}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readEventStream(stream)) {
      expect(event.event).toBe('error');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
