import type { ChatTurn } from '../question/answer-parts.ts';
import { checkConversation, requestLimits } from '../server/request-limits.ts';

/**
 * Adversarial inputs for the worst-case latency benchmark: each one as large as the request limits
 * allow (question ≤ 1,000 characters, each history turn ≤ 4,000, the whole JSON body ≤ 16 KiB) and
 * built to hit one kind of pattern the question path runs over user text — quotes, capitalised names,
 * digits, 年, 第, punctuation runs, mixed scripts, long single tokens, question frames, long follow-up
 * histories. Deterministic, so runs compare.
 */
export interface WorstCaseInput {
  family: string;
  name: string;
  question: string;
  history: ChatTurn[];
}

const characters = (text: string) => [...text].length;

/** `unit` repeated up to exactly `length` characters (code points; a unit is never split inside a surrogate pair). */
export function fill(unit: string | ((index: number) => string), length: number, prefix = '', suffix = ''): string {
  const units: string[] = [];
  let size = characters(prefix) + characters(suffix);
  for (let index = 0; size < length; index += 1) {
    const piece = typeof unit === 'string' ? unit : unit(index);
    units.push(piece);
    size += characters(piece);
  }
  const body = [...units.join('')].slice(0, Math.max(0, length - characters(prefix) - characters(suffix))).join('');
  return `${prefix}${body}${suffix}`;
}

/** Unknown capitalised pseudo-names, Qaaa, Qaab, …: none is in the glossary, the dictionary or the corpus. */
export function pseudoName(index: number, initial = 'Q'): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return `${initial}${letters[Math.floor(index / 676) % 26]}${letters[Math.floor(index / 26) % 26]}${letters[index % 26]}`;
}

/** The reported input: a previous turn of ~4,000 characters of names each after an opening quote. */
export function quotedNamesTurn(length: number = requestLimits.turnChars, quote = '“'): string {
  return fill((index) => ` ${quote}${pseudoName(index)} a`, length, 'What about');
}

/** Whether a JSON body for /api/answer with this question and history fits every request limit. */
export function withinRequestLimits(question: string, history: ChatTurn[]): boolean {
  try {
    checkConversation(question, history);
  } catch {
    return false;
  }
  const body = JSON.stringify(history.length > 0 ? { question, history } : { question });
  return Buffer.byteLength(body) <= requestLimits.bodyBytes && history.every((turn) => turn.content.trim() !== '');
}

/**
 * A history as large as the limits allow, in one of two shapes: the most turns (20, every turn cut
 * evenly until the JSON body fits) or the longest turns (one user turn and one answer, each as long as
 * fits). Turns alternate user/assistant and end with an answer, so the question follows it.
 */
