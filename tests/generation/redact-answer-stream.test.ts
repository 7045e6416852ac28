import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerPart, AnswerResponse, Citation, PassageView } from '../../src/question/answer-parts.ts';
import { redactAnswerStream, redactPassageView, type PolicyOf } from '../../src/generation/redact-answer-stream.ts';
import { redactContacts } from '../../src/generation/redact-contacts.ts';

const response = (answer: string, citations: Citation[] = []): AnswerResponse => ({
  answer,
  answered: true,
  language: 'zh',
  citations,
  mode: { retrieval: 'lexical', generator: 'llm' },
  timingsMs: { retrieval: 0, generation: 0, total: 0 },
});

const citation = (docId: string, text: string): Citation => ({
  n: 1,
  id: `${docId}#1`,
  docId,
  title: 't',
  section: [],
  year: 2023,
  text,
  quote: text,
  score: 1,
  documentTitle: { zh: 'z', en: 'e' },
});

/** What an engine streams: citations, `pieces` as deltas (as an LLM does), then `done` with their concatenation. */
async function* engineParts(pieces: string[], citations: Citation[] = []): AsyncGenerator<AnswerPart> {
  yield { type: 'citations', citations };
  for (const text of pieces) yield { type: 'text-delta', text };
  yield { type: 'done', response: response(pieces.join(''), citations) };
}

const policies: PolicyOf = (docId) => (docId === 'official' ? 'organisational' : 'none');

async function collect(parts: AsyncIterable<AnswerPart>): Promise<{ deltas: string[]; parts: AnswerPart[]; done: AnswerResponse }> {
  const all: AnswerPart[] = [];
  for await (const part of parts) all.push(part);
  const done = all.at(-1);
  if (done?.type !== 'done') throw new Error('no done part');
  return { deltas: all.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])), parts: all, done: done.response };
}

const officialHotline = '0512-6688 8000';
const officialEmail = 'invest-service@example.gov.cn';
const officialCitation = citation('official', `投资咨询热线：${officialHotline}，邮箱：${officialEmail}。`);
const keepOfficial = { keep: (contact: { key: string }) => ['051266888000', officialEmail].includes(contact.key) };

