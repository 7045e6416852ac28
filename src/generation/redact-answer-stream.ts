import type { AnswerPart, Citation, EnglishEdition, PassageView } from '../question/answer-parts.ts';
import { organisationalContacts, redactContacts, redactForSource, type ContactPolicy } from './redact-contacts.ts';

/** Each document's contact policy, by slug (documents the manifest does not know show none). */
export type PolicyOf = (docId: string) => ContactPolicy;

// English editions are fixed corpus data, and a whole edition took ~0.8 ms to scan for contacts (three
// per answer): each text is scanned once per policy. Bounded, in case editions ever come from elsewhere.
const redactedEnglish = new Map<string, string>();
function redactEnglishText(text: string, policy: ContactPolicy): string {
  const key = `${policy}\u0000${text}`;
  let redacted = redactedEnglish.get(key);
  if (redacted === undefined) {
    if (redactedEnglish.size >= 20_000) redactedEnglish.clear();
    redacted = redactForSource(text, policy);
    redactedEnglish.set(key, redacted);
  }
  return redacted;
}

/** The English edition follows its source's policy like the Chinese it translates. */
function redactEnglish(english: EnglishEdition, policy: ContactPolicy): EnglishEdition {
  return {
    title: redactEnglishText(english.title, policy),
    text: redactEnglishText(english.text, policy),
    ...(english.quote !== undefined ? { quote: redactEnglishText(english.quote, policy) } : {}),
  };
}

export function redactCitation(citation: Citation, policyOf: PolicyOf): Citation {
  const policy = policyOf(citation.docId);
  return {
    ...citation,
    title: redactForSource(citation.title, policy),
    text: redactForSource(citation.text, policy),
    quote: redactForSource(citation.quote, policy),
    ...(citation.english !== undefined ? { english: redactEnglish(citation.english, policy) } : {}),
  };
}

export function redactPassageView(view: PassageView, policyOf: PolicyOf): PassageView {
  const { chunk } = view;
  const policy = policyOf(chunk.docId);
  return {
    ...view,
    chunk: {
      ...chunk,
      title: redactForSource(chunk.title, policy),
      text: redactForSource(chunk.text, policy),
      ...(chunk.textOriginal !== undefined ? { textOriginal: redactForSource(chunk.textOriginal, policy) } : {}),
    },
    ...(view.english !== undefined ? { english: redactEnglish(view.english, policy) } : {}),
  };
}

/**
 * Characters a contact can be written with (find-contacts.ts): Latin and full-width letters and digits,
 * Chinese numeral digits, separators, and the punctuation of e-mails and labels.
 */
const contactCharacters = String.raw`A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A〇零幺一二三四五六七八九 \t\u00a0\u3000._\-·•/()（）\u2010-\u2015－．%+＋@＠:：=`;
/** A label written in Chinese, or the beginning of one the next delta may complete ("微" → "微信号："). */
const labelStart = String.raw`微(?:信号?)?|薇(?:信号?)?|威(?:信号?)?|[Vv]信?|企(?:鹅号?)?|扣扣?|加[Vv微]?|电话?|热线?|座机?|传真?`;
/** A trailing run that could still grow into a contact once the next delta arrives. */
const unfinishedContact = new RegExp(String.raw`(?:${labelStart}|[A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A]+)?(?:号码?|账号|帐号|是|为)*[${contactCharacters}]*$`);
/** Words after which an id or number may follow: never cut right after one. */
const labelWord = /(?:wechat|weixin|vx|wx|qq|tg|telegram|whatsapp|id|account|number|no|tel|phone|fax)$/i;
/** Contacts are far shorter than this; only this much of the held text's end is ever examined or held back. */
const window = 160;
/** A run with no safe cut is held at most this long. */
const heldAtMost = 4096;
/** Runs longer than this are prose (English), cut between words instead of held back whole. */
const longestContact = 64;

/** Where `text` can be cut so that no contact spans the cut: before any unfinished one at its end. */
function safeCut(text: string): number {
  const tail = unfinishedContact.exec(text.slice(-window))?.[0] ?? '';
  const start = text.length - tail.length;
  if (tail.length <= longestContact) return start;
  // Between two words, far enough back to hold any contact: never inside "1 3 3 9 …" or "WeChat ID: x".
  for (let index = text.length - longestContact; index > start; index -= 1) {
    if (!/\s/.test(text[index] ?? '') || !/[A-Za-z]/.test(text[index + 1] ?? '')) continue;
    const before = text.slice(Math.max(0, index - 10), index);
    const wordBefore = /[A-Za-z]+$/.exec(before)?.[0] ?? '';
    if (wordBefore !== '' && !labelWord.test(wordBefore) && !/加[Vv]$/.test(before)) return index;
  }
  // The run began inside the window: its start is a safe cut. Otherwise it may have begun earlier:
  // hold it all, up to a bound a real answer never reaches.
  return tail.length < window || text.length > heldAtMost ? start : 0;
}

/**
 * The engine's parts as they may leave it: citations as their sources' policies allow, and answer text
 * with every contact removed except the organisational ones of cited passages whose sources allow them
 * (an investment hotline quoted from an official source). A number may arrive split across deltas
 * ("138", "0013…"), so the end of the text that could be the start of one is held back until the next
 * delta shows how it ends; the deltas then say exactly what the final answer says.
 */
export async function* redactAnswerStream(parts: AsyncIterable<AnswerPart>, policyOf: PolicyOf): AsyncGenerator<AnswerPart> {
  const allowed = new Set<string>();
  const keep = { keep: (contact: { key: string }) => allowed.has(contact.key) };
  const allow = (citations: Citation[]) => {
    for (const citation of citations)
      if (policyOf(citation.docId) === 'organisational') for (const key of organisationalContacts(citation.text)) allowed.add(key);
  };
  // What came in as deltas, and what went out: the answer they make up is the one `done` gives (the
  // citations it keeps are among those announced before any delta, so the same contacts are kept).
  let received = '';
  let sent = '';
  let held = '';
  const release = (text: string): AnswerPart[] => {
    if (text === '') return [];
    const redacted = redactContacts(text, keep);
    sent += redacted;
    return [{ type: 'text-delta', text: redacted }];
  };
  for await (const part of parts) {
    if (part.type === 'text-delta') {
      received += part.text;
      held += part.text;
      const cut = safeCut(held);
      yield* release(held.slice(0, cut));
      held = held.slice(cut);
      continue;
    }
    yield* release(held);
    held = '';
    if (part.type === 'citations') {
      allow(part.citations);
      yield { type: 'citations', citations: part.citations.map((citation) => redactCitation(citation, policyOf)) };
      continue;
    }
    const { response } = part;
    // Contacts written back to back ("…@sp_zhang1 3 3 9…") may be cut apart differently in pieces than in
    // the whole; the answer is then the streamed one, so no delta is ever contradicted.
    const answer = response.answer === received ? sent : redactContacts(response.answer, keep);
    yield { type: 'done', response: { ...response, answer, citations: response.citations.map((citation) => redactCitation(citation, policyOf)) } };
  }
  yield* release(held);
}