export function maximalHistory(question: string, turn: (index: number, role: ChatTurn['role']) => string, shape: 'most turns' | 'longest turns'): ChatTurn[] {
  const total = shape === 'most turns' ? requestLimits.historyTurns : 2;
  const full: ChatTurn[] = Array.from({ length: total }, (_, index) => {
    const role: ChatTurn['role'] = (total - index) % 2 === 1 ? 'assistant' : 'user';
    return { role, content: [...turn(index, role)].slice(0, requestLimits.turnChars).join('') };
  });
  const cut = (length: number) => full.map((item) => ({ role: item.role, content: [...item.content].slice(0, length).join('') }));
  // The longest per-turn length whose body fits (bytes per character differ by script).
  let low = 1;
  let high = requestLimits.turnChars;
  let best: ChatTurn[] | null = null;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = cut(middle);
    if (withinRequestLimits(question, candidate)) {
      best = candidate;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (best === null) throw new Error(`no history fits the request limits for ${JSON.stringify(question.slice(0, 40))}`);
  return best;
}

/** The previous exchange as the chat page sends it: the long user turn, then a short answer. */
function previousTurn(content: string, answer = 'Sorry, the documents do not answer this question.'): ChatTurn[] {
  return [
    { role: 'user', content },
    { role: 'assistant', content: answer },
  ];
}

const Q = requestLimits.questionChars;
const T = requestLimits.turnChars;

function questionFamilies(): Array<{ family: string; inputs: Array<[name: string, question: string]> }> {
  return [
    {
      family: 'quotes',
      inputs: [
        ['“Name a “Name … (opening quotes, never closed)', fill((index) => `“${pseudoName(index)} a `, Q, 'What about ')],
        ['‘Name a ‘Name …', fill((index) => `‘${pseudoName(index)} a `, Q, 'What about ')],
        ['"Name "Name … (straight quotes)', fill((index) => `"${pseudoName(index)} `, Q, 'What about ')],
        ["'Name 'Name …", fill((index) => `'${pseudoName(index)} `, Q, 'What about ')],
        ['“Name” pairs', fill((index) => `“${pseudoName(index)} Park” `, Q, 'Which of ')],
        ['“ only', fill('“', Q)],
        ['“” alternating', fill('“”', Q)],
        ['「Name「Name … and 《', fill((index) => `「${pseudoName(index)}《`, Q, '什么是')],
        ['Name’s Name’s … (apostrophes)', fill((index) => `${pseudoName(index)}’s `, Q, 'What is ')],
      ],
    },
    {
      family: 'capitalised names',
      inputs: [
        ['one run of capitalised names', fill((index) => `${pseudoName(index)} `, Q, 'What is ')],
        ['names split by "a"', fill((index) => `${pseudoName(index)} a `, Q, 'What about ')],
        ['names before "park"', fill((index) => `${pseudoName(index)} business industrial park, `, Q, 'Where is ')],
        ['"Shanghai Name" pairs', fill((index) => `Shanghai ${pseudoName(index)} `, Q, 'What about ')],
        ['pinyin person names', fill((index) => `Wang ${pseudoName(index, 'X')} and `, Q, 'Who are ')],
        ['names of two capitals', fill((index) => `${pseudoName(index).toUpperCase()} `, Q, 'What is ')],
        ['"of the" chains', fill((index) => `${pseudoName(index)} of the `, Q, 'When was the ')],
      ],
    },
    {
      family: 'digits',
      inputs: [
        ['one run of 1,000 digits', fill('1234567890', Q)],
        ['thousands separators', fill('1,234,', Q, 'Was it ')],
        ['decimal points', fill('1.2.', Q, 'Was it ')],
        ['years', fill((index) => `${2000 + (index % 49)} `, Q, 'What happened in ')],
        ['years glued', fill('2020', Q, 'In ')],
        ['full-width digits', fill('１２３４．５％', Q)],
        ['digits and 家', fill('12家', Q, '有')],
        ['citation markers', fill('[1][2,3][4-5]', Q)],
      ],
    },
    {
      family: '年',
      inputs: [
        ['年 only', fill('年', Q)],
        ['2020年 repeated', fill((index) => `${2000 + (index % 49)}年`, Q)],
        ['1年2年…', fill((index) => `${index % 100}年`, Q)],
        ['从2019年到2021年 repeated', fill('从2019年到2021年', Q, '', '产值多少？')],
        ['年初年底 and months', fill('2020年底12月31日', Q)],
      ],
    },
    {
      family: '第',
      inputs: [
        ['第 only', fill('第', Q)],
        ['第十一届 repeated', fill('第十一届', Q, '', '呢？')],
        ['第 with numerals, no 届', fill('第一二三四五六七八九十百零', Q)],
        ['第1第2…', fill((index) => `第${index}`, Q)],
      ],
    },
    {
      family: 'punctuation',
      inputs: [
        ['? run', fill('?', Q)],
        ['？ run', fill('？', Q)],
        ['。 run', fill('。', Q)],
        ['，、； run', fill('，、；', Q)],
        ['…… run', fill('…', Q)],
        ['. after letters (sentence ends)', fill('a. ', Q)],
        ['Co. Ltd. abbreviations', fill('Co. ', Q)],
        ['mixed ASCII punctuation', fill('?!.,;:-*&\'"()[]', Q)],
        ['newlines', fill('\n1\n', Q)],
        ['spaces inside a definition question', fill(' ', Q, 'What is a', 'b?')],
      ],
    },
    {
      family: 'mixed scripts',
      inputs: [
        ['A中 alternating', fill('A中', Q)],
        ['AI人工智能 repeated', fill('AI人工智能', Q)],
        ['English words around Chinese names', fill('What did 信达生物 and ', Q, '', 'do?')],
        ['traditional characters', fill('園區產業發展', Q)],
        ['full-width Latin', fill('ＡＢＣ ', Q)],
        ['Chinese numerals and units', fill('一千二百亿万元', Q)],
      ],
    },
    {
      family: 'long single tokens',
      inputs: [
        ['a×1000', fill('a', Q)],
        ['A×1000', fill('A', Q)],
        ['a-a-a-…', fill('a-', Q)],
        ["a'a'a'…", fill("a'", Q)],
        ['A*A*A*…', fill('A*', Q)],
        ['x1x1x1…', fill('x1', Q)],
        ['中×1000', fill('中', Q)],
        ['纳米×500', fill('纳米', Q)],
      ],
    },
    {
      family: 'question frames',
      inputs: [
        ['"how much is" repeated (.* to "paid")', fill('how much is ', Q, '', 'it?')],
        ['"how much does" repeated (.* to "cost")', fill('how much does ', Q)],
        ['"what does" repeated (.* to "do")', fill('what does ', Q)],
        ['"change" repeated (.* to "from")', fill('change ', Q, 'How did the ')],
        ['"grew" repeated (.* to "from")', fill('grew ', Q)],
        ['"act as" repeated', fill('act as ', Q)],
        ['"how many companies" repeated', fill('how many companies ', Q)],
        ['什么是 repeated', fill('什么是', Q)],
        ['是什么 repeated', fill('是什么', Q)],
        ['多少家 repeated', fill('多少家', Q)],
        ['哪一年 repeated', fill('哪一年', Q)],
        ['many questions in one (zh)', fill((index) => `${2000 + (index % 49)}年产值多少？`, Q)],
        ['many questions in one (en)', fill((index) => `What was the output value in ${2000 + (index % 49)}? `, Q)],
        ['many questions in one, other topics', fill((index) => `${pseudoName(index)} 纳米城有多少家企业？`, Q)],
      ],
    },
  ];
}

/** Follow-ups after long previous turns: the path that rewrites a question from the conversation. */
function followUpFamily(): WorstCaseInput[] {
  const family = 'follow-ups (long previous turn)';
  const followUps = ['And in 2021?', 'What about it?', 'When was it founded?', 'And what about nanotechnology?', 'What does he say about it?'];
  const turns: Array<[name: string, content: string]> = [
    ['“Name a “Name … (the reported input)', quotedNamesTurn(T)],
    ['‘Name a ‘Name …', quotedNamesTurn(T, '‘')],
    ['capitalised names, one run', fill((index) => `${pseudoName(index)} `, T, 'What was ')],
    ['"how much is" repeated', fill('how much is ', T)],
    ['years', fill((index) => `${2000 + (index % 49)} `, T, 'What happened in ')],
    ['a×4000', fill('a', T)],
    ['A×4000', fill('A', T)],
  ];
  const inputs: WorstCaseInput[] = [];
  for (const [turnName, content] of turns) {
    for (const question of followUps) inputs.push({ family, name: `${turnName}, then "${question}"`, question, history: previousTurn(content) });
  }
  const zhTurns: Array<[name: string, content: string]> = [
    ['第十一届 repeated', fill('第十一届', 2000, '', '博览会是什么时候举办的？')],
    ['2020年 repeated', fill((index) => `${2000 + (index % 49)}年`, 2000, '', '园区生物医药产业产值是多少？')],
    ['“名称 repeated', fill((index) => `“${pseudoName(index)}`, 2000)],
  ];
  for (const [turnName, content] of zhTurns) {
    for (const question of ['那2021年呢？', '那第十二届呢？', '它呢？', '那纳米产业呢？'])
      inputs.push({ family, name: `${turnName}, then 「${question}」`, question, history: previousTurn(content) });
  }
  // The previous answer is searched for a name too: make it long as well.
  inputs.push({
    family,
    name: 'long previous answer of names, then "When was it founded?"',
    question: 'When was it founded?',
    history: previousTurn(
      'What is it?',
      fill((index) => `${pseudoName(index)} `, T),
    ),
  });
  return inputs;
}

/** Every history slot filled (as many turns and characters as the body allows). */
function maximalHistoryFamily(): WorstCaseInput[] {
  const family = 'maximal history';
  const texts: Array<[name: string, text: (index: number) => string]> = [
    ['quoted names', (index) => fill((position) => ` “${pseudoName(position + index * 500)} a`, T, 'What about')],
    ['Chinese with years and 第', () => fill((index) => `第${index % 20}届${2000 + (index % 49)}年`, T)],
    ['mixed scripts and punctuation', () => fill('AI人工智能？“Name', T)],
  ];
  const inputs: WorstCaseInput[] = [];
  for (const [name, text] of texts) {
    for (const question of ['And in 2021?', '那2021年呢？', 'When was it founded?']) {
      for (const shape of ['most turns', 'longest turns'] as const) {
        inputs.push({ family, name: `${name}, ${shape}, then "${question}"`, question, history: maximalHistory(question, (index) => text(index), shape) });
      }
    }
  }
  return inputs;
}

/** All inputs, each checked against the request limits (a generator bug must not measure the impossible). */
export function worstCaseInputs(): WorstCaseInput[] {
  const inputs: WorstCaseInput[] = [
    ...questionFamilies().flatMap(({ family, inputs: list }) => list.map(([name, question]) => ({ family, name, question, history: [] }))),
    ...followUpFamily(),
    ...maximalHistoryFamily(),
  ];
  for (const input of inputs) {
    if (!withinRequestLimits(input.question, input.history)) throw new Error(`worst-case input "${input.family}: ${input.name}" is outside the request limits`);
  }
  return inputs;
}
