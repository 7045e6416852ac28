import type { AnswerMode, AnswerResponse } from '../question/answer-parts.ts';
import traditionalCharacters from './traditional-characters.json' with { type: 'json' };

/** The interface languages: simplified Chinese, traditional Chinese (Hong Kong, Macao, Taiwan visitors) and English. */
export type UiLanguage = 'zh' | 'zh-Hant' | 'en';

/** Either script of Chinese. */
export const isChinese = (language: UiLanguage): boolean => language !== 'en';

/** The `lang` attribute of the interface in a language. */
export const uiHtmlLang: Record<UiLanguage, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-Hant', en: 'en' };

/**
 * The `lang` attribute of an answer, by the language the service answered in: a traditional-Chinese
 * answer (`zh-Hant`) is marked so, so browsers pick traditional glyphs and screen readers the right voice.
 */
export const htmlLang: Record<AnswerResponse['language'], string> = { zh: 'zh-CN', 'zh-Hant': 'zh-Hant', en: 'en' };

export interface UiStrings {
  languageName: string;
  /** The label of the button that switches to the *other* language. */
  switchTo: string;
  switchLanguage: string;
  pageTitle: string;
  heading: string;
  subtitle: string;
  welcome: string;
  startersHeading: string;
  starters: string[];
  inputLabel: string;
  placeholder: string;
  send: string;
  newConversation: string;
  close: string;
  openChat: string;
  launcherLabel: string;
  you: string;
  assistant: string;
  searching: string;
  sources: string;
  notFound: string;
  understoodAs: string;
  copy: string;
  copied: string;
  copyFailed: string;
  helpful: string;
  notHelpful: string;
  feedbackPrompt: string;
  commentPlaceholder: string;
  sendFeedback: string;
  feedbackThanks: string;
  feedbackFailed: string;
  passageHeading: string;
  passageSection: string;
  passageYear: string;
  passageHint: string;
  passageLoading: string;
  passageMissing: string;
  /** The inline `[n]` button's name: short, since the sources list names the source in full. */
  citeLabel: (n: number) => string;
  offline: string;
  blocked: string;
  rateLimited: (seconds: number | undefined) => string;
  serverError: string;
  interrupted: string;
  tryAgain: string;
  disclaimer: string;
  modeTitle: (mode: AnswerMode) => string;
  modeUnavailable: string;
  stop: string;
  stopped: string;
  regenerate: string;
  editQuestion: string;
  editing: string;
  cancelEdit: string;
  connectionLost: string;
  notAuthorized: string;
  requestRefused: string;
  requestId: (id: string) => string;
  aboutAnswer: string;
  answeredIn: (seconds: string) => string;
  suggestionsHeading: string;
  englishEdition: string;
  chineseOriginal: string;
  showOriginal: string;
  passageNumber: (n: string) => string;
}

