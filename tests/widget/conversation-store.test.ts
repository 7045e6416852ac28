import { describe, expect, it } from 'vitest';
import { conversationKey, createConversationStore } from '../../src/widget/conversation-store.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';

/** An in-memory Storage (the browser's sessionStorage interface). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const response: AnswerResponse = {
  answer: '1022亿元 [1]。',
  answered: true,
  language: 'zh',
  citations: [
    {
      n: 1,
      id: 'yearbook-2020-emerging#1',
      docId: 'yearbook-2020-emerging',
      title: '【概况】',
      section: ['新兴产业'],
      year: 2020,
      text: '很长的原文……',
      quote: '原文',
      score: 1,
      documentTitle: { zh: '年鉴', en: 'Yearbook' },
    },
  ],
  mode: { retrieval: 'lexical', generator: 'extractive' },
  timingsMs: { retrieval: 1, generation: 1, total: 2 },
};

describe('conversation store', () => {
  it('keeps turns per API base, without passage texts (fetched again on demand)', () => {
    const storage = memoryStorage();
    const store = createConversationStore('http://a.test', () => storage);
    store.save([{ id: 't1', question: '问题', response, feedback: 'up' }]);
    expect(createConversationStore('http://b.test', () => storage).load()).toEqual([]);
    const [turn] = store.load();
    expect(turn?.question).toBe('问题');
    expect(turn?.feedback).toBe('up');
    expect(turn?.response.citations[0]?.text).toBe('');
    expect(turn?.response.citations[0]?.quote).toBe('原文');
    store.clear();
    expect(storage.getItem(conversationKey('http://a.test'))).toBeNull();
  });

  it('forgets quietly when storage is missing, throws or holds something else', () => {
    expect(createConversationStore('x', () => undefined).load()).toEqual([]);
    const throwing = createConversationStore('x', () => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => throwing.save([])).not.toThrow();
    const storage = memoryStorage();
    storage.setItem(conversationKey('x'), '{"not":"a list"}');
    expect(createConversationStore('x', () => storage).load()).toEqual([]);
    storage.setItem(conversationKey('x'), '[{"id":1},{"id":"ok","question":"q","response":{"answer":"a"}}]');
    expect(
      createConversationStore('x', () => storage)
        .load()
        .map((turn) => turn.id),
    ).toEqual(['ok']);
  });
});
