import { describe, expect, it } from 'vitest';
import { analyzeQuestion, hasFigureIn, hasQuantity, satisfiesNeeds } from '../../src/question/question-analysis.ts';

describe('hasQuantity', () => {
  it('reads questions about results and about what sets something apart', () => {
    for (const question of ['What has the consortium achieved so far?', 'How far has the project got?', '该项目取得了哪些成果？', '进展如何？'])
      expect([question, analyzeQuestion(question, /[a-z]/i.test(question) ? 'en' : 'zh').outcome]).toEqual([question, true]);
    for (const question of ['What is unique about the college?', 'Why was the approval such a big deal?', '这所学院有什么特别之处？'])
      expect([question, analyzeQuestion(question, /[a-z]/i.test(question) ? 'en' : 'zh').distinction]).toEqual([question, true]);
    const plain = analyzeQuestion('When was the college founded?', 'en');
    expect([plain.outcome, plain.distinction]).toEqual([false, false]);
  });

  it('reads "What are SIP\'s three emerging industries?" as asking for names, not for a definition', () => {
    const needs = analyzeQuestion("What are SIP's three emerging industries?", 'en');
    expect([needs.names, needs.definition]).toEqual([true, false]);
    expect(analyzeQuestion('What is Nanopolis Suzhou?', 'en').definition).toBe(true);
  });

  it('counts figures but not years, dates or digits inside names', () => {
    expect(hasQuantity('全年实现产值1022亿元')).toBe(true);
    expect(hasQuantity('2020年，落实G60科创走廊建设的部署要求')).toBe(false);
    expect(hasQuantity('2023年7月正式发布大模型DFM-2')).toBe(false);
    expect(hasQuantity('获批PD-1单抗新适应证2项')).toBe(true);
  });
});

describe('analyzeQuestion', () => {
  it('reads "What was the <industry> output of …" as a number question, not a definition', () => {
    const needs = analyzeQuestion("What was the biomedicine output of Shanghai's Zhangjiang Hi-Tech Park in 2020?", 'en');
    expect(needs.number).toBe(true);
    expect(needs.definition).toBe(false);
    expect(needs.years).toEqual([2020]);
  });

  it('still reads "What is X?" as a definition', () => {
    expect(analyzeQuestion('What is the Nano-X facility?', 'en').definition).toBe(true);
  });

  it('treats 「从2020年到2023年」 as a question in two parts, one per year', () => {
    const needs = analyzeQuestion('园区人工智能企业数量从2020年到2023年发生了怎样的变化？', 'zh');
    expect(needs.multiPart).toBe(true);
    expect(needs.years).toEqual([2020, 2023]);
    expect(analyzeQuestion('2020年园区人工智能企业有多少家？', 'zh').multiPart).toBe(false);
  });
});

describe('the counter a count is asked in', () => {
  it('is read off 多少家 / "how many companies" and found only in figures written in it', () => {
    expect(analyzeQuestion('截至2022年初园区有多少家纳米技术应用企业？', 'zh').unit).toBe('家');
    expect(analyzeQuestion('How many nanotech companies did SIP have?', 'en').unit).toBe('家');
    expect(analyzeQuestion('园区纳米技术应用产业产值是多少？', 'zh').unit).toBeNull();
    expect(hasFigureIn('目前，园区拥有超900家纳米技术应用企业', '家')).toBe(true);
    expect(hasFigureIn('累计获融资人工智能企业50余家', '家')).toBe(true);
    expect(hasFigureIn('已在10多个细分领域填补国内空白', '家')).toBe(false);
  });
});

describe('counts in phases, rounds and editions', () => {
  it('are number questions answered by Chinese numerals too', () => {
    expect(analyzeQuestion('苏州超级计算中心分几期建设？', 'zh').number).toBe(true);
    expect(hasQuantity('项目总投资2.1亿元，计划分两期建设')).toBe(true);
    expect(hasFigureIn('计划分两期建设', '期')).toBe(true);
  });
});

