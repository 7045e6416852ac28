import { describe, expect, it } from 'vitest';
import { answerBlocks, answerMarkdown } from '../../src/widget/render-answer-text.ts';

describe('answer formatting (the safe Markdown subset)', () => {
  it('groups bullet and numbered lines into lists and keeps other lines as paragraphs', () => {
    expect(answerBlocks('不一致：\n· 甲[1]\n• 乙[2]\n- 丙\n1. one\n2) two\n3、three\n结尾')).toEqual([
      { kind: 'p', text: '不一致：' },
      { kind: 'ul', items: ['甲[1]', '乙[2]', '丙'] },
      { kind: 'ol', items: ['one', 'two', 'three'] },
      { kind: 'p', text: '结尾' },
    ]);
    // A figure is not a bullet: "-5%" and "2020年" lines stay paragraphs.
    expect(answerBlocks('-5% growth\n2020年产值')).toEqual([
      { kind: 'p', text: '-5% growth' },
      { kind: 'p', text: '2020年产值' },
    ]);
  });

  it('copies as Markdown: "·" bullets become "- ", numbering is renumbered, bold stays', () => {
    expect(answerMarkdown('总计：\n· **1022亿元** [1]\n· 100个\n3. a\n4. b')).toBe('总计：\n\n- **1022亿元** [1]\n- 100个\n\n1. a\n2. b');
  });
});
