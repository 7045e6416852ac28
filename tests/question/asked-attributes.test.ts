import { describe, expect, it } from 'vitest';
import { missingAttributes } from '../../src/question/asked-attributes.ts';

const names = (question: string, language: 'en' | 'zh', evidenceText: string) =>
  missingAttributes(question, language, evidenceText).map((attribute) => attribute.en);

describe('missingAttributes: kinds of fact the documents may simply not give', () => {
  const supercomputing = '2020年3月3日，苏州超算中心揭牌。一期计划与多家科研院所共建联合实验室。';

  it('who heads an organisation, when its passages name no head', () => {
    expect(names('Who heads the Suzhou Supercomputing Center?', 'en', supercomputing)).toEqual(['who heads it']);
    expect(names('Who is the director of the supercomputing center?', 'en', supercomputing)).toEqual(['who heads it']);
    expect(names('苏州超算中心的主任是谁？', 'zh', supercomputing)).toEqual(['who heads it']);
    // Named where the passages say who heads it.
    expect(names('苏州超算中心的主任是谁？', 'zh', `${supercomputing}中心主任由某教授担任。`)).toEqual([]);
    // "Who" alone asks for a name the passages may well give (who organised, who won).
    expect(names('Who organised the summit?', 'en', supercomputing)).toEqual([]);
  });

  it('a valuation, when no passage gives one beside a figure', () => {
    const round = '近日，思哲生物宣布完成超亿元B1轮市场化融资。';
    expect(names('What valuation did the company reach after its B1 round?', 'en', round)).toEqual(['valuations']);
    expect(names('How much is the company worth?', 'en', round)).toEqual(['valuations']);
    expect(names('思哲生物估值多少？', 'zh', `${round}公司估值达10亿元。`)).toEqual([]);
  });
});

describe('an industry’s revenue is its output', () => {
  it('does not call a sector’s or an industry’s revenue a company figure the documents lack', () => {
    expect(missingAttributes("How fast did chip design revenue in SIP's AI sector grow in 2020?", 'en', '集成电路设计61亿元，增长40%以上')).toEqual([]);
    expect(missingAttributes("What is Innovent's annual revenue?", 'en', '信达生物获批上市')).toEqual([{ zh: '营业收入', en: 'company revenue' }]);
  });
});

describe('a deputy is not the head', () => {
  const evidence = '“该基地是园区打造‘一区两中心’的重大举措”，苏州工业园区党工委委员、管委会副主任倪乾说。';
  it('declines who heads a body when the passages name only a deputy', () => {
    expect(missingAttributes('Who is the director of the SIP administrative committee?', 'en', evidence)).toEqual([{ zh: '负责人', en: 'who heads it' }]);
    expect(missingAttributes('园区管委会主任是谁？', 'zh', evidence)).toEqual([{ zh: '负责人', en: 'who heads it' }]);
  });
  it('answers a question that asks for the deputy', () => {
    expect(missingAttributes('Who is the deputy director of the SIP administrative committee?', 'en', evidence)).toEqual([]);
    expect(missingAttributes('园区管委会副主任是谁？', 'zh', evidence)).toEqual([]);
  });
});

describe('a headcount is asked, not any mention of staff', () => {
  it('declines "How many employees…" but not a question that mentions employees', () => {
    expect(missingAttributes('How many employees does Innovent Biologics have?', 'en', '信达生物获批上市')).toEqual([{ zh: '员工人数', en: 'staff numbers' }]);
    expect(missingAttributes('How did the COVID tool work out where employees had travelled?', 'en', '帮助企业了解员工行程')).toEqual([]);
    expect(missingAttributes('纳米城有多少员工？', 'zh', '入驻企业397家')).toEqual([{ zh: '员工人数', en: 'staff numbers' }]);
  });
});
