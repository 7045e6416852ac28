export interface ServerSentEvent {
  /** `message` when the frame names no event, as in the EventSource spec. */
  event: string;
  data: string;
}

/**
 * Parses a `text/event-stream` body as it arrives (the SSE spec's line rules: CR, LF or CRLF line
 * ends, `:` comments, multi-line `data`). fetch + this instead of EventSource, which cannot POST.
 */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let finished = false;

  function* takeLines(atEnd: boolean): Generator<string> {
    for (;;) {
      const end = buffer.search(/[\r\n]/);
      if (end === -1) break;
      // A CR at the very end of a chunk may be the first half of a CRLF split across chunks.
      if (buffer[end] === '\r' && end === buffer.length - 1 && !atEnd) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
      yield line;
    }
  }

  function* dispatch(line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event: event === '' ? 'message' : event, data: data.join('\n') };
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        buffer += decoder.decode();
        finished = true;
      } else {
        buffer += decoder.decode(value, { stream: true });
      }
      for (const line of takeLines(finished)) yield* dispatch(line);
      // The spec drops an event the stream ends in the middle of, and so do we.
      if (finished) return;
    }
  } finally {
    // The consumer stopped early (an error event, a new question): stop downloading too.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
