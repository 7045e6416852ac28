import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingAttributes } from '../../src/question/asked-attributes.ts';
import { withoutQuotations } from '../../src/text/without-quotations.ts';
import { generalTermAsked } from '../../src/question/general-term.ts';
import { isInstructionLike } from '../../src/text/instruction-like.ts';
import { namePlaces } from '../../src/question/key-terms.ts';
import { analyzeQuestion, hasQuantity } from '../../src/question/question-analysis.ts';
import { capitalisedPhrase } from '../../src/question/resolve-follow-up.ts';
import { splitSentences } from '../../src/generation/verify-citations.ts';
import { followedBy } from '../../src/text/followed-by.ts';
import { loadGlossary } from '../../src/text/glossary.ts';

/**
 * Issue 11: patterns that rescanned user text (one compiled per name and run from every opening quote,
 * `a.*b` from every `a`, `(.+?)\s*$` from every character, `[…]+$` from every mark) were rewritten to read
 * the text once. Each rewrite must match exactly what the pattern it replaced matched: here the original
 * patterns are the oracles, on text made of the pieces they react to.
 */
const pieces = [
  'What ',
  'what is ',
  'What are ',
  'What does ',
  'define ',
  'a ',
  'an ',
  'the ',
  'The ',
  'Shanghai ',
  "Beijing's ",
  'Hong Kong ',
  'Qaaa',
  'Qaab ',
  'Wang ',
  'AISpeech',
  "O'Neil ",
  'A*STAR',
  'AAAA',
  'aA',
  'of ',
  'and ',
  ' park',
  ' Park',
  ' business',
  ' industrial',
  ' zone',
  ' district',
  ' new area',
  '“',
  '”',
  '‘',
  '’',
  '"',
  "'",
  "'s",
  '’s',
  ' ',
  '   ',
  '\n',
  '\r',
  '\u2028',
  '?',
  '？',
  '.',
  '。',
  '，',
  '；',
  '!',
  'Co.',
  'U.S.',
  '1',
  '12',
  '1.',
  '2020',
  '2021年',
  'G60',
  'DFM-2',
  'abc',
  '《',
  '》',
  '第十一届',
  '纳米',
  'change ',
  'changes',
  'from ',
  'between ',
  'grew ',
  'increase ',
  'how much is ',
  'how well do ',
  'paid',
  ' earn',
  'how much does ',
  ' cost',
  'act as ',
  'assistant',
  ' model',
  'AI',
  ' do',
  ' do.',
  ' stand for',
  ' mean',
  'MEMS',
  'IPO',
  '[1]',
  '[2,3]',
  'x',
  'X',
  '\t',
];
const text = (maxLength = 30) => fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(''));
const runs = { numRuns: 3000 };
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const glossary = loadGlossary('corpus/glossary.json');

describe('key terms: where names stand, found once per question', () => {
  const labels = fc.constantFrom(
    'Qaaa',
    'Qaab',
    'Qaaa Qaab',
    'Wang',
    "O'Neil",
    'AISpeech',
    'Hong Kong',
    'Park',
    'park',
    'zone',
    'the',
    'A*STAR',
    'AAAA',
    'X',
    'x',
  );

  it('quoted: what ["“\'‘][^"”\'’]*NAME[^"”\'’]*["”\'’] matched', () => {
    fc.assert(
      fc.property(
        text(),
        labels,
        (question, label) => namePlaces(question).quoted(label) === new RegExp(`["“'‘][^"”'’]*${escape(label)}[^"”'’]*["”'’]`).test(question),
      ),
      runs,
    );
  });

  it('part of another city: what \\b(?:Shanghai|…)(?:’s)?\\s+NAME matched', () => {
    const cities =
      'Shanghai|Beijing|Shenzhen|Hangzhou|Nanjing|Wuxi|Guangzhou|Chengdu|Hefei|Wuhan|Tianjin|Chongqing|Xiamen|Ningbo|Changzhou|Kunshan|Singapore|Hong Kong';
    fc.assert(
      fc.property(
        text(),
        labels,
        (question, label) => namePlaces(question).afterCity(label) === new RegExp(`\\b(?:${cities})(?:[’']s)?\\s+${escape(label)}`).test(question),
      ),
      runs,
    );
  });

  it('before "… park": what NAME(?:’s)?\\s+(?:(?:business|…)\\s+)*(?:park|zone|…)\\b/i matched', () => {
    const oracle = (label: string) =>
      new RegExp(
        `${escape(label)}(?:[’']s)?\\s+(?:(?:hi-tech|high-tech|business|industrial|science|economic|development|free trade)\\s+)*(?:park|zone|district|new area|county|province)\\b`,
        'i',
      );
    fc.assert(
      fc.property(text(), labels, (question, label) => namePlaces(question).beforePlaceWord(label) === oracle(label).test(question)),
      runs,
    );
  });
});

