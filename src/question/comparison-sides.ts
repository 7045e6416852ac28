import type { Language } from '../text/detect-language.ts';

// Read by position (indexOf, one pass over the words), not with one pattern over the whole question: a pattern of
// lazy groups around " or " took 0.4 s on a 300-character question padded with spaces (issue 11's lesson).
const enComparative = /^(?:more|less|fewer|higher|lower|larger|bigger|smaller|faster|slower|greater|earlier|later|most|fewest|highest|lowest|largest)$/i;
const enAsksWhich = /^(?:which|who)$/i;
const enAuxiliary = /^(?:did|does|do|was|were|is|has|had)$/i;
/** Where the second side of "Did BioBAY or Nano City host more…?" ends: its verb. */
const enVerb = new RegExp(
  String.raw`^(?:host|have|has|had|get|got|receive|attract|see|saw|record|produce|make|made|raise|grow|grew|invest|spend|spent|gain|bring|` +
    String.raw`brought|win|won|hire|employ|achieve|reach|register|file|own|build|built|add|account)\w*$`,
  'i',
);
const zhMarkers = ['哪一个', '哪个', '哪家', '谁'];
const zhConjunctions = ['还是', '和', '与', '跟'];
const zhShared = /^(?:(?:19|20)\d{2}年(?:底|末|初|上半年|下半年)?[，,]?)?(?:苏州工业园区|园区)?(?:的)?/;
const zhComparative = /更|最|多还是少/;

const withoutArticle = (side: string) => side.trim().replace(/^the\s+/i, '');

const enVersus = /\s+(?:versus|vs\.?|compared (?:with|to)|as against)\s+/i;
const enFunctionWord = /^(?:did|does|do|was|were|is|are|has|have|had|in|of|for|at|by|on|the|how|many|much|what|which|and|with|to)$/i;

/**
 * "Nanotech companies in SIP: early 2022 versus 2023?" (the frame before a colon, one side each), and "…did SIP's
 * biomedicine industry have compared with its AI industry?" (the second side takes the first's place: the phrase
 * ending in the same head noun).
 */
