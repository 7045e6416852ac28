import type { KeyTerm } from '../question/key-terms.ts';
import { escapeRegExp } from '../text/escape-reg-exp.ts';

/**
 * 「A、B、C三大（战略性）新兴产业」「A、B等企业」: a list closed by 等 or a count and then the term, so the list is the
 * term's members (in 「信迪利单抗、注射用卡瑞利珠单抗」 the term is one of the items, not what they are).
 */
const categoryTerm = /^[一二两三四五六七八九十]+大|(?:产业|企业|公司|平台|机构|领域|行业|高校|院所|园区|集群|产品)$/;

export function listsMembersOf(sentence: string, term: KeyTerm): boolean {
  return term.forms.some((form) => {
    if (!/[\u4e00-\u9fff]/.test(form)) return false;
    // 等 or a count may carry a few words (等世界一流大学, 三大战略性新兴产业); straight after the last item only when the
    // term names a kind of thing (三大新兴产业, …企业), not a thing.
    const closer = `(?:(?:等|[一二两三四五六七八九十\\d]+[大个家项类所])[\\u4e00-\\u9fff]{0,4}?)${categoryTerm.test(form) ? '?' : ''}`;
    return new RegExp(`、[^，。；,;、]{1,14}?${closer}${escapeRegExp(form)}`).test(sentence);
  });
}
