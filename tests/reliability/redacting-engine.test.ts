import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerEngine, AnswerPart, AnswerResponse } from '../../src/generation/answer-parts.ts';
import { redactingEngine, redactFully } from '../../src/server/redacting-engine.ts';

const response = (answer: string): AnswerResponse => ({
  answer,
  answered: true,
  language: 'zh',
  citations: [],
  mode: { retrieval: 'lexical', generator: 'llm' },
  timingsMs: { retrieval: 0, generation: 0, total: 0 },
});

/** An engine that streams `pieces` as deltas, as an LLM does, then `done` with their concatenation. */
function streamingEngine(pieces: string[]): AnswerEngine {
  return {
    async *stream() {
      yield { type: 'citations', citations: [] };
      for (const text of pieces) yield { type: 'text-delta', text };
      yield { type: 'done', response: response(pieces.join('')) };
    },
    answer: async () => response(pieces.join('')),
    passage: () => undefined,
    health: () => {
      throw new Error('unused');
    },
  };
}

async function deltasOf(engine: AnswerEngine): Promise<string[]> {
  const texts: string[] = [];
  for await (const part of engine.stream({ question: 'q' }) as AsyncIterable<AnswerPart>) if (part.type === 'text-delta') texts.push(part.text);
  return texts;
}

const contact = fc.constantFrom('13800138000', '138 0013 8000', '+86 138-0013-8000', '400 0123 021', '400-0123-021', '(0512) 66668888', 'boss@example.com', 'first.last+tag@mail.example.org', '微信号：abc_12345', 'WeChat ID: sip_official1');
const prose = fc.oneof(
  fc.constantFrom('园区企业服务中心设有窗口。', '请致电', '或发邮件至', ' and e-mail ', 'The park reported 3,150 companies in 2020. ', '[1]。', ' ', '2020年产值1022亿元，增长21.9%', 'call us on '),
  fc.string({ maxLength: 12 }),
);

/** Cuts `text` at the given fractions: the same text arriving as differently sized deltas. */
function split(text: string, cuts: number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => Math.floor(cut * text.length)))].sort((left, right) => left - right);
  const pieces: string[] = [];
  let last = 0;
  for (const position of positions) {
    pieces.push(text.slice(last, position));
    last = position;
  }
  pieces.push(text.slice(last));
  return pieces.filter((piece) => piece !== '');
}

describe('redactingEngine (the HTTP boundary)', () => {
  it('streams the same redacted text however a contact is split across deltas', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(prose, contact), { minLength: 1, maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), async (parts, cuts) => {
        const text = parts.join('');
        const deltas = await deltasOf(redactingEngine(streamingEngine(split(text, cuts))));
        const streamed = deltas.join('');
        // However the text was cut, the stream says what redacting the whole text says.
        expect(streamed).toBe(redactFully(text));
        // And nothing the redactor recognises is left (redacting again changes nothing).
        expect(redactFully(streamed)).toBe(streamed);
      }),
      { numRuns: 400 },
    );
  });

  it('lets no planted contact through when it stands apart from other text, however the deltas fall', async () => {
    const separated = fc.array(fc.tuple(prose, contact), { minLength: 1, maxLength: 5 }).map((pairs) => pairs.map(([text, planted]) => `${text}，${planted}。`).join(''));
    await fc.assert(
      fc.asyncProperty(separated, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), async (text, cuts) => {
        const streamed = (await deltasOf(redactingEngine(streamingEngine(split(text, cuts))))).join('');
        expect(streamed).not.toMatch(/13800138000|138 0013 8000|138-0013-8000|0123[ -]021|66668888|example\.(?:com|org)|sip_official1|abc_12345/);
      }),
      { numRuns: 400 },
    );
  });

  it('holds back little: prose is released within a sentence, not at the end', async () => {
    const pieces = [...'园区企业服务中心设有综合受理、政策兑现、人才服务等窗口。2023年共受理申请3200件。'];
    const deltas = await deltasOf(redactingEngine(streamingEngine(pieces)));
    expect(deltas.length).toBeGreaterThan(pieces.length / 2);
  });

  it('redacts citations and passages too, keeping everything else', async () => {
    const citation = { n: 1, id: 'd#1', docId: 'd', title: '电话 13800138000', section: [], year: 2023, text: '联系电话13800138000，邮箱boss@example.com。', quote: '邮箱boss@example.com。', score: 1, documentTitle: { zh: 'z', en: 'e' } };
    const engine: AnswerEngine = {
      ...streamingEngine([]),
      answer: async () => ({ ...response('见 boss@example.com [1]。'), citations: [citation], notice: 'kept' }),
      passage: () => ({ chunk: { id: 'd#1', docId: 'd', title: 't', section: [], year: 2023, lang: 'zh', text: citation.text, textOriginal: '聯繫電話13800138000', start: 0, end: 1, kind: 'paragraph' }, document: { slug: 'd', file: 'f', title: { zh: 'z', en: 'e' } } }),
    };
    const safe = redactingEngine(engine);
    const answered = await safe.answer({ question: 'q' });
    expect(JSON.stringify(answered)).not.toMatch(/13800138000|boss@example\.com/);
    expect(answered.notice).toBe('kept');
    expect(answered.citations[0]?.quote).toBe('邮箱[contact removed]。');
    expect(JSON.stringify(safe.passage('d#1'))).not.toMatch(/13800138000|boss@example\.com/);
  });
});