describe('follow-ups: the longest run of capitalised words', () => {
  it('finds what the plain pattern found, trying every capital', () => {
    const oracle = (value: string) => {
      const found = value.match(/(?:[A-Z][\w'’*&-]*)(?:\s+(?:of|and|for|the|[A-Z][\w'’*&-]*))*\s+[A-Z][\w'’*&-]*/g) ?? [];
      const cleaned = found
        .map((run) => run.replace(/^(?:What|When|Where|Which|Who|How|Why|Did|Does|Do|Is|Was|Are|Were|In|And|The)\s+/, ''))
        .filter((run) => run.split(/\s+/).length >= 2);
      return cleaned.sort((left, right) => right.length - left.length)[0] ?? null;
    };
    fc.assert(
      fc.property(text(), (value) => capitalisedPhrase(value) === oracle(value)),
      runs,
    );
  });
});

describe('followedBy: /first.*then/ in one pass', () => {
  it.each([
    [/\bchange[ds]?\b/i, /\b(?:between|from)\b/gi],
    [/\bwhat does /i, / do\b/gi],
    [/\bact as\b/i, /\b(?:assistant|model|ai)\b/gi],
  ])('%s … %s', (first, then) => {
    const oracle = new RegExp(`${first.source}.*${then.source}`, first.flags);
    fc.assert(
      fc.property(text(), (value) => followedBy(value, first, then) === oracle.test(value)),
      runs,
    );
  });

  it('refuses a `then` it cannot search from a position', () => {
    expect(() => followedBy('a b', /a/, /b/)).toThrow(/global/);
  });
});

describe('question analysis, asked attributes and instructions: the `.*` phrasings', () => {
  const enNumber =
    /\bchange[ds]?\b.*\b(?:between|from)\b|\b(?:grow|grew|increase[ds]?|rise|rose)\b.*\bfrom\b|\bprices?\b|\bcosts?\b|\brents?\b|\bsalar(?:y|ies)\b|\bhow (?:many|much|large|big|long|high)\b|\bwhat (?:was|is|were|are) (?:the|its|their) (?:[\w-]+ ){0,3}(?:number|total|output|value|revenue|share|percentage|proportion|amount|size|area|scale|growth|rank|ranking|investment|count)\b|\bwhat percentage\b|\bnumber of\b|\boutput value\b|\bhow fast\b/i;
  const enDefinition =
    /^\s*(?:what|who) (?:is|are|was|were) (?!(?:the|its|their) (?:[\w-]+ ){0,3}(?:number|total|output|value|share|amount|revenue|investment)\b)|\btell me about\b|\bwhat does .* do\b|\bdescribe\b/i;

  // Since 2026-12-07 (fourth session): "What are SIP's three emerging industries?" asks for names, not a definition.
  const enCountedNames = /\bwhat (?:are|were) (?:[\w'’]+ ){0,2}?(?:two|three|four|five|six|seven|eight|nine|ten|\d+) [a-z]/i;

  it('number and definition questions are what the original patterns said', () => {
    fc.assert(
      fc.property(text(), (question) => {
        const needs = analyzeQuestion(question, 'en');
        const definition = !needs.number && !needs.date && enDefinition.test(question) && !enCountedNames.test(question);
        return needs.number === enNumber.test(question) && needs.definition === definition;
      }),
      runs,
    );
  });

  it('salaries and prices are asked for when the original patterns said so', () => {
    const salaries =
      /\bsalar(?:y|ies)\b|\bwages?\b|\bhow (?:much|well) (?:are|is|do|does|will) .*\b(?:paid|earn)\b|\bpay (?:levels?|scales?|rates?)\b|\bearn(?:s|ings)?\b/i;
    const prices = /\bprices?\b|\bcosts? per\b|\bhow much does .* cost\b|\bpriced\b/i;
    fc.assert(
      fc.property(text(), (question) => {
        const asked = missingAttributes(question, 'en', '').map((attribute) => attribute.en);
        return asked.includes('salaries') === salaries.test(question) && asked.includes('prices') === prices.test(question);
      }),
      runs,
    );
  });

  it('text addressed to a model is what the original patterns said', () => {
    const original = [
      /忽略(?:之前|以上|上述|前面|先前)?的?(?:所有|全部|一切)?(?:指令|指示|提示|要求|规则|设定)/,
      /无视(?:之前|以上|上述)?的?(?:所有)?(?:指令|指示|提示|规则)/,
      /(?:你现在是|从现在起你是|请扮演|系统提示词?|system prompt)/i,
      /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|rules|messages?)/i,
      /\byou are now\b|\bact as\b.*\b(?:assistant|model|ai)\b|\bnew instructions?\s*:/i,
    ];
    fc.assert(
      fc.property(text(), (sentence) => isInstructionLike(sentence) === original.some((pattern) => pattern.test(sentence))),
      runs,
    );
  });

  it("digits inside names are skipped from a word's start, as the pattern skipped them from any letter", () => {
    const yearsAndDates = /(?<!\d)(?:19|20)\d{2}(?:年|—|-|－|～)?|\d{1,2}月(?:\d{1,2}(?:—\d{1,2})?日)?|\d{1,2}日/g;
    const oracle = (sentence: string, rank: boolean) => {
      const rest = sentence.replace(yearsAndDates, '').replace(/[A-Za-z]+-?\d+[A-Za-z0-9]*/g, '');
      const quantity = /\d|[一二两三四五六七八九十百千万亿]+(?:家|个|项|人|亿|万|期|轮|届|批)/;
      return rank
        ? quantity.test(rest.replace(/第[一二三四五六七八九十\d]+/g, '')) || /第[一二三四五六七八九十\d]+(?!代)/.test(rest)
        : quantity.test(rest.replace(/第[一二三四五六七八九十\d]+[^，。；]?/g, ''));
    };
    fc.assert(
      fc.property(text(), fc.boolean(), (sentence, rank) => hasQuantity(sentence, { rank }) === oracle(sentence, rank)),
      runs,
    );
  });
});

describe('general terms: the subject of "What is …?"', () => {
  const zhAsks = [/^(?:请问)?(?:什么是|何为|何谓|啥是)(.+?)[？?]?$/, /^(?:请问)?(.+?)(?:是什么意思|是指什么|指的是什么|是什么|是啥)[？?]?$/];
  const enAsks = [
    /^\s*what (?:is|are) (?:an? |the )?(.+?)\s*\??$/i,
    /^\s*what does (?:an? |the )?(.+?) (?:stand for|mean)\s*\??$/i,
    /^\s*define (.+?)\s*\??$/i,
  ];
  // generalTermAsked as it was, with the original patterns.
  const oracle = (question: string, language: 'zh' | 'en') => {
    const subject = (language === 'zh' ? zhAsks : enAsks)
      .map((pattern) => pattern.exec(question.trim())?.[1])
      .find((match) => match !== undefined)
      ?.trim();
    if (subject === undefined || subject === '') return null;
    const lower = subject.toLowerCase();
    const entry = glossary.find(
      (item) =>
        item.kind === 'term' &&
        (language === 'zh' ? [item.zh, ...(item.aliases ?? [])].includes(subject) : item.en.some((name) => name.toLowerCase() === lower)),
    );
    if (entry !== undefined) return [entry.zh, ...(entry.aliases ?? [])];
    return language === 'en' && /^[A-Z0-9]{2,6}s?$/.test(subject) && !glossary.some((item) => item.en.some((name) => name.toLowerCase() === lower))
      ? [subject]
      : null;
  };

  it('is what the original patterns captured', () => {
    const questions = fc.oneof(
      text(),
      text(8).map((value) => `What is ${value}`),
      text(8).map((value) => `what does the ${value} stand for ?`),
      text(6).map((value) => `Define ${value}  ?`),
    );
    fc.assert(
      fc.property(questions, fc.constantFrom('zh' as const, 'en' as const), (question, language) => {
        expect(generalTermAsked(question, language, glossary)).toEqual(oracle(question, language));
      }),
      runs,
    );
  });
});

describe('quotations taken out of a sentence before its year is read', () => {
  it('removes what /“[^”]*”|《[^》]*》|"[^"]*"/g removed', () => {
    fc.assert(
      fc.property(text(), (sentence) => withoutQuotations(sentence) === sentence.replace(/“[^”]*”|《[^》]*》|"[^"]*"/g, '')),
      runs,
    );
  });
});

describe('citation verification: sentences of a model answer', () => {
  // splitSentences as it was (with the stop test that re-read the whole text before every full stop).
  const abbreviations = new Set(
    'mr mrs ms dr prof st no nos co ltd inc corp jr sr vs approx fig dept univ govt est jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf al'.split(
      ' ',
    ),
  );
  const markerSource = String.raw`[\[【［]\s*[0-9０-９]{1,3}(?:\s*[,，、;；\-–~]\s*[0-9０-９]{1,3})*\s*[\]】］]`;
  const markerRun = new RegExp(`${markerSource}(?:\\s*${markerSource})*`, 'g');
  const isStop = (value: string, index: number) => {
    const next = value[index + 1];
    if (next !== undefined && !/\s/.test(next) && !/[”’"'」』）)]/.test(next) && next !== '[' && next !== '【' && !/[\u3400-\u9fff]/.test(next)) return false;
    const before = value.slice(0, index);
    const token = /([A-Za-z.]+|\d+)$/.exec(before)?.[1] ?? '';
    if (abbreviations.has(token.toLowerCase())) return false;
    if (/^[A-Z]$|[A-Za-z]\.[A-Za-z]$/.test(token)) return false;
    if (/^\d{1,2}$/.test(token) && /(^|\n)[ \t]*\d{1,2}$/.test(before)) return false;
    return true;
  };
  const oracle = (value: string, language: 'zh' | 'en') => {
    const sentences: string[] = [];
    let start = 0;
    for (let index = 0; index < value.length; index += 1) {
      const character = value[index] ?? '';
      if (!(/[。！？!?\n]/.test(character) || (character === '.' && language === 'en' && isStop(value, index)))) continue;
      let end = index + 1;
      while (end < value.length && /[。！？!?.”’"'」』）)]/.test(value[end] ?? '')) end += 1;
      const trailing = new RegExp(`^[ \\t]*${markerRun.source}`).exec(value.slice(end));
      if (trailing) end += trailing[0].length;
      while (end < value.length && /\s/.test(value[end] ?? '')) end += 1;
      sentences.push(value.slice(start, end));
      start = end;
      index = end - 1;
    }
    if (start < value.length) sentences.push(value.slice(start));
    return sentences;
  };

  it('splits where the original split', () => {
    fc.assert(
      fc.property(text(40), fc.constantFrom('zh' as const, 'en' as const), (answer, language) => {
        expect(splitSentences(answer, language)).toEqual(oracle(answer, language));
      }),
      runs,
    );
  });
});
