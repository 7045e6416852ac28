import type { LoadQuestion } from './questions.ts';

/** What the load sends: questions to POST /api/answer, or thumbs up/down to POST /api/feedback. */
export type LoadScenarioName = 'answer' | 'feedback';

export const loadScenarioNames: readonly LoadScenarioName[] = ['answer', 'feedback'];

export interface LoadScenario {
  name: LoadScenarioName;
  path: '/api/answer' | '/api/feedback';
  /** Request bodies, sent in rotation. */
  bodies: string[];
}

/**
 * Feedback as the widget sends it: the question, the answer it got (a few hundred characters of
 * Chinese, about 1 KB as UTF-8), the passages it cited, a rating and on every third record a comment.
 */
export function feedbackBodies(questions: readonly LoadQuestion[]): string[] {
  return questions.map(({ question }, index) =>
    JSON.stringify({
      answerId: `load-${index.toString(16).padStart(4, '0')}`,
      question,
      answer: `${'园区生物医药产业全年实现产值1022亿元，同比增长25%，集聚生物医药企业超过2000家 [1]。'.repeat(6)}`,
      rating: index % 2 === 0 ? 'up' : 'down',
      citations: ['yearbook-2020-emerging#1', 'yearbook-2021-emerging#3'],
      ...(index % 3 === 0 ? { comment: '数字和原文一致，但缺少增长率的来源说明。' } : {}),
    }),
  );
}

export function loadScenario(name: LoadScenarioName, questions: readonly LoadQuestion[]): LoadScenario {
  if (name === 'feedback') return { name, path: '/api/feedback', bodies: feedbackBodies(questions) };
  return { name, path: '/api/answer', bodies: questions.map(({ question }) => JSON.stringify({ question })) };
}
