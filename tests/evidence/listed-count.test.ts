import { describe, expect, it } from 'vitest';
import { listedCount } from '../../src/evidence/listed-count.ts';

describe('listedCount', () => {
  it('counts the names a sentence lists in full', () => {
    expect(listedCount('凌志软件、敏芯微电子、思瑞浦、天臣国际医疗在上交所挂牌上市。')).toBe(4);
    expect(listedCount('开拓药业、沛嘉医疗和再鼎医药在港交所上市。')).toBe(3);
  });
  it('counts nothing in a list that ends in 等, or in a sentence without a list', () => {
    expect(listedCount('引入中芬纳米创新中心、荷兰高科技中国中心等国际纳米创新中心6家。')).toBeNull();
    expect(listedCount('2020年，园区集聚人工智能企业600余家。')).toBeNull();
  });
});