describe('the event a date question asks about', () => {
  it('is read from Chinese and English wording as the words the documents use', () => {
    expect(analyzeQuestion('When was Innovent founded?', 'en').event).toContain('成立');
    expect(analyzeQuestion('思必驰是哪一年落户园区的？', 'zh').event).toEqual(['落户', '入驻', '迁入', '进驻']);
    // "established in SIP" is how a question says 落户园区.
    expect(analyzeQuestion('When was the institute established in SIP?', 'en').event).toContain('落户');
    expect(analyzeQuestion('When was the institute established?', 'en').event).not.toContain('落户');
    // Only date questions carry an event.
    expect(analyzeQuestion('How many companies were founded in 2020?', 'en').event).toEqual([]);
  });
});

describe('years, editions and shares', () => {
  it('reads a year glued to the front of an event name, but not a count', () => {
    expect(analyzeQuestion('2021全球人工智能产品应用博览会在哪里举办？', 'zh').years).toEqual([2021]);
    expect(analyzeQuestion('园区有2000家企业吗？', 'zh').years).toEqual([]);
    expect(analyzeQuestion('园区2020年产值是多少？', 'zh').years).toEqual([2020]);
  });

  it('reads the edition of a recurring event', () => {
    expect(analyzeQuestion('第十二届中国国际纳米技术产业博览会有多少家企业参会？', 'zh').edition).toBe('第十二届');
    expect(analyzeQuestion('博览会有多少家企业参会？', 'zh').edition).toBeNull();
  });

  it('does not take 「哪几个」 for a count', () => {
    const needs = analyzeQuestion('峰会围绕哪几个话题展开讨论？', 'zh');
    expect(needs.number).toBe(false);
    expect(needs.unit).toBeNull();
  });

  it('lets a percentage answer a share or growth question but not "how big"', () => {
    const sentence = '科学研究与试验发展投入占地区生产总值的4.5%。';
    expect(satisfiesNeeds(sentence, analyzeQuestion('How big was the GDP in 2020?', 'en'))).toBe(false);
    expect(satisfiesNeeds(sentence, analyzeQuestion('研发投入占地区生产总值的比重是多少？', 'zh'))).toBe(true);
    expect(satisfiesNeeds('产值增长25%。', analyzeQuestion('产值比上年增长了多少？', 'zh'))).toBe(true);
  });
});

describe('what a date or a change question asks for', () => {
  it('a day asked ("on what date", 哪天) is not answered by a sentence dated by its year or month alone', () => {
    const day = analyzeQuestion('On what date did the company list on the HKEX?', 'en');
    expect(day.day).toBe(true);
    expect(satisfiesNeeds('2020年，三家企业在港交所上市。', day)).toBe(false);
    expect(satisfiesNeeds('2020年9月28日，该企业在港交所挂牌上市。', day)).toBe(true);
    expect(analyzeQuestion('峰会是哪天举行的？', 'zh').day).toBe(true);
    expect(analyzeQuestion('When did the company list on the HKEX?', 'en').day).toBe(false);
  });

  it('a change asked (增长了多少, "how fast did it grow") is answered by a change, not by the level', () => {
    const change = analyzeQuestion('园区纳米产业产值增长了多少？', 'zh');
    expect(change.change).toBe(true);
    expect(satisfiesNeeds('纳米产业产值突破1550亿元。', change)).toBe(false);
    expect(satisfiesNeeds('纳米产业实现产值1010亿元，增长25%。', change)).toBe(true);
    expect(satisfiesNeeds('新增企业439家。', change)).toBe(true);
    expect(analyzeQuestion('How fast did the nanotech industry grow in 2020?', 'en').change).toBe(true);
    // "set up" and "made up" are not growth.
    expect(analyzeQuestion('How many companies were set up in 2020?', 'en').change).toBe(false);
  });

  it('a length of time asked ("how long", 多久) is answered by a length of time, not by a date', () => {
    const duration = analyzeQuestion('How long did it take to build the lab?', 'en');
    expect(duration.duration).toBe(true);
    expect(satisfiesNeeds('2020年6月30日，实验室揭牌成立。', duration)).toBe(false);
    expect(satisfiesNeeds('项目计划两年内建成。', duration)).toBe(true);
    expect(satisfiesNeeds('该检测15分钟内出结果。', analyzeQuestion('检测需要多长时间？', 'zh'))).toBe(true);
    expect(analyzeQuestion('How many labs were built?', 'en').duration).toBe(false);
  });

  it('"which sectors", 「哪些领域」 ask for names: a list answers', () => {
    expect(analyzeQuestion('Which sectors does the reward scheme target?', 'en').names).toBe(true);
    expect(analyzeQuestion('博览会主要聚焦哪些领域？', 'zh').names).toBe(true);
    expect(analyzeQuestion('2020年哪些园区公司上市？', 'zh').names).toBe(true);
  });

  it('a lab is launched when it is set up or unveiled', () => {
    expect(analyzeQuestion('When did the joint lab launch?', 'en').event).toEqual(expect.arrayContaining(['成立', '揭牌']));
  });
});