/** Every string the chat page and the widget show, in simplified Chinese and English. */
const strings: Record<Exclude<UiLanguage, 'zh-Hant'>, UiStrings> = {
  zh: {
    languageName: '中文',
    switchTo: 'English',
    switchLanguage: 'Switch to English',
    pageTitle: '苏州工业园区智能问答',
    heading: '园区智能问答',
    subtitle: '依据园区年鉴与报道作答，附原文出处',
    welcome: '您好！我可以回答有关中新苏州工业园区的问题，每个回答都引自园区年鉴和新闻报道，并标注出处。中文、英文提问均可。',
    startersHeading: '试试这些问题',
    starters: ['2020年园区生物医药产业产值是多少？', '园区布局了哪三大“未来产业”？', '2023年苏州工业园区地区生产总值是多少？'],
    inputLabel: '您的问题',
    placeholder: '请输入问题',
    send: '发送',
    newConversation: '新对话',
    close: '关闭',
    openChat: '打开园区问答',
    launcherLabel: '园区问答',
    you: '您',
    assistant: '园区问答',
    searching: '正在检索园区文献…',
    sources: '来源',
    notFound: '文献中未找到确切答案',
    understoodAs: '理解为：',
    copy: '复制回答',
    copied: '已复制',
    copyFailed: '复制失败',
    helpful: '有帮助',
    notHelpful: '没帮助',
    feedbackPrompt: '感谢评价！可以补充说明（选填）：',
    commentPlaceholder: '例如：哪里不准确、缺了什么',
    sendFeedback: '提交反馈',
    feedbackThanks: '已收到您的反馈，谢谢！',
    feedbackFailed: '反馈未能提交，请稍后再试。',
    passageHeading: '引用原文',
    passageSection: '章节',
    passageYear: '年份',
    passageHint: '高亮部分为支持回答的句子。',
    passageLoading: '正在载入原文…',
    passageMissing: '暂时无法载入这段原文。',
    citeLabel: (n) => `来源 ${n}`,
    offline: '无法连接问答服务。请检查网络，或稍后再试。',
    blocked: '本网站未获授权使用问答服务（跨域请求被拒绝）。请联系网站管理员。',
    rateLimited: (seconds) => (seconds === undefined ? '提问过于频繁，请稍后再试。' : `提问过于频繁，请在 ${seconds} 秒后重试。`),
    serverError: '问答服务出错了，请稍后再试。',
    interrupted: '回答中途中断了，请重试。',
    tryAgain: '重试',
    disclaimer: '回答摘自园区公开文献，请以所附原文为准。',
    modeTitle: (mode) =>
      `${mode.generator === 'llm' ? '回答由大模型依据检索到的原文撰写' : '回答直接摘录原文句子（未使用大模型）'}；${
        mode.retrieval === 'hybrid' ? '关键词与语义向量混合检索' : '关键词检索'
      }`,
    modeUnavailable: '服务不可用',
    stop: '停止',
    stopped: '已停止回答，以上内容不完整。',
    regenerate: '重新回答',
    editQuestion: '修改问题',
    editing: '正在修改问题，发送后将替换原问题及其后的对话。',
    cancelEdit: '取消修改',
    connectionLost: '与问答服务的连接中断了，请重试。',
    notAuthorized: '本网站尚未获准使用问答服务。请联系网站管理员。',
    requestRefused: '问答服务未能受理这个问题，请换个说法再试。',
    requestId: (id) => `请求编号：${id}`,
    aboutAnswer: '关于此回答',
    answeredIn: (seconds) => `用时 ${seconds} 秒`,
    suggestionsHeading: '您还可以问',
    englishEdition: '英文版',
    chineseOriginal: '中文原文',
    showOriginal: '显示中文原文',
    passageNumber: (n) => `第 ${n} 段`,
  },
  en: {
    languageName: 'English',
    switchTo: '中文',
    switchLanguage: '切换到中文',
    pageTitle: 'Suzhou Industrial Park Q&A',
    heading: 'SIP Q&A',
    subtitle: "Answers from the park's yearbooks and news, with sources",
    welcome:
      'Hello! Ask me about the China–Singapore Suzhou Industrial Park. ' +
      'Every answer is drawn from the park’s yearbooks and news reports, with its sources. You can ask in English or Chinese.',
    startersHeading: 'Try asking',
    starters: [
      "What was the output value of SIP's biomedicine industry in 2020?",
      'Which three future industries is SIP building up?',
      'How many companies did the three emerging industries have in 2020?',
    ],
    inputLabel: 'Your question',
    placeholder: 'Ask a question',
    send: 'Send',
    newConversation: 'New conversation',
    close: 'Close',
    openChat: 'Open the SIP Q&A chat',
    launcherLabel: 'Ask about SIP',
    you: 'You',
    assistant: 'SIP Q&A',
    searching: 'Searching the park documents…',
    sources: 'Sources',
    notFound: 'Not found in the documents',
    understoodAs: 'Understood as: ',
    copy: 'Copy answer',
    copied: 'Copied',
    copyFailed: 'Could not copy',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    feedbackPrompt: 'Thanks! Anything to add? (optional)',
    commentPlaceholder: 'e.g. what was wrong or missing',
    sendFeedback: 'Send feedback',
    feedbackThanks: 'Thank you, your feedback was received.',
    feedbackFailed: 'Your feedback could not be sent; please try again later.',
    passageHeading: 'Cited passage',
    passageSection: 'Section',
    passageYear: 'Year',
    passageHint: 'The highlighted sentence supports the answer.',
    passageLoading: 'Loading the passage…',
    passageMissing: 'This passage cannot be loaded right now.',
    citeLabel: (n) => `Source ${n}`,
    offline: "Can't reach the answer service. Check your connection or try again later.",
    blocked: "This website isn't allowed to use the answer service (the cross-origin request was refused). Please tell the site owner.",
    rateLimited: (seconds) =>
      seconds === undefined
        ? 'Too many questions in a short time. Please try again shortly.'
        : `Too many questions in a short time. Please try again in ${seconds} s.`,
    serverError: 'The answer service ran into a problem. Please try again later.',
    interrupted: 'The answer was cut off. Please try again.',
    tryAgain: 'Try again',
    disclaimer: "Answers quote the park's published documents; check the cited sources.",
    modeTitle: (mode) => {
      const generator =
        mode.generator === 'llm'
          ? 'Answers written by a language model from the retrieved passages'
          : 'Answers quote sentences from the documents (no language model)';
      return `${generator}; ${mode.retrieval === 'hybrid' ? 'keyword + semantic retrieval' : 'keyword retrieval'}`;
    },
    modeUnavailable: 'unavailable',
    stop: 'Stop',
    stopped: 'Stopped: the answer above is incomplete.',
    regenerate: 'Regenerate',
    editQuestion: 'Edit question',
    editing: 'Editing your question: sending replaces it and everything after it.',
    cancelEdit: 'Cancel editing',
    connectionLost: 'The connection to the answer service dropped. Please try again.',
    notAuthorized: "This website isn't set up to use the answer service yet. Please tell the site owner.",
    requestRefused: "The answer service couldn't take this question. Please rephrase it and try again.",
    requestId: (id) => `Request ID: ${id}`,
    aboutAnswer: 'About this answer',
    answeredIn: (seconds) => `Answered in ${seconds} s`,
    suggestionsHeading: 'You could also ask',
    englishEdition: 'English edition',
    chineseOriginal: 'Chinese original',
    showOriginal: 'Show the Chinese original',
    passageNumber: (n) => `passage ${n}`,
  },
};

