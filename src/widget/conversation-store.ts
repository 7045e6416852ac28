import type { AnswerResponse } from '../question/answer-parts.ts';
import { toAnswerResponse } from './to-answer-response.ts';

/** One finished exchange as remembered between page loads. */
export interface StoredTurn {
  id: string;
  question: string;
  response: AnswerResponse;
  feedback?: 'up' | 'down';
}

export interface ConversationStore {
  load(): StoredTurn[];
  save(turns: readonly StoredTurn[]): void;
  clear(): void;
}

/** Kept in session storage; older turns fall off (the API takes at most 20 history turns anyway). */
const MAX_TURNS = 12;

export function conversationKey(apiBase: string): string {
  return `sip-qa:conversation:${apiBase}`;
}

/**
 * The conversation for this tab's session, keyed by API base so two widgets for two services never
 * mix. Passage texts are dropped (the panel fetches them again) to stay far below storage quotas.
 * Storage can be missing or throw (privacy modes, sandboxed frames): the chat then simply forgets.
 */
export function createConversationStore(apiBase: string, storage: () => Storage | undefined = () => globalThis.sessionStorage): ConversationStore {
  const key = conversationKey(apiBase);
  const attempt = <T>(action: (store: Storage) => T, fallback: T): T => {
    try {
      const store = storage();
      return store === undefined ? fallback : action(store);
    } catch {
      return fallback;
    }
  };
  return {
    load() {
      return attempt((store) => {
        const parsed: unknown = JSON.parse(store.getItem(key) ?? '[]');
        if (!Array.isArray(parsed)) return [];
        return parsed.flatMap((item: unknown): StoredTurn[] => {
          if (typeof item !== 'object' || item === null) return [];
          const { id, question, response, feedback } = item as Record<string, unknown>;
          const answer = toAnswerResponse(response);
          if (typeof id !== 'string' || typeof question !== 'string' || answer === undefined) return [];
          return [{ id, question, response: answer, ...(feedback === 'up' || feedback === 'down' ? { feedback } : {}) }];
        });
      }, []);
    },
    save(turns) {
      attempt((store) => {
        const compact = turns.slice(-MAX_TURNS).map((turn) => ({
          ...turn,
          response: {
            ...turn.response,
            citations: turn.response.citations.map(({ english, ...citation }) => ({
              ...citation,
              text: '',
              ...(english !== undefined ? { english: { ...english, text: '' } } : {}),
            })),
          },
        }));
        store.setItem(key, JSON.stringify(compact));
      }, undefined);
    },
    clear() {
      attempt((store) => store.removeItem(key), undefined);
    },
  };
}
