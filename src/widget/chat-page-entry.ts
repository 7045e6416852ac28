// The bundle entry behind the chat page `/`: the shared chat view, full window, on the page's own origin.
import { createApiClient } from './api-client.ts';
import chatStyles from './chat-view.css';
import { ChatView } from './chat-view.ts';
import { createConversationStore } from './conversation-store.ts';
import { pickUiLanguage, uiHtmlLang, uiStrings } from './ui-strings.ts';

const parameters = new URLSearchParams(location.search);
const api = createApiClient({ apiBase: location.origin });
const sheet = new CSSStyleSheet();
sheet.replaceSync(chatStyles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const view = new ChatView({
  api,
  variant: 'page',
  language: pickUiLanguage(parameters.get('lang'), navigator.languages.length > 0 ? navigator.languages : [navigator.language]),
  store: createConversationStore(api.apiBase),
  onEvent: (name) => {
    if (name === 'language-change') syncDocument();
  },
});

/** The document's own title and lang follow the UI language (screen readers, tab titles). */
function syncDocument(): void {
  document.documentElement.lang = uiHtmlLang[view.language];
  document.title = uiStrings[view.language].pageTitle;
}

const root = document.getElementById('app') ?? document.body;
root.replaceChildren(view.element);
syncDocument();
const question = parameters.get('q');
if (question !== null && question.trim() !== '') view.ask(question);
else view.focusInput();
