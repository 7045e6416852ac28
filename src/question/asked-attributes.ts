import type { Language } from '../text/detect-language.ts';
import { followedBy } from '../text/followed-by.ts';

/**
 * Kinds of fact investors often ask for that a document set may simply not contain (rents,
 * salaries, tax rates, prices, contact details, executives, weather). When the question asks for
 * one and the corpus never uses any of its words, the honest answer is that the documents do not say,
 * however well the rest of the question matches.
 */
export const askedAttributes: Array<{
  name: { zh: string; en: string };
  zh: string[];
  en: RegExp;
  /** English phrasings `first.*then` (see followedBy: the plain pattern is quadratic on repeated text). */
  enFollowedBy?: Array<[first: RegExp, then: RegExp]>;
  numeric?: true;
  /** Words in the passages that look like the attribute but are another (副主任 is not the 主任 asked about). */
  notIt?: RegExp;
  /** Questions where the words mean something the documents do give ("chip design revenue in the AI sector" is its output). */
  unless?: { zh: RegExp; en: RegExp };
}> = [
  { name: { zh: '租金', en: 'rents' }, zh: ['租金', '房租', '租价', '月租'], en: /\brent(?:s|al)?\b|\blease price/i, numeric: true },
  {
    name: { zh: '工资', en: 'salaries' },
    zh: ['工资', '薪资', '薪酬', '薪水', '月薪', '年薪', '收入水平'],
    en: /\bsalar(?:y|ies)\b|\bwages?\b|\bpay (?:levels?|scales?|rates?)\b|\bearn(?:s|ings)?\b/i,
    enFollowedBy: [[/\bhow (?:much|well) (?:are|is|do|does|will) /i, /\b(?:paid|earn)\b/gi]],
    numeric: true,
  },
  { name: { zh: '税率', en: 'tax rates' }, zh: ['税率', '所得税', '增值税'], en: /\btax rates?\b|\bincome tax\b|\bvat\b/i, numeric: true },
  {
    name: { zh: '价格', en: 'prices' },
    zh: ['价格', '售价', '房价', '地价', '定价', '多少钱', '单价'],
    en: /\bprices?\b|\bcosts? per\b|\bpriced\b/i,
    enFollowedBy: [[/\bhow much does /i, / cost\b/gi]],
    numeric: true,
  },
  {
    name: { zh: '联系方式', en: 'contact details' },
    zh: ['电话', '手机号', '联系方式', '邮箱', '微信号', '联系电话'],
    en: /\bphone\b|\btelephone\b|\be-?mail\b|\bwechat\b|\bcontact (?:details|number|information)\b/i,
  },
  {
    name: { zh: '企业高管', en: 'executives' },
    zh: ['董事长', '总经理', '创始人', '总裁', '首席执行官'],
    en: /\bchairman\b|\bchairwoman\b|\bceo\b|\bfounder\b|\bpresident of\b/i,
  },
  {
    name: { zh: '营业收入', en: 'company revenue' },
    zh: ['营收', '营业收入', '销售额', '营业额', '利润', '净利润'],
    en: /(?<!budget |fiscal |public |tax )\brevenues?\b|\bturnover\b|\bprofits?\b|\bsales figures?\b/i,
    numeric: true,
    // An industry's or a sector's revenue is what the documents give as its output (产值).
    unless: { zh: /产业|行业|板块|领域/, en: /\b(?:sectors?|industry|industries|segments?|clusters?|fields?)\b/i },
  },
  {
    name: { zh: '员工人数', en: 'staff numbers' },
    // A headcount asked for, not any mention of staff ("where employees had travelled").
    zh: ['员工人数', '员工数量', '多少员工', '多少名员工', '多少位员工', '几名员工', '雇员', '职工人数'],
    en: new RegExp(
      String.raw`\bhow many (?:[\w-]+ ){0,2}(?:employees|staff|people (?:work|are employed))\b|\b(?:number of|count of) (?:[\w-]+ )?(?:employees|staff)\b|` +
        String.raw`\bstaff (?:size|numbers?|count)\b|\bheadcount\b|\bworkforce\b|\bemploy (?:how many|about|around)\b`,
      'i',
    ),
    numeric: true,
    // New hires and a research team are counted in the documents (引进人员129人, 研发团队80人); a payroll is not.
    unless: { zh: /引进|招聘|新增|团队/, en: /\b(?:new|hired|hires|hiring|recruit\w*|intake|team)\b/i },
  },
  // The documents never describe how to apply for or register anything step by step.
  {
    name: { zh: '办理流程', en: 'procedures' },
    zh: ['流程', '办理步骤', '申请步骤', '手续', '办理程序'],
    en: /\bprocedures?\b|\bstep[- ]by[- ]step\b|\bwhat are the steps\b|\bhow (?:do|can|would) (?:i|we|you|one) (?:apply|register|file)\b/i,
  },
  // The documents say where things are (位于…), never a street address.
  {
    name: { zh: '地址', en: 'addresses' },
    zh: ['地址', '办公地址', '门牌', '邮编'],
    en: /\b(?:the|its|their|an|office|street|postal|mailing|exact|full) address\b|\baddress of\b|\bpost ?code\b|\bzip code\b/i,
  },
  { name: { zh: '天气', en: 'weather' }, zh: ['天气', '气温', '降雨'], en: /\bweather\b|\btemperature\b|\brain(?:fall)?\b/i },
  {
    name: { zh: '年龄', en: 'ages' },
    zh: ['年龄', '多大年纪', '几岁', '岁数', '出生于哪年'],
    en: /\bhow old\b|\bage\b|\bborn in\b|\bbirth ?(?:year|date)\b/i,
  },
  {
    name: { zh: '负责人', en: 'who heads it' },
    zh: ['负责人', '主任', '院长', '所长', '掌门人'],
    // "Who is the director…?" is not answered by a deputy director.
    notIt: /副(?:主任|院长|所长)/g,
    en: /\bwho (?:heads|leads|runs|directs|manages|is in charge of)\b|\b(?:the )?head of\b|\bdirector of\b|\bwho is (?:the )?(?:director|head|leader)\b/i,
  },
  { name: { zh: '估值', en: 'valuations' }, zh: ['估值'], en: /\bvaluations?\b|\bvalued at\b|\bworth\b/i, numeric: true },
  { name: { zh: '人口', en: 'population' }, zh: ['人口'], en: /\bpopulation\b|\binhabitants\b/i, numeric: true },
  {
    name: { zh: '股价', en: 'share prices' },
    zh: ['股价', '市值'],
    en: /\bshare price\b|\bstock price\b|\bmarket (?:cap|capitali[sz]ation|value)\b/i,
    numeric: true,
  },
];

