/**
 * Questions for the scripted run (insights done-when test), written from the documents in corpus/ (never
 * from eval/): topics the documents answer, and topics they do not (what an investor might still ask).
 * Each topic has wordings in both languages; the run asks each wording `times` times.
 */
export interface ScriptedTopic {
  topic: string;
  /** Whether the documents answer it (the run counts what the engine actually did). */
  answerable: boolean;
  /**
   * Declined topics: whether the Chinese and English wordings are expected in one group. Only when the
   * bridge knows the English words (it maps English to the documents' vocabulary), so "Disneyland" and
   * 迪士尼, which the documents never mention, meet only their own language.
   */
  languagesMeet?: boolean;
  zh: string[];
  en: string[];
  times: number;
}

export const scriptedTopics: ScriptedTopic[] = [
  {
    topic: 'GDP 2023',
    answerable: true,
    zh: ['2023年苏州工业园区地区生产总值是多少？', '园区2023年地区生产总值达到多少亿元？'],
    en: ["What was SIP's gross domestic product in 2023?"],
    times: 10,
  },
  {
    topic: 'R&D share of GDP',
    answerable: true,
    zh: ['2023年园区全社会研发投入占GDP比重是多少？', '园区研发投入占GDP的比重达到多少？'],
    en: ['What share of GDP was R&D spending in SIP in 2023?'],
    times: 10,
  },
  {
    topic: 'biomedicine output 2020',
    answerable: true,
    zh: ['2020年园区生物医药产业产值是多少？', '园区生物医药产业2020年的产值有多少？'],
    en: ["What was the output value of SIP's biomedicine industry in 2020?"],
    times: 12,
  },
  {
    topic: 'emerging-industry companies 2020',
    answerable: true,
    zh: ['2020年园区三大新兴产业企业总计多少家？'],
    en: ['How many companies were in the three emerging industries in 2020?'],
    times: 12,
  },
  {
    topic: 'budget revenue 2023',
    answerable: true,
    zh: ['2023年园区一般公共预算收入是多少？'],
    en: ["What was SIP's general public budget revenue in 2023?"],
    times: 10,
  },
  {
    topic: 'future industries',
    answerable: true,
    zh: ['苏州工业园区布局的三大未来产业是什么？'],
    en: ['Which three future industries is SIP building up?'],
    times: 10,
  },
  {
    topic: 'GDP forecast 2030',
    answerable: false,
    languagesMeet: true,
    zh: ['园区2030年地区生产总值预计是多少？'],
    en: ["What will SIP's GDP be in 2030?"],
    times: 12,
  },
  {
    topic: 'Disneyland tickets',
    answerable: false,
    languagesMeet: false,
    zh: ['上海迪士尼乐园门票多少钱？', '迪士尼乐园的门票价格是多少？'],
    en: ['How much are Shanghai Disneyland tickets?', 'What is the price of a Disneyland ticket?'],
    times: 10,
  },
  {
    topic: 'weather tomorrow',
    answerable: false,
    languagesMeet: false,
    zh: ['明天苏州天气怎么样？', '苏州明天的天气预报是什么？'],
    en: ['What is the weather forecast for Suzhou tomorrow?', "What's the weather like in Suzhou tomorrow?"],
    times: 9,
  },
  {
    topic: 'hotel recommendation',
    answerable: false,
    languagesMeet: false,
    zh: ['园区附近哪家酒店比较好？', '能推荐一家园区附近的酒店吗？'],
    en: ['Can you recommend a good hotel near the park?', 'Which hotel near the park do you recommend?'],
    times: 9,
  },
  {
    topic: 'metro to the airport',
    answerable: false,
    languagesMeet: false,
    zh: ['从园区坐地铁去浦东机场怎么走？', '园区有地铁直达浦东机场吗？'],
    en: ['How do I take the metro from the park to Pudong airport?', 'Is there a metro line from the park to Pudong airport?'],
    times: 9,
  },
];
