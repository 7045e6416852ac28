import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/index-store/chunk.ts';
import type { KeyTerm } from '../../src/question/key-terms.ts';
import { analyzeQuestion } from '../../src/question/question-analysis.ts';
import { listsMembersOf } from '../../src/evidence/lists-members-of.ts';
import { refersTo } from '../../src/evidence/refers-to.ts';
import { selectEvidence } from '../../src/evidence/select-evidence.ts';
import { attributionOf, sentencesInContext } from '../../src/evidence/sentences-in-context.ts';
import type { RetrievedChunk } from '../../src/retrieval/retriever.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const chunk = (id: string, text: string, year = 2024): Chunk => testChunk(id, text, { year });
const hit = (item: Chunk, score = 1): RetrievedChunk => ({ chunk: item, score, lexicalRank: 1, denseRank: null, matched: [] });
const term = (label: string, weight: number): KeyTerm => ({ label, forms: [label], weight, unknown: false, foreignName: false });

describe('selectEvidence', () => {
  it("scores an English question's word found in a sentence's aligned English where the bridged Chinese missed", () => {
    const passage = chunk('yearbook#6', '园区出台高新技术企业奖励办法。办法主要面向集成电路、纳米技术等关键领域的企业。');
    // "sectors" was bridged to 部门, which the text never writes; the second sentence's English says "sectors".
    const terms = [term('奖励', 2), { ...term('sectors', 2), forms: ['部门'] }];
    const english: Record<string, string> = {
      园区出台高新技术企业奖励办法: 'SIP issued reward measures for high-tech enterprises.',
      办法主要面向集成电路: 'The measures mainly target companies in key sectors such as integrated circuits and nanotechnology.',
    };
    const englishOf = (_chunk: Chunk, sentence: string) => Object.entries(english).find(([zh]) => sentence.startsWith(zh))?.[1];
    const needs = analyzeQuestion('Which sectors does the reward scheme target?', 'en');
    const [best] = selectEvidence([hit(passage)], { terms, needs, maxSentences: 1, englishOf });
    expect(best?.sentence).toContain('集成电路');
  });

  it('counts a term found in the aligned English once: not again from the heading when the Chinese sentence lacks it', () => {
    // Two Chinese sentences share one English sentence (an explicit merge), whose English names AI for both.
    const passage = testChunk('yearbook#21', '汇聚创新资源，累计引进科研院所12家；累计获融资人工智能企业50余家。', { year: 2020, title: '人工智能产业' });
    const terms = [
      { ...term('ai', 3), forms: ['人工智能'] },
      { ...term('companies', 1), forms: ['企业'] },
    ];
    const englishOf = () => 'SIP brought in 12 research institutes, and AI funding grew.';
    const needs = analyzeQuestion('How many AI companies had raised financing?', 'en');
    const [best] = selectEvidence([hit(passage)], { terms, needs, maxSentences: 1, englishOf });
    expect(best?.sentence).toBe('累计获融资人工智能企业50余家。');
  });

  it('finds an English question’s capitalised words side by side ("AI companies") as a phrase, as its lower-case ones', () => {
    const passage = chunk('yearbook#22', '人工智能领域新增孵化企业120家。园区集聚人工智能企业600余家。');
    const terms = [
      { ...term('ai', 3), forms: ['人工智能'] },
      { ...term('companies', 1), forms: ['企业'] },
    ];
    const question = 'How many AI companies are in SIP?';
    const [best] = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion(question, 'en'), maxSentences: 1, question });
    expect(best?.sentence).toBe('园区集聚人工智能企业600余家。');
  });

  it("reads deeper for a question about several years: the later year's passage is often ranked past the first six", () => {
    const earlier = chunk('yearbook#15', '园区累计引进纳米相关企业784家，其中上市企业9家。', 2020);
    const others = Array.from({ length: 6 }, (_, index) => chunk(`other#${index}`, `园区纳米产业第${index + 1}项工作稳步推进。`, 2020));
    const later = chunk('news#12', '截至2023年，园区纳米相关企业超1300家，其中上市公司16家。', 2023);
    const terms = [
      { ...term('纳米', 2), forms: ['纳米'] },
      { ...term('上市', 2), forms: ['上市'] },
    ];
    const needs = analyzeQuestion('How did the number of listed nano companies change from 2020 to 2023?', 'en');
    const chosen = selectEvidence(
      [earlier, ...others, later].map((item) => hit(item)),
      { terms, needs, yearsOf: (item) => [item.year ?? 0] },
    );
    expect(chosen.map((item) => item.hit.chunk.id)).toContain('news#12');
    expect(chosen.map((item) => item.hit.chunk.id)).toContain('yearbook#15');
  });

  it('adds the 「其中」 sentence that breaks the best one down when it names what the question asks and the best does not', () => {
    const passage = chunk('yearbook#9', '推进合作中心工作，全年推荐重点项目46个。其中，申报领军人才项目4个，获评孵化项目1个。另有储备项目近10个。');
    const terms = [term('合作中心', 4), term('推荐', 3), term('重点项目', 3), term('申报', 1), term('领军人才', 1)];
    const needs = analyzeQuestion('合作中心推荐的重点项目里，申报领军人才项目的有几个？', 'zh');
    const chosen = selectEvidence([hit(passage)], { terms, needs, maxSentences: 1 }).map((item) => item.sentence);
    expect(chosen).toEqual(['推进合作中心工作，全年推荐重点项目46个。', '其中，申报领军人才项目4个，获评孵化项目1个。']);
    // Not when it adds nothing the question asks.
    const plain = selectEvidence([hit(passage)], { terms: terms.slice(0, 3), needs: analyzeQuestion('合作中心推荐了多少个重点项目？', 'zh'), maxSentences: 1 });
    expect(plain.map((item) => item.sentence)).toEqual(['推进合作中心工作，全年推荐重点项目46个。']);
  });

  it('answers "what did it achieve?" with the sentence reporting results, not the one introducing it', () => {
    const passage = chunk(
      'yearbook#21',
      '2021年3月，园区创新服务中心揭牌。服务中心将与多家机构共同探索合作模式。第一批服务企业新增就业岗位45个，申请专利12件。',
    );
    const terms = [term('创新服务中心', 4), term('服务中心', 2), term('第一批', 2), term('企业', 0.3)];
    const question = 'What did the first companies served by the innovation service centre achieve?';
    const [best] = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion(question, 'en'), maxSentences: 1 });
    expect(best?.sentence).toContain('45个');
    // Asked what it is, the introduction still answers.
    const [intro] = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion('创新服务中心什么时候揭牌？', 'zh'), maxSentences: 1 });
    expect(intro?.sentence).toContain('揭牌');
  });

  it('answers "how far has it got?" with the sentence after the one naming the project, when that one says what is done', () => {
    const passage = chunk('news#5', '以实验室“X12”项目为例，该项目致力于研究新型传感器的制作技术。研发团队与企业联合攻关，已成功制作出样机。');
    const terms = [term('x12', 4), term('传感器', 4), term('项目', 1)];
    const chosen = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion('How far has the X12 sensor project got?', 'en'), maxSentences: 1 });
    expect(chosen.map((item) => item.sentence)).toEqual([
      '以实验室“X12”项目为例，该项目致力于研究新型传感器的制作技术。',
      '研发团队与企业联合攻关，已成功制作出样机。',
    ]);
  });

  it('adds the sentence of the passage that names the kind of thing asked for ("What equipment did…?") when the best one does not', () => {
    const passage = chunk(
      'yearbook#12',
      '2020年1月，维格公司与苏州大学合作的微纳制造项目获国家科技进步二等奖。该项目提出微纳光场直写技术。项目包括自主研发的3D光刻直写设备和纳米光刻设备。园区另有多家企业获奖。',
    );
    const terms = [term('维格', 4), term('苏州大学', 3), term('微纳制造', 3), term('项目', 1), term('二等奖', 2), { ...term('equipment', 1), forms: ['设备'] }];
    const english: Record<string, string> = {
      '2020年1月': 'In January 2020, the micro-nano manufacturing project of SVG and Soochow University won a second prize.',
      该项目提出: 'The project proposed a direct-writing technique.',
      项目包括: 'The project includes in-house developed 3D lithography direct-writing equipment and nanolithography equipment.',
    };
    const englishOf = (_chunk: Chunk, sentence: string) => Object.entries(english).find(([zh]) => sentence.startsWith(zh))?.[1];
    const question = 'What equipment did SVG develop in its prize-winning micro-nano manufacturing project with Soochow University?';
    const chosen = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion(question, 'en'), maxSentences: 1, englishOf }).map((item) => item.sentence);
    expect(chosen).toEqual(['2020年1月，维格公司与苏州大学合作的微纳制造项目获国家科技进步二等奖。', '项目包括自主研发的3D光刻直写设备和纳米光刻设备。']);
    // The same question without a kind ("What did … win?") keeps to the best sentence.
    const won = selectEvidence([hit(passage)], {
      terms: terms.slice(0, 5),
      needs: analyzeQuestion('Which prize did the micro-nano manufacturing project of SVG and Soochow University win?', 'en'),
      maxSentences: 1,
      englishOf,
    });
    expect(won.map((item) => item.sentence)).toEqual(['2020年1月，维格公司与苏州大学合作的微纳制造项目获国家科技进步二等奖。']);
  });

  it('answers "what is unique about it?" with the sentence that says what sets it apart', () => {
    const passage = chunk('yearbook#30', '园区纳米学院成立于2010年，设有3个系。纳米学院是全国唯一设立的纳米技术专项学院。');
    const terms = [term('纳米学院', 4)];
    const [best] = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion('What is unique about the nano college?', 'en'), maxSentences: 1 });
    expect(best?.sentence).toContain('唯一');
  });

  it('reads 「该联合体」 as the name the passage gives, whose last word it repeats', () => {
    expect(refersTo('该联合体已获批1个新产品。', '苏州市介入医疗技术创新联合体')).toBe(true);
    expect(refersTo('这家公司去年上市。', '园区某某科技有限公司')).toBe(true);
    expect(refersTo('联合体已获批1个新产品。', '苏州市介入医疗技术创新联合体')).toBe(false);
    expect(refersTo('该项目已完成。', '苏州市介入医疗技术创新联合体')).toBe(false);
    const passage = chunk('news#7', '该联合体已获批1个新产品，申请专利24项。苏州市创新联合体会长介绍了联合体的组建过程。');
    const terms = [term('苏州市创新联合体', 4), term('专利', 1)];
    const [best] = selectEvidence([hit(passage)], {
      terms,
      needs: analyzeQuestion('What has the Suzhou innovation consortium achieved?', 'en'),
      maxSentences: 1,
    });
    expect(best?.sentence).toContain('24项');
  });

  it("takes a two-part question's second part from the passage about its subject, not from another passage", () => {
    const center = chunk('yearbook#23', '2021年3月3日，园区算力中心揭牌。该中心依托数据中心而建，项目总投资3.2亿元。');
    const other = chunk('yearbook#11', '截至2021年底，国际科技园已建成载体面积100万平方米，总投资50亿元。');
    const terms = [{ ...term('园区算力中心', 3.5), forms: ['园区算力中心', '算力中心'] }, term('总投资', 2.3), term('揭牌', 2.8)];
    const needs = analyzeQuestion('When was the SIP Computing Center unveiled, and what is its total investment?', 'en');
    const chosen = selectEvidence([hit(center), hit(other)], { terms, needs }).map((item) => item.sentence);
    expect(chosen).toEqual(['2021年3月3日，园区算力中心揭牌。', '该中心依托数据中心而建，项目总投资3.2亿元。']);
  });

  it('answers "which are the three …?" with the list that names the members of what is asked', () => {
    const industries = { ...term('三大新兴产业', 2.4), forms: ['三大新兴产业', '新兴产业'] };
    expect(listsMembersOf('园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家。', industries)).toBe(true);
    expect(listsMembersOf('重点培育生物医药及大健康、人工智能三大战略性新兴产业。', { ...term('新兴产业', 2), forms: ['新兴产业'] })).toBe(true);
    expect(listsMembersOf('哈佛大学、麻省理工学院等世界一流大学在园区设立研究机构。', term('大学', 1.6))).toBe(true);
    // Another list in the sentence, or the term as one of the items, is not a list of its members.
    expect(listsMembersOf('三大新兴产业总产值增长20.3%，产业竞争力、人才竞争力三个分项均列全国首位。', industries)).toBe(false);
    expect(listsMembersOf('上市新药包括信迪利单抗、注射用卡瑞利珠单抗。', term('卡瑞利珠单抗', 4))).toBe(false);
    const later = chunk('news#1', '2021年，三大新兴产业总产值突破3000亿元，产业竞争力、人才竞争力、技术竞争力三个分项均列全国首位。', 2022);
    const listing = chunk('yearbook#1', '2020年，园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家。', 2020);
    const [best] = selectEvidence([hit(later), hit(listing)], {
      terms: [industries],
      needs: analyzeQuestion('园区的三大新兴产业是哪三个？', 'zh'),
      maxSentences: 1,
    });
    expect(best?.sentence).toContain('人工智能三大新兴产业');
  });

  it('counts items of an enumeration fully when the question names several of them', () => {
    // A sentence naming one of them outside an enumeration competes; the one about both must win.
    const passage = chunk(
      'news#4',
      '楷拓生物在园区完成多项测试。楷拓生物、图维生物等使用质谱联用仪完成核酸加帽率检测；拓创生物、易康生物等使用显微镜完成测试。',
    );
    const terms = [term('楷拓生物', 4), term('图维生物', 4), term('测试', 1)];
    const [best] = selectEvidence([hit(passage)], { terms, needs: analyzeQuestion('楷拓生物和图维生物做了哪些测试？', 'zh'), maxSentences: 1 });
    expect(best?.sentence).toContain('楷拓生物、图维生物');
  });

  it("lets clauses after a semicolon inherit their sentence's subject, but not the figure its opening clause names", () => {
    const passage = chunk('news#7', '2008年落户园区的思必驰作为最早的公司之一，积累丰厚；2022年发布数据集；2023年7月正式发布大模型DFM-2。');
    expect(sentencesInContext(passage).map((item) => item.lead)).toEqual([
      '',
      '2008年落户园区的思必驰作为最早的公司之一',
      '2008年落户园区的思必驰作为最早的公司之一',
    ]);
    const [best] = selectEvidence([hit(passage)], {
      terms: [term('思必驰', 2.4), term('大模型', 2.7)],
      needs: analyzeQuestion('思必驰2023年7月发布了什么大模型？', 'zh'),
    });
    expect(best?.sentence).toContain('DFM-2');

    // 产值 in 「全年实现产值1022亿元，…；」 does not make the next clause an answer about output.
    const yearbook = chunk(
      'yearbook#1',
      '生物医药产业方面，园区加快创新。全年实现产值1022亿元，新增临床批件100个；新增注册证45张，累计295个。全年实现生物医药总产值1000亿余元。',
      2020,
    );
    const picked = selectEvidence([hit(yearbook)], {
      terms: [term('生物医药', 1), term('产值', 1.7)],
      needs: analyzeQuestion('2020年园区生物医药产业产值是多少？', 'zh'),
      maxSentences: 2,
    }).map((item) => item.sentence);
    expect(picked).toEqual(['全年实现产值1022亿元，新增临床批件100个；', '全年实现生物医药总产值1000亿余元。']);
    expect(picked).not.toContain('新增注册证45张，累计295个。');
  });

  it('prefers a figure in the counter the question asks in (多少家 → 900余家 over 10多个领域)', () => {
    const passage = chunk(
      'web#4',
      '园区以纳米技术应用产业为抓手，推动新型研发机构与企业协作，已在10多个细分领域填补空白。目前，园区拥有超900家纳米技术应用企业。',
      2022,
    );
    const [best] = selectEvidence([hit(passage)], {
      terms: [term('纳米技术应用', 1.9), term('企业', 0.4)],
      needs: analyzeQuestion('园区有多少家纳米技术应用企业？', 'zh'),
      maxSentences: 1,
    });
    expect(best?.sentence).toContain('超900家');
  });

  it('reads a quotation with the speaker named after it, over a sentence that only names the company', () => {
    // The quotation says what the product does; the company is named in the attribution that follows it.
    const quoted = chunk('news#9', '“这是一款模拟客服的大模型应用，它模拟的是银行柜台的问答。”甲公司研发总监乙介绍说，它可以帮助客户取号。');
    const other = chunk('news#10', '这款由甲公司开发的大模型客服应用，可以更精准地回答问题。');
    const terms = [term('甲公司', 2), term('大模型', 1.5), term('客服', 1), term('模拟', 2)];
    const [best] = selectEvidence([hit(other, 1), hit(quoted, 0.9)], {
      terms,
      needs: analyzeQuestion('甲公司开发的大模型客服应用模拟的是什么？', 'zh'),
      maxSentences: 1,
    });
    expect(best?.sentence).toContain('它模拟的是银行柜台的问答');
  });
});

describe('attributionOf', () => {
  it('is the speaker clause after a whole quotation, and nothing otherwise', () => {
    expect(attributionOf('“它模拟的是问答。”', '甲公司研发总监乙介绍说，它可以帮助客户取号。')).toBe('甲公司研发总监乙介绍说');
    expect(attributionOf('它模拟的是问答。', '甲公司研发总监乙介绍说，它可以帮助客户取号。')).toBe('');
    expect(attributionOf('“它模拟的是问答。”', '园区全年实现产值1022亿元，增长10%。')).toBe('');
  });
});
