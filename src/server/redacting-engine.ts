import type { AnswerEngine, AnswerPart, AnswerResponse, Citation, PassageView } from '../generation/answer-parts.ts';
import { redactContacts } from '../generation/redact-contacts.ts';

/** The redactor's replacements (today's and earlier ones: "[WeChat id removed]" matched its own pattern), stepped over. */
const redactionMarker = /(\[(?:contact|email|phone|WeChat id) removed\])/;

/**
 * `redactContacts` until nothing changes (a removal can leave a number it had hidden: "微信号：abc_12345"
 * glued to a phone number), stepping over its own markers so text the engine already redacted is kept.
 */
export function redactFully(text: string): string {
  let current = text;
  for (let pass = 0; pass < 4; pass += 1) {
    const next = current
      .split(redactionMarker)
      .map((piece, index) => (index % 2 === 1 ? piece : redactContacts(piece)))
      .join('');
    if (next === current) break;
    current = next;
  }
  return current;
}

const redactCitation = (citation: Citation): Citation => ({ ...citation, title: redactFully(citation.title), text: redactFully(citation.text), quote: redactFully(citation.quote) });

const redactResponse = (response: AnswerResponse): AnswerResponse => ({ ...response, answer: redactFully(response.answer), citations: response.citations.map(redactCitation) });

function redactPassage(view: PassageView): PassageView {
  const { chunk } = view;
  return {
    ...view,
    chunk: { ...chunk, title: redactFully(chunk.title), text: redactFully(chunk.text), ...(chunk.textOriginal !== undefined ? { textOriginal: redactFully(chunk.textOriginal) } : {}) },
  };
}

/** A trailing run that could still grow into a phone number, e-mail or WeChat id once the next delta arrives. */
const unfinishedContact = /(?:微信号?|微|WeChat(?:\s*ID)?)?[-A-Za-z0-9._%+@\s:：()（）]*$/i;
/** Contacts are far shorter than this; only this much of a delta's end is ever examined or held back. */
const window = 128;
/** A run with no safe cut is held at most this long. */
const heldAtMost = 4096;
/** Runs longer than this are prose (English), cut between words instead of held back whole. */
const longestContact = 48;

/** Where `text` can be cut so that no contact spans the cut: before any unfinished one at its end. */
function safeCut(text: string): number {
  const tail = unfinishedContact.exec(text.slice(-window))?.[0] ?? '';
  const start = text.length - tail.length;
  if (tail.length <= longestContact) return start;
  // Between two words, far enough back to hold any contact: never inside "138 0013 8000" or "WeChat ID: x".
  for (let index = text.length - longestContact; index > start; index -= 1) {
    if (!/\s/.test(text[index] ?? '') || !/[A-Za-z]/.test(text[index + 1] ?? '')) continue;
    const wordBefore = /[A-Za-z]+$/.exec(text.slice(Math.max(0, index - 10), index))?.[0] ?? '';
    if (wordBefore !== '' && !/(?:wechat|id)$/i.test(wordBefore)) return index;
  }
  // The run began inside the window: its start is a safe cut. Otherwise it may have begun earlier:
  // hold it all, up to a bound a real answer never reaches.
  return tail.length < window || text.length > heldAtMost ? start : 0;
}

/**
 * Text deltas with contact data removed although a number may arrive split across deltas ("138", "0013…"):
 * the end of each delta that could be the start of one is held back until the next delta shows how it ends.
 */
async function* redactDeltas(parts: AsyncIterable<AnswerPart>): AsyncGenerator<AnswerPart> {
  let held = '';
  const release = (text: string): AnswerPart[] => (text === '' ? [] : [{ type: 'text-delta', text: redactFully(text) }]);
  for await (const part of parts) {
    if (part.type !== 'text-delta') {
      yield* release(held);
      held = '';
      yield part.type === 'citations' ? { type: 'citations', citations: part.citations.map(redactCitation) } : { type: 'done', response: redactResponse(part.response) };
      continue;
    }
    held += part.text;
    const cut = safeCut(held);
    yield* release(held.slice(0, cut));
    held = held.slice(cut);
  }
  yield* release(held);
}

/**
 * What the server sends from the engine carries no personal contact data: the engine redacts its answer
 * text, but citations and passages carry whole passages (a new or hostile document may hold a phone
 * number), and streamed deltas arrive in pieces a number can straddle. The HTTP boundary applies the
 * same redaction to all of it, whatever engine it is given.
 */
export function redactingEngine(engine: AnswerEngine): AnswerEngine {
  return {
    stream: (request) => redactDeltas(engine.stream(request)),
    answer: async (request) => redactResponse(await engine.answer(request)),
    passage: (id) => {
      const view = engine.passage(id);
      return view === undefined ? undefined : redactPassage(view);
    },
    health: () => engine.health(),
  };
}