describe('a counted group asked about (「三大新兴产业是什么？」)', () => {
  it('asks for its members by name, not for a definition', () => {
    expect(analyzeQuestion('苏州工业园区的三大新兴产业是什么？', 'zh')).toMatchObject({ names: true, definition: false });
    expect(analyzeQuestion('苏州工业园区的三大未来产业指什么？', 'zh')).toMatchObject({ names: true, definition: false });
    expect(analyzeQuestion('纳米城是什么？', 'zh')).toMatchObject({ names: false, definition: true });
  });
});

describe('the event a date question asks about', () => {
  it('「什么时候开始建设」 asks when construction began (开工, 动工…), not when anything else began', () => {
    const needs = analyzeQuestion('苏州工业园区是什么时候开始建设的？', 'zh');
    expect(needs.date).toBe(true);
    expect(needs.event).toEqual(expect.arrayContaining(['开工', '动工', '开始建设']));
    expect(needs.event).not.toContain('布局');
  });
});

describe('a growth asked for as a figure', () => {
  it('"What was SIP\'s GDP growth in 2023?" and 「GDP增长是多少」 ask for the change, which the GDP or a share does not give', () => {
    for (const [question, language] of [
      ["What was SIP's GDP growth in 2023?", 'en'],
      ['2023年园区GDP增长是多少？', 'zh'],
    ] as const) {
      const needs = analyzeQuestion(question, language);
      expect(needs.change).toBe(true);
      expect(satisfiesNeeds('2023年，苏州工业园区地区生产总值达3686亿元，全社会研发投入占GDP比重达5.16%。', needs)).toBe(false);
      expect(satisfiesNeeds('2023年，地区生产总值增长5.2%。', needs)).toBe(true);
    }
    expect(analyzeQuestion('What was the GDP of SIP in 2023?', 'en').change).toBe(false);
  });
});

describe('growth and shares, read closely', () => {
  it('does not read "set up" or "broke down" as growth', () => {
    expect(analyzeQuestion('How much money is going into the institute set up in 2020?', 'en').growth).toBe(false);
    expect(analyzeQuestion('How much did output go up in 2020?', 'en').growth).toBe(true);
  });
  it('answers a share only with a share', () => {
    const needs = analyzeQuestion('What share of output came from high-tech industries?', 'en');
    expect(satisfiesNeeds('认定国家高新技术企业397家', needs)).toBe(false);
    expect(satisfiesNeeds('高新技术产业产值占规模以上工业总产值比重74.8%', needs)).toBe(true);
  });
});

describe('"target" as a verb', () => {
  it('reads "What does the antibody target?" as no plan target', () => {
    expect(analyzeQuestion("What does Innovent's Sulinno antibody target?", 'en').target).toBe(false);
    expect(analyzeQuestion("What is SIP's output target for 2022?", 'en').target).toBe(true);
  });
});

describe('a sum of money asked by its name', () => {
  it('reads "What was the prize money…?" as a sum in 元, not a definition', () => {
    const needs = analyzeQuestion('What was the prize money for the 2020 Huawei Cloud Cup AI application contest?', 'en');
    expect(needs.unit).toBe('元');
    expect(needs.definition).toBe(false);
  });
});

describe('the kind a Chinese question asks for', () => {
  it('reads 「什么会」「什么机制」「哪些方面」 as the kind asked', () => {
    expect(analyzeQuestion('三年行动计划是在什么会上发布的？', 'zh').askedKindZh).toBe('会');
    expect(analyzeQuestion('该联盟要建立什么机制？', 'zh').askedKindZh).toBe('机制');
    expect(analyzeQuestion('大家就哪些方面进行了研讨？', 'zh').askedKindZh).toBe('方面');
    expect(analyzeQuestion('园区有多少家企业？', 'zh').askedKindZh).toBeNull();
  });
});