const contact = fc.constantFrom(
  '13800138000',
  '138 0013 8000',
  '+86 138-0013-8000',
  '１３３９１２１９７９３',
  '1 3 3 9 1 2 1 9 7 9 3',
  '1.3.3.9.1.2.1.9.7.9.3',
  '一三三九一二一九七九三',
  '400 0123 021',
  '(0512) 66668888',
  'boss@example.com',
  'first.last+tag@mail.example.org',
  '微信号：abc_12345',
  'WeChat ID: sip_official1',
  'vx：starport_2024',
  'V信：sp-zhang88',
  '薇信 sp_zhang88',
  '加V starport_2024',
  '企鹅号：12345678',
  'Telegram: @sp_zhang',
  '＠starport_2024',
  officialHotline,
  officialEmail,
);
const prose = fc.oneof(
  fc.constantFrom(
    '园区企业服务中心设有窗口。',
    '请致电',
    '或发邮件至',
    ' and e-mail ',
    'The park reported 3,150 companies in 2020. ',
    '[1]。',
    ' ',
    '2020年产值1022亿元，增长21.9%',
    'call us on ',
    '第一',
    '三家',
    '2020年7月3日',
    'PD-1和DFM-2',
    'G60科创走廊',
    '加',
    '微',
    'V',
    'Tel: ',
  ),
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

describe('redactAnswerStream (every answer the engine gives leaves through it)', () => {
  it('streams what redacting the whole answer says, however a contact is split across deltas, and done says the same', async () => {
    const separator = fc.constantFrom('，', '。', ' ', '、', '\n', '：');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(prose, contact), separator), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        fc.boolean(),
        async (pieces, cuts, fromOfficial) => {
          const text = pieces.flat().join('');
          const { deltas, done } = await collect(redactAnswerStream(engineParts(split(text, cuts), fromOfficial ? [officialCitation] : []), policies));
          const streamed = deltas.join('');
          expect(streamed).toBe(redactContacts(text, fromOfficial ? keepOfficial : {}));
          // Nothing is withdrawn: the final answer is exactly what was streamed.
          expect(done.answer).toBe(streamed);
          // Nothing the finder recognises is left (redacting again changes nothing).
          expect(redactContacts(streamed, fromOfficial ? keepOfficial : {})).toBe(streamed);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never contradicts a delta, even for contacts written back to back, and leaves nothing recognisable', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(prose, contact), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        async (pieces, cuts) => {
          const { deltas, done } = await collect(redactAnswerStream(engineParts(split(pieces.join(''), cuts)), policies));
          expect(done.answer).toBe(deltas.join(''));
          expect(redactContacts(done.answer)).toBe(done.answer);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lets no personal contact through, however the deltas fall', async () => {
    const separated = fc
      .array(fc.tuple(prose, contact), { minLength: 1, maxLength: 5 })
      .map((pairs) => pairs.map(([text, planted]) => `${text}，${planted}。`).join(''));
    await fc.assert(
      fc.asyncProperty(separated, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), async (text, cuts) => {
        const streamed = (await collect(redactAnswerStream(engineParts(split(text, cuts), [officialCitation]), policies))).deltas.join('');
        expect(streamed).not.toMatch(
          /13800138000|138 0013 8000|138-0013-8000|１３３９|1 3 3 9|1\.3\.3|一三三九|0123[ -]021|66668888|example\.(?:com|org)|sip_official1|abc_12345|starport_2024|sp-zhang88|sp_zhang/,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('holds back little: prose is released within a sentence, not at the end', async () => {
    const pieces = [...'园区企业服务中心设有综合受理、政策兑现、人才服务等窗口。2023年共受理申请3200件。'];
    const { deltas } = await collect(redactAnswerStream(engineParts(pieces), policies));
    expect(deltas.length).toBeGreaterThan(pieces.length / 2);
  });

  it('keeps an official source’s hotline and e-mail in the answer and its citation, and nobody’s mobile', async () => {
    const answer = `投资咨询热线为${officialHotline}，邮箱${officialEmail} [1]。项目经理手机13912345678 [1]。`;
    const { done, parts } = await collect(redactAnswerStream(engineParts([answer], [officialCitation]), policies));
    expect(done.answer).toBe(`投资咨询热线为${officialHotline}，邮箱${officialEmail} [1]。项目经理手机[contact removed] [1]。`);
    expect(done.citations[0]?.text).toContain(officialHotline);
    expect(parts[0]).toEqual({ type: 'citations', citations: [officialCitation] });
  });

  it('removes the same hotline when it comes from a source whose policy is "none", or from no cited source at all', async () => {
    const answer = `咨询热线为${officialHotline} [1]。`;
    const repost = citation('repost', `咨询热线：${officialHotline}。`);
    for (const citations of [[repost], []]) {
      const { done, deltas, parts } = await collect(redactAnswerStream(engineParts([answer], citations), policies));
      expect(done.answer).toBe('咨询热线为[contact removed] [1]。');
      expect(deltas.join('')).toBe(done.answer);
      expect(JSON.stringify(parts)).not.toContain('6688');
    }
  });

  it('shows a passage as its source’s policy allows: organisational contacts only from an official source, personal ones never', () => {
    const text = `热线：${officialHotline}，李女士手机：139 1234 5678，微信号：li_sip2024。`;
    const view = (docId: string): PassageView => ({
      chunk: { id: `${docId}#1`, docId, title: 't', section: [], year: 2023, lang: 'zh', text, textOriginal: text, start: 0, end: 1, kind: 'paragraph' },
      document: { slug: docId, file: 'f', title: { zh: 'z', en: 'e' } },
    });
    expect(redactPassageView(view('official'), policies).chunk.text).toBe(`热线：${officialHotline}，李女士手机：[contact removed]，[contact removed]。`);
    const repost = redactPassageView(view('repost'), policies).chunk;
    expect(repost.text).toBe('热线：[contact removed]，李女士手机：[contact removed]，[contact removed]。');
    expect(repost.textOriginal).toBe(repost.text);
  });
});
