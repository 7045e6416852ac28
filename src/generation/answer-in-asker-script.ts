import { toTraditional, traditionalVariantOf, type TraditionalVariant } from '../text/chinese-script.ts';
import { detectLanguage } from '../text/detect-language.ts';
import type { AnswerPart, AnswerResponse, Citation } from '../question/answer-parts.ts';

/** A passage's text as its source writes it, when that is not the simplified text the engine works on (chunk `textOriginal`). */
export type OriginalTextOf = (passageId: string) => string | undefined;

/** A sentence (or clause before a semicolon) without its end: the engine quotes it as `…[1]。`. */
const sentencePattern = /[^。！？!?；;\n]+/g;
/** A clause of such a sentence. */
const clausePattern = /[^，,：:]+/g;

/**
 * Sentences of traditional sources, simplified (as the engine quotes them) → as the source writes them.
 * The engine's text and the original are aligned character by character (ingest converts with OpenCC
 * character for character); a passage where they are not is left to OpenCC's conversion.
 */
class SourceSentences {
  readonly #original = new Map<string, string>();
  readonly #known = new Set<string>();
  #pattern: RegExp | null = null;

  learn(citation: Citation, original: string | undefined): void {
    if (original === undefined || this.#known.has(citation.id)) return;
    this.#known.add(citation.id);
    if (original.length !== citation.text.length) return;
    const remember = (pattern: RegExp, text: string, offset: number) => {
      for (const match of text.matchAll(pattern)) {
        const piece = match[0].trim();
        if (piece.length < 4) continue;
        const start = offset + (match.index ?? 0) + match[0].indexOf(piece);
        if (!this.#original.has(piece)) this.#original.set(piece, original.slice(start, start + piece.length));
      }
    };
    remember(sentencePattern, citation.text, 0);
    // Its clauses too: an answer quotes a long sentence trimmed to the clauses that answer (「A，B……D」).
    for (const match of citation.text.matchAll(sentencePattern)) remember(clausePattern, match[0], match.index ?? 0);
    this.#pattern = null;
  }

  /** The quoted source sentences in `text`, longest first, as one pattern. */
  pattern(): RegExp | null {
    if (this.#pattern !== null || this.#original.size === 0) return this.#pattern;
    const sentences = [...this.#original.keys()].sort((left, right) => right.length - left.length);
    this.#pattern = new RegExp(sentences.map((sentence) => sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    return this.#pattern;
  }

  original(sentence: string): string | undefined {
    return this.#original.get(sentence);
  }
}

/**
 * Text of the answer in the asker's variant: the engine's own words and quotes from simplified sources are
 * converted with OpenCC; a sentence quoted from a traditional source is shown as that source writes it.
 */
function convertText(text: string, variant: TraditionalVariant, sources: SourceSentences): string {
  const pattern = sources.pattern();
  if (pattern === null) return toTraditional(text, variant);
  let output = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    output += toTraditional(text.slice(last, index), variant) + (sources.original(match[0]) ?? toTraditional(match[0], variant));
    last = index + match[0].length;
  }
  return output + toTraditional(text.slice(last), variant);
}

/**
 * A citation from a traditional source is shown as the source writes it (its passage and quote); one from
 * a simplified source is a quotation of that source and stays as written too. The answer and the
 * document's title (the service's own label) are converted.
 */
function citationAsWritten(citation: Citation, original: string | undefined, variant: TraditionalVariant): Citation {
  // The document's title and the passage's heading and section path are labels, not quotations: they follow the
  // asker (a traditional reader saw the heading of a passage in simplified characters under a traditional answer).
  const labelled = {
    ...citation,
    title: toTraditional(citation.title, variant),
    section: citation.section.map((heading) => toTraditional(heading, variant)),
    documentTitle: { ...citation.documentTitle, zh: toTraditional(citation.documentTitle.zh, variant) },
  };
  if (original === undefined || original.length !== citation.text.length) return labelled;
  const at = citation.quote === '' ? -1 : citation.text.indexOf(citation.quote);
  return { ...labelled, text: original, quote: at === -1 ? citation.quote : original.slice(at, at + citation.quote.length) };
}

/**
 * Answers a question asked in traditional characters in traditional characters (issue 17): the Hong Kong or
 * Taiwan standard when the question's characters show which (綫/裏 or 線/裡), else OpenCC's generic
 * traditional; `language` becomes `zh-Hant`. A simplified or English question passes through untouched.
 *
 * Deltas are converted one by one and `done`'s answer is their concatenation, so the deltas still add up
 * to the final answer exactly.
 */
export async function* answerInAskerScript(parts: AsyncIterable<AnswerPart>, question: string, originalTextOf: OriginalTextOf): AsyncGenerator<AnswerPart> {
  const variant = detectLanguage(question) === 'zh' ? traditionalVariantOf(question) : null;
  if (variant === null) {
    yield* parts;
    return;
  }
  const sources = new SourceSentences();
  const asWritten = (citations: Citation[]): Citation[] =>
    citations.map((citation) => {
      const original = originalTextOf(citation.id);
      sources.learn(citation, original);
      return citationAsWritten(citation, original, variant);
    });
  const convert = (text: string) => convertText(text, variant, sources);
  let streamed = '';
  let shown = '';
  for await (const part of parts) {
    if (part.type === 'citations') yield { type: 'citations', citations: asWritten(part.citations) };
    else if (part.type === 'text-delta') {
      const text = convert(part.text);
      streamed += part.text;
      shown += text;
      yield { type: 'text-delta', text };
    } else {
      const { response } = part;
      const citations = asWritten(response.citations);
      const converted: AnswerResponse = {
        ...response,
        answer: response.answer === streamed ? shown : convert(response.answer),
        language: 'zh-Hant',
        citations,
        ...(response.notice !== undefined ? { notice: convert(response.notice) } : {}),
        ...(response.resolvedQuestion !== undefined ? { resolvedQuestion: convert(response.resolvedQuestion) } : {}),
        ...(response.suggestions !== undefined ? { suggestions: response.suggestions.map(convert) } : {}),
      };
      yield { type: 'done', response: converted };
    }
  }
}