/** Simplified → traditional (Taiwan standard) for the characters of the strings above, from OpenCC. */
const toTraditional = (text: string): string =>
  [...text].map((character) => (traditionalCharacters as Record<string, string>)[character] ?? character).join('');

/**
 * The traditional-Chinese interface: the simplified strings converted character by character with a map of only the
 * characters they use (the bundle carries no converter). tests/widget/ui-strings.test.ts checks that the result is
 * exactly OpenCC's phrase-aware conversion of every string, so a new string the map gets wrong fails there.
 */
function traditionalStrings(simplified: UiStrings): UiStrings {
  const converted = Object.fromEntries(
    Object.entries(simplified).map(([key, value]: [string, unknown]) => {
      if (typeof value === 'string') return [key, toTraditional(value)];
      if (Array.isArray(value)) return [key, value.map((item: string) => toTraditional(item))];
      return [key, (...args: never[]) => toTraditional((value as (...args: never[]) => string)(...args))];
    }),
  ) as unknown as UiStrings;
  return { ...converted, languageName: '繁體中文' };
}

/** Every string the chat page and the widget show, in each interface language (switching re-renders from these). */
export const uiStrings: Record<UiLanguage, UiStrings> = { ...strings, 'zh-Hant': traditionalStrings(strings.zh) };

/**
 * `zh`, `zh-CN`, `zh-SG`, `zh-Hans` read simplified Chinese; `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…` traditional;
 * anything else gets English.
 */
export function languageOf(tag: string | null | undefined): UiLanguage | undefined {
  if (tag === null || tag === undefined || tag.trim() === '') return undefined;
  const lower = tag.trim().toLowerCase().replaceAll('_', '-');
  if (!/^zh(?:-|$)/.test(lower)) return 'en';
  if (/-hans\b/.test(lower)) return 'zh';
  return /-(?:hant|tw|hk|mo)\b/.test(lower) ? 'zh-Hant' : 'zh';
}

/** An explicit choice (`zh`, `zh-Hant`, `en`) wins; `auto` or nothing follows the browser's preferred languages. */
export function pickUiLanguage(choice: string | null | undefined, browserLanguages: readonly string[]): UiLanguage {
  const chosen = choice?.trim().toLowerCase();
  if (chosen === 'zh' || chosen === 'en') return chosen;
  if (chosen === 'zh-hant') return 'zh-Hant';
  return languageOf(browserLanguages[0]) ?? 'en';
}
