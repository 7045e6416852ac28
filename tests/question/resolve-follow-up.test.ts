import { describe, expect, it } from 'vitest';
import { fill, pseudoName, quotedNamesTurn } from '../../src/bench/worst-case-inputs.ts';
import { maxQuestionChars, type ChatTurn } from '../../src/question/answer-parts.ts';
import { capCharacters, previousSubject, resolveFollowUp } from '../../src/question/resolve-follow-up.ts';
import { loadGlossary } from '../../src/text/glossary.ts';

const glossary = loadGlossary('corpus/glossary.json');
const characters = (text: string) => [...text].length;
const after = (previous: string): ChatTurn[] => [
  { role: 'user', content: previous },
  { role: 'assistant', content: 'Sorry, the documents do not answer this question.' },
];

describe('resolveFollowUp with a previous turn longer than a question (issue 11)', () => {
  it('keeps a previous question within the limit whole, as before', () => {
    const previous = 'What was the output value of the biomedicine industry in 2020?';
    expect(resolveFollowUp('And in 2021?', after(previous), 'en', glossary)).toEqual({
      question: 'What was the output value of the biomedicine industry in 2021?',
      rewritten: true,
    });
    expect(resolveFollowUp('那2021年呢？', after('2020年园区生物医药产业产值是多少？'), 'zh', glossary).question).toBe('2021年园区生物医药产业产值是多少？');
  });

  it('takes the last question of a long turn, not the whole turn', () => {
    const previous = `${'The documents say many things about the park. '.repeat(70)}What was the output value of the biomedicine industry in 2020?`;
    expect(resolveFollowUp('And in 2021?', after(previous), 'en', glossary).question).toBe('What was the output value of the biomedicine industry in 2021?');
    const zhPrevious = `${'资料介绍了园区的很多情况。'.repeat(250)}2020年园区生物医药产业产值是多少？`;
    expect(resolveFollowUp('那2021年呢？', after(zhPrevious), 'zh', glossary).question).toBe('2021年园区生物医药产业产值是多少？');
  });

  it('cuts the reported 4,000-character turn (no sentence end) to the question limit, keeping the new year', () => {
    const resolved = resolveFollowUp('And in 2021?', after(quotedNamesTurn()), 'en', glossary);
    expect(resolved.rewritten).toBe(true);
    expect(characters(resolved.question)).toBeLessThanOrEqual(maxQuestionChars);
    expect(resolved.question).toMatch(/^What about “Qaaa a “Qaab a .* in 2021$/);
  });

  it.each([
    ['When was it founded?', 'en', fill((index) => `${pseudoName(index)} `, 4000, 'What was ')],
    ['What about it?', 'en', fill((index) => `“${pseudoName(index)} a `, 4000)],
    ['What does he say about it?', 'en', fill('how much is ', 4000)],
    ['And what about nanotechnology?', 'en', fill((index) => `AI ${pseudoName(index)} `, 4000)],
    ['它呢？', 'zh', fill('思必驰发布了什么', 4000)],
    ['那第十二届呢？', 'zh', fill('第十一届', 3980, '', '博览会是什么时候举办的？')],
    ['那纳米产业呢？', 'zh', fill('生物医药产业产值', 4000)],
  ] as const)('never returns more than the question limit: %j after a long turn', (question, language, previous) => {
    const resolved = resolveFollowUp(question, after(previous), language, glossary);
    expect(characters(resolved.question)).toBeLessThanOrEqual(maxQuestionChars);
    expect(resolved.question.includes(previous)).toBe(false);
  });

  it('caps the rewrite even when the follow-up itself is near the limit', () => {
    const question = fill('and more ', maxQuestionChars - 10, 'And what about ');
    const resolved = resolveFollowUp(question, after(fill('What was the output ', 990)), 'en', glossary);
    expect(characters(resolved.question)).toBeLessThanOrEqual(maxQuestionChars);
  });
});

describe('previousSubject and capCharacters', () => {
  it('returns a turn within the limit as it is, trimmed', () => {
    expect(previousSubject('  What was the output value in 2020?  ', 100)).toBe('What was the output value in 2020?');
  });

  it('prefers the last sentence that asks something, else the last sentence', () => {
    expect(previousSubject('Intro text here. Which companies settled in 2020? Thanks a lot.', 40)).toBe('Which companies settled in 2020?');
    expect(previousSubject('第一句话。第二句话很长很长。', 8)).toBe('第二句话很长很长');
  });

  it('cuts after a word near the limit, counting characters as code points', () => {
    expect(capCharacters('one two three four', 12)).toBe('one two');
    expect(capCharacters('𝐀𝐁𝐂𝐃', 2)).toBe('𝐀𝐁');
    expect(capCharacters('short', 10)).toBe('short');
  });
});

