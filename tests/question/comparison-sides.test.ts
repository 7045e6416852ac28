import { describe, expect, it } from 'vitest';
import { comparisonSides } from '../../src/question/comparison-sides.ts';

describe('comparisonSides', () => {
  it('splits an English "which … more: A or B?" into one question per side', () => {
    expect(comparisonSides('At the end of 2020, which hosted more companies: BioBAY or Nano City?', 'en')).toEqual([
      'At the end of 2020, which hosted more companies BioBAY?',
      'At the end of 2020, which hosted more companies Nano City?',
    ]);
    expect(comparisonSides('Did BioBAY or Nano City host more companies in 2020?', 'en')).toEqual([
      'BioBAY host more companies in 2020?',
      'Nano City host more companies in 2020?',
    ]);
  });

  it('splits a Chinese 「A和B，哪个…更高？」, keeping the year and the park for the second side', () => {
    expect(comparisonSides('2020年园区生物医药产业和纳米技术应用产业，哪个产值增速更高？', 'zh')).toEqual([
      '2020年园区生物医药产业产值增速更高',
      '2020年园区纳米技术应用产业产值增速更高',
    ]);
  });

  it('finds no sides in a question that compares nothing', () => {
    expect(comparisonSides('How many companies does BioBAY host?', 'en')).toBeNull();
    expect(comparisonSides('纳米城有多少家企业？', 'zh')).toBeNull();
  });
});

describe('comparisonSides: versus, compared with, and a comparative first', () => {
  it('splits "A: X versus Y" on the frame before the colon', () => {
    expect(comparisonSides('Nanotech companies in SIP: early 2022 versus 2023?', 'en')).toEqual([
      'Nanotech companies in SIP: early 2022?',
      'Nanotech companies in SIP 2023?',
    ]);
  });
  it('puts the second side in the place of the phrase ending in the same head noun', () => {
    expect(
      comparisonSides("In 2020, how many national talent-program experts did SIP's biomedicine industry have compared with its AI industry?", 'en'),
    ).toEqual([
      "In 2020, how many national talent-program experts did SIP's biomedicine industry have?",
      'In 2020, how many national talent-program experts did its AI industry have?',
    ]);
  });
  it('reads "More A or B firms …?" as two counts sharing the head noun', () => {
    expect(comparisonSides('More biotech or AI firms in SIP in 2020?', 'en')).toEqual([
      'How many biotech firms in SIP in 2020?',
      'How many AI firms in SIP in 2020?',
    ]);
  });
});

describe('comparisonSides: one question per year', () => {
  it('splits "between 2020 and 2023" and 「从2020年到2023年」 into the two years', () => {
    expect(comparisonSides('How did the number of nanotech experts change between 2020 and 2023?', 'en')).toEqual([
      'How did the number of nanotech experts change in 2020?',
      'How did the number of nanotech experts change in 2023?',
    ]);
    expect(comparisonSides('从2020年到2023年，园区纳米企业数量如何变化？', 'zh')).toEqual([
      '2020年，园区纳米企业数量如何变化？',
      '2023年，园区纳米企业数量如何变化？',
    ]);
  });
});
