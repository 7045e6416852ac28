/** One question of the load mix, with what it exercises. */
export interface LoadQuestion {
  question: string;
  kind: 'zh' | 'zh-Hant' | 'en' | 'decline';
}

/**
 * Real questions from eval/questions.jsonl, sent in rotation: simplified and traditional Chinese,
 * English (through the bridge), and questions the documents cannot answer (declines).
 */
export const loadQuestions: readonly LoadQuestion[] = [
  { kind: 'zh', question: '2020年园区三大新兴产业企业总数是多少？' },
  { kind: 'zh', question: '2020年在上交所挂牌上市的园区企业有哪些？' },
  { kind: 'zh', question: '哪两家园区企业中标了工信部“CAE 工具软件增强提升”项目？' },
  { kind: 'zh', question: '园区有几家企业入选“2021中国微纳半导体十强”？' },
  { kind: 'zh', question: '2020年8月25日，江苏省产业技术研究院与哪两家园区企业共建企业联合创新中心？' },
  { kind: 'zh', question: '2023年苏州工业园区地区生产总值是多少？' },
  { kind: 'zh', question: '2021年3月，以苏州工业园区为核心区的哪个集群入选国家先进制造业集群决赛优胜名单？' },
  { kind: 'zh', question: '润迈德研发的冠状动脉功能测量系统叫什么？它有什么突破？' },
  { kind: 'zh', question: '园区生物医药产业产值2021年是多少？2023年又是多少？' },
  { kind: 'zh', question: '园区人工智能领域有多少家各级独角兽（含培育）企业和瞪羚（含培育）企业？' },
  { kind: 'zh', question: '第十一届中国国际纳米技术产业博览会期间对接了多少个意向项目？' },
  { kind: 'zh', question: '2020年园区纳米技术应用产业产值是多少？增长多少？' },
  { kind: 'zh-Hant', question: '園區自主研發的國產首款兩步式自動注射筆是哪家企業推出的？' },
  { kind: 'zh-Hant', question: '2021年園區生物醫藥產業產值達多少？' },
  { kind: 'zh-Hant', question: '截至2020年底，蘇州生物醫藥產業園累計獲得臨床試驗批件多少張？' },
  { kind: 'zh-Hant', question: '思必馳在2022年發布了什麼數據集？' },
  { kind: 'zh-Hant', question: '蘇州工業園區大力布局的三大「未來產業」是哪些？' },
  { kind: 'en', question: 'Which SIP cluster was the only national-level advanced manufacturing cluster in Suzhou as of 2021?' },
  { kind: 'en', question: "What was SIP's AI industry output in 2021?" },
  { kind: 'en', question: "How did SIP's biomedicine output change between 2020 and 2021?" },
  { kind: 'en', question: 'Which high-growth companies are in the Suzhou AI Industrial Park, per the March 2024 article?' },
  { kind: 'en', question: "What was SIP's R&D spending as a percentage of GDP in 2020?" },
  { kind: 'en', question: 'What is the purpose of the Suzhou–Cambridge Nanotechnology Innovation Center?' },
  { kind: 'en', question: 'How many Jiangsu provincial-level innovation consortia does SIP have?' },
  { kind: 'en', question: "What was the combined output of SIP's three emerging industries in 2020, and how fast did it grow?" },
  { kind: 'decline', question: '2015年园区研发投入占地区生产总值的比重是多少？' },
  { kind: 'decline', question: '明天苏州天气怎么样？' },
  { kind: 'decline', question: '马鞍山九洲云栖湖楼盘的房价是多少？' },
  { kind: 'decline', question: "How large is Hangzhou's AI industry output?" },
  { kind: 'decline', question: 'What is the boiling point of water at sea level?' },
  { kind: 'decline', question: "Are there any apartment listings near Jiuzhou Yunqi Lake in Ma'anshan?" },
  { kind: 'decline', question: '2025年蘇州工業園區人工智能產業產值是多少？' },
];
