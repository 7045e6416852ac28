import { describe, expect, it } from 'vitest';
import { listedCount, listsBodies } from '../../src/evidence/listed-count.ts';

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

describe('listsBodies', () => {
  it('tells a list of companies from a list of parks', () => {
    expect(listsBodies('苏州开拓药业股份有限公司、沛嘉医疗科技（苏州）有限公司、再鼎医药（苏州）有限公司在港交所挂牌上市。')).toBe(true);
    expect(listsBodies('园区将支持张家港市建设生物医药产业园、纳米产业园，在园区建设孵化器。')).toBe(false);
  });
});