describe('resolveFollowUp: what a follow-up stands for', () => {
  it('leaves a question without history, or one that names its own subject, as asked', () => {
    expect(resolveFollowUp('2020年园区生物医药产业产值是多少？', [], 'zh', glossary)).toEqual({
      question: '2020年园区生物医药产业产值是多少？',
      rewritten: false,
    });
    const previous = 'What was the output value of the biomedicine industry in 2020?';
    expect(resolveFollowUp('How many listed companies does the park have?', after(previous), 'en', glossary)).toEqual({
      question: 'How many listed companies does the park have?',
      rewritten: false,
    });
  });

  it('puts a new topic into the previous question (What about… / 那…呢)', () => {
    const previous = 'What was the output value of the biomedicine industry in 2020?';
    expect(resolveFollowUp('What about nanotechnology?', after(previous), 'en', glossary)).toEqual({
      question: 'What was the output value of the nanotechnology industry in 2020?',
      rewritten: true,
    });
    expect(resolveFollowUp('那纳米技术应用产业呢？', after('2020年园区生物医药产业产值是多少？'), 'zh', glossary).question).toBe(
      '2020年园区纳米技术应用产业产值是多少？',
    );
  });

  it("replaces a pronoun by the previous question's subject", () => {
    expect(resolveFollowUp('When was it founded?', after('What does Innovent Biologics do?'), 'en', glossary)).toEqual({
      question: 'When was Innovent Biologics founded?',
      rewritten: true,
    });
    expect(resolveFollowUp('它是哪年成立的？', after('信达生物是做什么的？'), 'zh', glossary).question).toBe('信达生物是哪年成立的？');
  });
});

describe('a complete question after a follow-up (issue 13)', () => {
  it('is never merged into the previous question', () => {
    expect(resolveFollowUp('园区有哪些创新平台？', after('那纳米产业呢？'), 'zh', glossary)).toEqual({ question: '园区有哪些创新平台？', rewritten: false });
    expect(resolveFollowUp('园区有多少家上市公司？', after('2020年园区生物医药产业产值是多少？'), 'zh', glossary).rewritten).toBe(false);
    expect(resolveFollowUp('What research labs does SIP have?', after('And the nanotech industry?'), 'en', glossary).rewritten).toBe(false);
  });

  it('while a short question without a subject of its own still continues the previous one', () => {
    expect(resolveFollowUp('有多少家？', after('园区生物医药企业'), 'zh', glossary).rewritten).toBe(true);
    expect(resolveFollowUp('那纳米产业呢？', after('2020年园区生物医药产业产值是多少？'), 'zh', glossary).question).toBe('2020年园区纳米产业产值是多少？');
  });
});

describe('"it" after "which company…?" is the company the answer named', () => {
  const asked = '新加坡科技研究局苏州企业合作中心的第一批入驻企业里，哪家公司完成了注册？';
  const history = [
    { role: 'user' as const, content: asked },
    { role: 'assistant' as const, content: '第一批入驻企业中，六莲科技完成国家药品监督管理局注册 [1]。' },
  ];
  it('reads 「它」 as 六莲科技, not as the centre the question named', () => {
    const resolved = resolveFollowUp('它拿到了哪些证？', history, 'zh', glossary);
    expect(resolved.question).toContain('六莲科技');
    expect(resolved.question).not.toContain('合作中心');
  });
  it('keeps "it" as the product when the follow-up asks what only a product does', () => {
    const english = [
      { role: 'user' as const, content: "Which company developed China's first domestically developed PCSK9 inhibitor?" },
      { role: 'assistant' as const, content: "Innovent's tafolecimab injection (Sintbilo) is the first PCSK9 inhibitor developed in China [1]." },
    ];
    expect(resolveFollowUp('What conditions is it used to treat?', english, 'en', glossary).question).not.toMatch(/^What conditions is Innovent/);
  });
});

describe('a city in a follow-up replaces the city asked about', () => {
  it('reads "What about the Shenzhen one?" after a question about the Beijing centre', () => {
    const history = [
      { role: 'user' as const, content: "SIP opened a Jinji Lake innovation centre in Beijing's Chaoyang district. Which region does it draw on?" },
      { role: 'assistant' as const, content: 'The Beijing–Tianjin–Hebei region [1].' },
    ];
    const resolved = resolveFollowUp('What about the Shenzhen one?', history, 'en', glossary);
    expect(resolved.question).toContain('Shenzhen');
    expect(resolved.question).not.toContain('Beijing');
  });
});
