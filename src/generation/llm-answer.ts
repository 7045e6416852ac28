import type { AnswerPart, AnswerRequest, Citation } from '../question/answer-parts.ts';
import type { Language } from '../text/detect-language.ts';
import type { RetrievedChunk } from '../retrieval/retriever.ts';
import type { Analysis } from '../evidence/create-analyzer.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { toCitation, type DocumentTitleOf, type EnglishFor, type ExtractiveAnswer } from './extractive-answer.ts';
import type { Generator as TextGenerator, NumberedPassage } from './generator.ts';
import type { EchoTally } from './prompt-echo.ts';
import { redactForSource, type ContactPolicy } from './redact-contacts.ts';
import { streamLlmAnswer, type LlmOutcome } from './stream-llm-answer.ts';

export interface LlmAnswer {
  /** The verified answer, or null when nothing the model wrote was shown (the extractive answer takes its place). */
  result: ExtractiveAnswer | null;
  outcome: LlmOutcome;
  notice?: string;
}

export interface LlmAnswerOptions {
  llm: TextGenerator;
  echoes: EchoTally | null;
  documentTitle: DocumentTitleOf;
  /** The passages' English editions: in the prompt for an English question, and on the citations. */
  englishFor?: EnglishFor;
  /** Each source's contact policy: the model is sent only the contact data its source lets the service show. */
  policyOf?: (docId: string) => ContactPolicy;
}

/** What the user is told when the model's answer is not (all) shown. */
export function llmNotice(outcome: LlmOutcome, language: Language): string | undefined {
  const zh = language === 'zh';
  if (outcome.kind === 'fallback') {
    if (outcome.reason === 'echo')
      return zh ? '大模型的回答复述了它的指令，以下为抽取式答案。' : "The language model's answer repeated its instructions; this is the extractive answer.";
    return zh ? '大模型暂不可用，以下为抽取式答案。' : 'The language model is unavailable; this is the extractive answer.';
  }
  const notes: string[] = [];
  if (outcome.verified.removed.length > 0) notes.push(`${outcome.verified.removed.length} unsupported sentence(s) removed from the model's answer`);
  if (outcome.stopped === 'failed')
    notes.push(zh ? '大模型的回答中途中断，只保留了已核实的部分。' : 'The language model stopped mid-answer; only the part already verified is shown.');
  if (outcome.stopped === 'echo')
    notes.push(zh ? '大模型的回答随后复述了它的指令，这部分已删去。' : "The rest of the language model's answer repeated its instructions and was left out.");
  return notes.length === 0 ? undefined : notes.join(' ');
}

/**
 * Retrieved passages numbered as the model sees and cites them. With `policyOf`, contact data the source does not
 * let the service show (a named person's mobile, a re-post's hotline) is removed before the passage goes to the
 * model: a hosted model is another party, and what it never reads it cannot repeat. The output is redacted again.
 */
export function numberPassages(
  hits: readonly RetrievedChunk[],
  documentTitle: DocumentTitleOf,
  englishFor?: EnglishFor,
  policyOf?: (docId: string) => ContactPolicy,
): NumberedPassage[] {
  return hits.map((hit, index) => {
    const shown = (text: string) => (policyOf === undefined ? text : redactForSource(text, policyOf(hit.chunk.docId)));
    const edition = englishEditionFor(hit.chunk, englishFor);
    const english = edition === undefined ? undefined : { title: shown(edition.title), text: shown(edition.text) };
    return {
      n: index + 1,
      id: hit.chunk.id,
      title: shown(hit.chunk.title),
      section: hit.chunk.section,
      year: hit.chunk.year,
      text: shown(hit.chunk.text),
      documentTitle: documentTitle(hit.chunk),
      ...(english !== undefined ? { english } : {}),
    };
  });
}

function englishEditionFor(chunk: Chunk, englishFor: EnglishFor | undefined): { title: string; text: string } | undefined {
  const edition = englishFor?.(chunk, []);
  return edition === undefined ? undefined : { title: edition.title, text: edition.text };
}

/**
 * The model's answer over the retrieved passages: their citations first, then the verified text as it
 * streams; citations renumbered to the passages the verified text cites.
 */
export async function* llmAnswer(
  analysis: Analysis,
  request: AnswerRequest,
  { llm, echoes, documentTitle, englishFor, policyOf }: LlmAnswerOptions,
): AsyncGenerator<AnswerPart, LlmAnswer> {
  const hits = analysis.retrieval.hits.slice(0, Math.min(request.topK ?? 6, 8));
  const passages = numberPassages(hits, documentTitle, englishFor, policyOf);
  yield { type: 'citations', citations: hits.map((hit, index) => toCitation(hit.chunk, index + 1, '', hit.score, documentTitle, englishFor)) };
  // Delegated, so a consumer that stops early also stops the model's stream.
  const outcome = yield* streamLlmAnswer(
    llm,
    {
      question: analysis.resolvedQuestion ?? analysis.question,
      language: analysis.language,
      passages,
      history: request.history ?? [],
      ...(request.signal ? { signal: request.signal } : {}),
    },
    echoes,
  );
  const notice = llmNotice(outcome, analysis.language);
  const noted = notice === undefined ? {} : { notice };
  if (outcome.kind !== 'answered') return { result: null, outcome, ...noted };
  const citations = outcome.verified.cited.flatMap(({ n, originalN, quote }): Citation[] => {
    const hit = hits[originalN - 1];
    return hit === undefined ? [] : [toCitation(hit.chunk, n, quote, hit.score, documentTitle, englishFor)];
  });
  return { result: { answer: outcome.verified.answer, answered: citations.length > 0, citations }, outcome, ...noted };
}