/**
 * The attributes the question asks for that the passages found for it never mention: for a Chinese
 * question, a word it uses that they lack (售价 when only 价格 occurs); for English, none of the words.
 * `evidenceText` is the text of the best retrieved passages (AISpeech's passages say nothing of its
 * employees even though 员工 occurs elsewhere in the corpus).
 */
export function missingAttributes(question: string, language: Language, evidenceText: string): Array<{ zh: string; en: string }> {
  const sentences = evidenceText.split(/(?<=[。！？；])/);
  // A figure-like attribute (a price, a headcount) is given only where its word stands next to a number:
  // 「价格更优惠」 or 「提高员工…效率」 mention the word but give no price and no headcount.
  const given = (word: string, numeric: boolean) =>
    numeric
      ? sentences.some((sentence) => sentence.includes(word) && /\d/.test(sentence.replace(/(?:19|20)\d{2}年|\d{1,2}月|\d{1,2}日/g, '')))
      : evidenceText.includes(word);
  return askedAttributes
    .filter((attribute) => attribute.unless === undefined || !(language === 'zh' ? attribute.unless.zh : attribute.unless.en).test(question))
    .filter((attribute) => {
      // A question that asks for the deputy itself (副主任, "deputy director") is answered by one.
      const asksOther =
        attribute.notIt !== undefined && (language === 'zh' ? new RegExp(attribute.notIt.source).test(question) : /\b(?:deputy|vice)\b/i.test(question));
      const text = attribute.notIt === undefined || asksOther ? evidenceText : evidenceText.replace(attribute.notIt, '');
      const found = (word: string) => (attribute.notIt === undefined ? given(word, attribute.numeric === true) : text.includes(word));
      const asked = attribute.notIt === undefined || asksOther ? question : question.replace(attribute.notIt, '');
      return language === 'zh'
        ? attribute.zh.some((word) => asked.includes(word) && !found(word))
        : (attribute.en.test(question) || (attribute.enFollowedBy ?? []).some(([first, then]) => followedBy(question, first, then))) &&
            !attribute.zh.some((word) => found(word));
    })
    .map((attribute) => attribute.name);
}