function versusSides(body: string): [string, string] | null {
  const versus = enVersus.exec(body);
  if (versus === null) return null;
  const left = body.slice(0, versus.index);
  const right = withoutArticle(body.slice(versus.index + versus[0].length));
  if (right === '') return null;
  const colon = left.lastIndexOf(':');
  if (colon > 0) return [`${left}?`, `${left.slice(0, colon)} ${right}?`];
  const words = left.split(/\s+/);
  const head = right.split(/\s+/).at(-1)?.toLowerCase() ?? '';
  const end = words.map((word) => word.toLowerCase().replace(/[’']s$/, '')).lastIndexOf(head);
  if (end < 0) return null;
  let start = end;
  while (start > 0 && !enFunctionWord.test(words[start - 1] as string)) start -= 1;
  return [`${left}?`, `${[...words.slice(0, start), right, ...words.slice(end + 1)].join(' ')}?`];
}

/** "More biotech or AI firms in SIP in 2020?": the second side's head noun and the rest are the first's too. */
function comparativeFirstSides(body: string, words: string[]): [string, string] | null {
  if (!enComparative.test(words[0] ?? '')) return null;
  const or = body.indexOf(' or ');
  const leftWords = body
    .slice((words[0] as string).length, or)
    .trim()
    .split(/\s+/);
  const rightWords = body
    .slice(or + 4)
    .trim()
    .split(/\s+/);
  // "More … or …" compares counts: each side asks how many.
  const asks = /^(?:more|fewer|less)$/i.test(words[0] as string) ? 'How many' : (words[0] as string);
  if (leftWords[0] === '' || rightWords.length <= leftWords.length) return [`${asks} ${leftWords.join(' ')}?`, `${asks} ${rightWords.join(' ')}?`];
  const shared = rightWords.slice(leftWords.length).join(' ');
  return [`${asks} ${leftWords.join(' ')} ${shared}?`, `${asks} ${rightWords.join(' ')}?`];
}

/** "At the end of 2020, which hosted more companies: BioBAY or Nano City?" and "Did A or B host more …?". */
function englishSides(question: string): [string, string] | null {
  const body = question.trim().replace(/\?+$/, '').trimEnd();
  const versus = versusSides(body);
  if (versus !== null) return versus;
  const or = body.lastIndexOf(' or ');
  if (or < 0) return null;
  const words = body.split(/\s+/);
  const hasComparative = words.some((word) => enComparative.test(word.replace(/[:,]$/, '')));
  if (!hasComparative) return null;
  const comparativeFirst = comparativeFirstSides(body, words);
  if (comparativeFirst !== null) return comparativeFirst;
  if (words.some((word) => enAsksWhich.test(word))) {
    // The first side starts after the last colon or comma before " or ".
    const separator = Math.max(body.lastIndexOf(':', or), body.lastIndexOf(',', or));
    if (separator < 0) return null;
    const frame = body.slice(0, separator).trim();
    const left = withoutArticle(body.slice(separator + 1, or));
    const right = withoutArticle(body.slice(or + 4));
    if (left === '' || right === '' || right.includes(',')) return null;
    return [`${frame} ${left}?`, `${frame} ${right}?`];
  }
  if (!enAuxiliary.test(words[0] ?? '')) return null;
  const first = body.indexOf(' or ');
  const left = withoutArticle(body.slice((words[0] as string).length, first));
  const afterOr = body.slice(first + 4).split(/\s+/);
  const verbAt = afterOr.findIndex((word) => enVerb.test(word));
  if (verbAt <= 0) return null;
  const right = withoutArticle(afterOr.slice(0, verbAt).join(' '));
  const rest = afterOr.slice(verbAt).join(' ');
  return left === '' || right === '' ? null : [`${left} ${rest}?`, `${right} ${rest}?`];
}

/** 「2020年园区生物医药产业和纳米技术应用产业，哪个产值增速更高？」「BioBAY还是纳米城入驻企业更多？」 */
function chineseSides(question: string): [string, string] | null {
  const body = question.trim().replace(/[？?]+$/, '');
  const marker = zhMarkers.map((word) => ({ word, at: body.indexOf(word) })).find(({ at }) => at > 0);
  let before: string;
  let pair: string;
  let rest: string;
  if (marker !== undefined) {
    pair = body.slice(0, marker.at).replace(/[，,：:]+$/, '');
    rest = body.slice(marker.at + marker.word.length);
    const separator = Math.max(...['，', ',', '、', '：', ':'].map((mark) => pair.lastIndexOf(mark)));
    before = separator < 0 ? '' : pair.slice(0, separator + 1);
    pair = pair.slice(separator + 1);
  } else {
    // 「A还是B…更多」: the second side ends where the comparison starts.
    const or = body.indexOf('还是');
    const comparative = zhComparative.exec(body.slice(or + 2));
    if (or <= 0 || comparative === null) return null;
    before = '';
    pair = body.slice(0, or + 2 + comparative.index);
    rest = body.slice(or + 2 + comparative.index);
  }
  const conjunction = zhConjunctions.map((word) => ({ word, at: pair.lastIndexOf(word) })).find(({ at }) => at > 0);
  if (conjunction === undefined) return null;
  const left = pair.slice(0, conjunction.at);
  const right = pair.slice(conjunction.at + conjunction.word.length);
  if (left.length < 2 || right.length < 2) return null;
  // The year and the park before the first side are the second's too.
  const shared = zhShared.exec(left)?.[0] ?? '';
  return [`${before}${left}${rest}`, `${before}${right.startsWith(shared) ? '' : shared}${right}${rest}`];
}

/**
 * The two questions a comparison holds, one per side ("which hosted more companies: BioBAY or Nano City?" →
 * "…companies BioBAY?", "…companies Nano City?"), each retrieved and answered on its own: the figures compared
 * are usually in two passages, and the whole question's best sentences often name only one side. Null when the
 * question compares nothing.
 */
export function comparisonSides(question: string, language: Language): [string, string] | null {
  return (language === 'zh' ? chineseSides(question) : englishSides(question)) ?? yearSides(question, language);
}

const enYearSpan = /\b(?:between |from |in )?((?:19|20)\d{2})\s*(?:and|to|vs\.?|versus|–|-)\s*((?:19|20)\d{2})\b/i;
const zhYearSpan = /(?:从|在)?((?:19|20)\d{2})年?(?:和|与|到|至|—|–|-)((?:19|20)\d{2})年/;

/**
 * "How did X change between 2020 and 2023?", 「从2020年到2023年…」: one question per year, each answered by its own
 * year's figure (a question's two years are usually in two documents).
 */
function yearSides(question: string, language: Language): [string, string] | null {
  const span = (language === 'zh' ? zhYearSpan : enYearSpan).exec(question);
  if (span === null || span[1] === span[2]) return null;
  const put = (year: string) =>
    `${question.slice(0, span.index)}${language === 'zh' ? `${year}年` : `in ${year}`}${question.slice(span.index + span[0].length)}`;
  return [put(span[1] as string), put(span[2] as string)];
}
