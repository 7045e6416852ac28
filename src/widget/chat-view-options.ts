import type { ApiClient } from './api-client.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { UiLanguage } from './ui-strings.ts';

/** `page`: the full-window chat at `/`; `panel`: inside the widget's floating panel. */
export type ChatVariant = 'page' | 'panel';

export type ChatTheme = 'auto' | 'light' | 'dark';

export type ChatEventName = 'answer' | 'error' | 'feedback' | 'language-change' | 'passage-open';

export interface ChatViewOptions {
  api: ApiClient;
  language: UiLanguage;
  variant: ChatVariant;
  /** A partner's own title, welcome and starter questions (starters are shown in the UI language they are written in). */
  heading?: string;
  welcome?: string;
  starters?: string[];
  store?: ConversationStore;
  /** `auto` (default) follows the system's light or dark preference. */
  theme?: ChatTheme;
  /** Adds a close button to the header (the widget panel). */
  onClose?: () => void;
  /** Told what happened; the widget re-dispatches these as composed DOM events. */
  onEvent?: (name: ChatEventName, detail: unknown) => void;
}
