import type { AnswerMode, AnswerResponse, ChatTurn, Citation } from '../generation/answer-parts.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { fitFeedback } from './fit-feedback.ts';
import type { ConversationStore, StoredTurn } from './conversation-store.ts';
import { appendHighlighted } from './highlight-quote.ts';
import { makeElement } from './make-element.ts';
import { makeIcon, type IconName } from './make-icon.ts';
import { renderAnswerText } from './render-answer-text.ts';
import { uiStrings, type UiLanguage, type UiStrings } from './ui-strings.ts';

/** `page`: the full-window chat at `/`; `panel`: inside the widget's floating panel. */
export type ChatVariant = 'page' | 'panel';

export type ChatEventName = 'answer' | 'error' | 'feedback' | 'language-change' | 'passage-open';

export interface ChatViewOptions {
  api: ApiClient;
  language: UiLanguage;
  variant: ChatVariant;
  /** A partner's own title, welcome and starter questions (used as given, in either UI language). */
  heading?: string;
  welcome?: string;
  starters?: string[];
  store?: ConversationStore;
  /** Adds a close button to the header (the widget panel). */
  onClose?: () => void;
  /** Told what happened; the widget re-dispatches these as composed DOM events. */
  onEvent?: (name: ChatEventName, detail: unknown) => void;
}

/** The API accepts at most 20 history turns of at most 4000 characters; 1000 characters per question. */
const HISTORY_TURNS = 20;
const TURN_CHARS = 4000;
const QUESTION_CHARS = 1000;

type FeedbackState = 'idle' | 'open' | 'sending' | 'sent' | 'failed';

interface Turn {
  id: string;
  /** The server's id for the answer (x-request-id): feedback names it, linking it to the logged question. */
  answerId?: string;
  question: string;
  status: 'streaming' | 'done' | 'error';
  /** The streamed text; replaced by the `done` response's answer, which is authoritative. */
  text: string;
  citations: Citation[];
  response?: AnswerResponse;
  error?: ApiError;
  feedback?: 'up' | 'down';
  feedbackState: FeedbackState;
  comment: string;
  copyState: 'idle' | 'copied' | 'failed';
  view?: { root: HTMLElement; answer: HTMLElement; actions: HTMLElement };
}

interface PassageState {
  turn: Turn;
  citation: Citation;
  opener: HTMLElement | null;
  status: 'ready' | 'loading' | 'missing';
}

/** Random enough for DOM ids and answer ids; works on plain-http partner pages, unlike randomUUID. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function iconButton(icon: IconName, label: string, className: string, attributes: Record<string, string> = {}): HTMLButtonElement {
  const button = makeElement('button', { className: `sipqa-icon-button ${className}`, attributes: { type: 'button', 'aria-label': label, title: label, ...attributes } });
  button.append(makeIcon(icon));
  return button;
}

export function documentTitleIn(citation: Pick<Citation, 'documentTitle'>, language: UiLanguage): string {
  const { zh, en } = citation.documentTitle;
  return (language === 'zh' ? zh || en : en || zh) || '';
}

/** `2020年园区…[1]` plus a sources list, for the clipboard. */
export function answerForClipboard(response: AnswerResponse, strings: UiStrings, language: UiLanguage): string {
  if (response.citations.length === 0) return response.answer;
  const sources = response.citations.map((citation) => `[${citation.n}] ${documentTitleIn(citation, language)} · ${citation.title} (${citation.year})`);
  return `${response.answer}\n\n${strings.sources}${language === 'zh' ? '：' : ':'}\n${sources.join('\n')}`;
}

/**
 * The conversation UI shared by the chat page and the widget: streamed answers with clickable `[n]`
 * markers, sources, a passage panel with the quote highlighted, copy, feedback, two UI languages.
 * Every piece of server text is set with textContent (see makeElement and renderAnswerText).
 */
export class ChatView {
  readonly element: HTMLElement;
  #api: ApiClient;
  #options: ChatViewOptions;
  #language: UiLanguage;
  #turns: Turn[] = [];
  #mode: AnswerMode | 'unavailable' | undefined;
  #abort: AbortController | undefined;
  #passage: PassageState | undefined;
  #idPrefix = `sipqa-${randomId().slice(0, 8)}`;

  #header = {
    title: makeElement('h1', { className: 'sipqa-title' }),
    subtitle: makeElement('p', { className: 'sipqa-subtitle' }),
    badge: makeElement('span', { className: 'sipqa-badge', attributes: { hidden: true } }),
    newConversation: iconButton('plus', '', 'sipqa-new'),
    language: makeElement('button', { className: 'sipqa-lang', attributes: { type: 'button' } }),
    close: iconButton('close', '', 'sipqa-close'),
  };
  #log = makeElement('div', { className: 'sipqa-log', attributes: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions' } });
  #intro = makeElement('section', { className: 'sipqa-intro' });
  #turnList = makeElement('div', { className: 'sipqa-turns' });
  #passagePanel = makeElement('aside', { className: 'sipqa-passage', attributes: { role: 'dialog', hidden: true } });
  #composer = {
    form: makeElement('form', { className: 'sipqa-composer' }),
    label: makeElement('label', { className: 'sipqa-visually-hidden' }),
    input: makeElement('textarea', { className: 'sipqa-input', attributes: { rows: '1', maxlength: String(QUESTION_CHARS), enterkeyhint: 'send' } }),
    send: makeElement('button', { className: 'sipqa-send', attributes: { type: 'submit' } }),
    sendLabel: makeElement('span', { className: 'sipqa-send-label' }),
    disclaimer: makeElement('p', { className: 'sipqa-disclaimer' }),
  };

  constructor(options: ChatViewOptions) {
    this.#options = options;
    this.#api = options.api;
    this.#language = options.language;
    this.element = this.#build();
    for (const stored of options.store?.load() ?? []) this.#turns.push(this.#fromStored(stored));
    this.#renderAll();
    void this.#loadHealth();
  }

  get language(): UiLanguage {
    return this.#language;
  }

  get busy(): boolean {
    return this.#turns.some((turn) => turn.status === 'streaming');
  }

  setLanguage(language: UiLanguage): void {
    if (language === this.#language) return;
    this.#language = language;
    this.#renderAll();
    this.#options.onEvent?.('language-change', { language });
  }

  focusInput(): void {
    this.#composer.input.focus();
  }

  /** Asks a question as if typed (starter buttons, the page's `?q=`). */
  ask(question: string): void {
    void this.#ask(question);
  }

  /** Closes the passage panel if it is open; returns whether it was (Esc then goes no further). */
  closePassage(): boolean {
    const state = this.#passage;
    if (state === undefined) return false;
    this.#passage = undefined;
    this.#renderPassage();
    // The button that opened it may have been re-rendered since: find its stand-in.
    const opener = state.opener?.isConnected === true ? state.opener : state.turn.view?.root.querySelector<HTMLElement>(`[data-cite="${state.citation.n}"]`);
    (opener ?? this.#composer.input).focus();
    return true;
  }

  get #strings(): UiStrings {
    return uiStrings[this.#language];
  }

  get #activeElement(): Element | null {
    const root = this.element.getRootNode() as Document | ShadowRoot;
    return root.activeElement;
  }

  #build(): HTMLElement {
    const { variant, onClose } = this.#options;
    const header = this.#header;
    header.language.addEventListener('click', () => this.setLanguage(this.#language === 'zh' ? 'en' : 'zh'));
    header.newConversation.addEventListener('click', () => this.#newConversation());
    header.close.addEventListener('click', () => onClose?.());

    const brand = makeElement('div', { className: 'sipqa-brand' }, [
      makeElement('span', { className: 'sipqa-logo', attributes: { 'aria-hidden': 'true' } }, [makeIcon('chat')]),
      makeElement('div', { className: 'sipqa-brand-text' }, [header.title, makeElement('div', { className: 'sipqa-brand-meta' }, [header.subtitle, header.badge])]),
    ]);
    const tools = makeElement('div', { className: 'sipqa-tools' }, [header.newConversation, header.language, onClose !== undefined ? header.close : null]);
    const headerElement = makeElement('header', { className: 'sipqa-header' }, [brand, tools]);

    this.#log.append(this.#intro, this.#turnList);
    this.#log.addEventListener('click', (event) => this.#onLogClick(event));
    this.#log.addEventListener('input', (event) => {
      const target = event.target as HTMLElement;
      const turn = this.#turnFor(target);
      if (turn !== undefined && target instanceof HTMLTextAreaElement) turn.comment = target.value;
    });
    this.#passagePanel.addEventListener('click', (event) => {
      if ((event.target as Element).closest('.sipqa-passage-close') !== null) this.closePassage();
    });

    const { form, label, input, send, sendLabel, disclaimer } = this.#composer;
    const inputId = `${this.#idPrefix}-input`;
    input.id = inputId;
    label.htmlFor = inputId;
    send.append(makeIcon('send'), sendLabel);
    form.append(label, makeElement('div', { className: 'sipqa-composer-row' }, [input, send]), disclaimer);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    input.addEventListener('keydown', (event) => {
      // isComposing/229: Enter that confirms a Chinese IME candidate must not send the question.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.#submit();
      }
    });
    input.addEventListener('input', () => this.#fitInput());

    const body = makeElement('div', { className: 'sipqa-body' }, [this.#log, this.#passagePanel]);
    const root = makeElement('div', { className: `sipqa sipqa-${variant}` }, [headerElement, body, form]);
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.closePassage()) event.stopPropagation();
    });
    return root;
  }

  #fitInput(): void {
    const { input } = this.#composer;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  /** Re-renders everything that has words in it (after a language switch or a restore). */
  #renderAll(): void {
    const strings = this.#strings;
    const { heading, variant } = this.#options;
    this.element.lang = this.#language === 'zh' ? 'zh-CN' : 'en';
    this.#header.title.textContent = heading ?? (variant === 'page' ? strings.pageTitle : strings.heading);
    this.#header.subtitle.textContent = strings.subtitle;
    this.#header.language.textContent = strings.switchTo;
    this.#header.language.lang = this.#language === 'zh' ? 'en' : 'zh-CN';
    this.#header.language.setAttribute('aria-label', strings.switchLanguage);
    this.#header.language.title = strings.switchLanguage;
    this.#header.newConversation.setAttribute('aria-label', strings.newConversation);
    this.#header.newConversation.title = strings.newConversation;
    this.#header.close.setAttribute('aria-label', strings.close);
    this.#header.close.title = strings.close;
    this.#log.setAttribute('aria-label', strings.heading);
    this.#composer.label.textContent = strings.inputLabel;
    this.#composer.input.placeholder = strings.placeholder;
    this.#composer.sendLabel.textContent = strings.send;
    this.#composer.send.setAttribute('aria-label', strings.send);
    this.#composer.disclaimer.textContent = strings.disclaimer;
    this.#renderBadge();
    this.#renderIntro();
    this.#turnList.replaceChildren(...this.#turns.map((turn) => this.#renderTurn(turn)));
    this.#renderPassage();
  }

  #renderBadge(): void {
    const badge = this.#header.badge;
    const mode = this.#mode;
    badge.hidden = mode === undefined;
    if (mode === undefined) return;
    badge.classList.toggle('sipqa-badge-warn', mode === 'unavailable');
    badge.textContent = mode === 'unavailable' ? this.#strings.modeUnavailable : this.#strings.modeLabel(mode);
    badge.title = mode === 'unavailable' ? this.#strings.offline : this.#strings.modeTitle(mode);
  }

  async #loadHealth(): Promise<void> {
    try {
      this.#mode = (await this.#api.health()).mode;
    } catch {
      this.#mode = 'unavailable';
    }
    this.#renderBadge();
  }

  #renderIntro(): void {
    const strings = this.#strings;
    const starters = this.#options.starters ?? strings.starters;
    const children: HTMLElement[] = [makeElement('p', { className: 'sipqa-welcome', text: this.#options.welcome ?? strings.welcome })];
    // Starters help an empty conversation get going; once it has begun they would only take room.
    if (this.#turns.length === 0 && starters.length > 0) {
      const headingId = `${this.#idPrefix}-starters`;
      children.push(
        makeElement('h2', { className: 'sipqa-starters-heading', text: strings.startersHeading, attributes: { id: headingId } }),
        makeElement(
          'ul',
          { className: 'sipqa-starters', attributes: { 'aria-labelledby': headingId } },
          starters.map((starter) => makeElement('li', {}, [makeElement('button', { className: 'sipqa-starter', text: starter, attributes: { type: 'button', 'data-starter': starter } })])),
        ),
      );
    }
    this.#intro.replaceChildren(...children);
  }

  #citeLabel = (citation: Citation) => this.#strings.citeLabel(citation.n, `${documentTitleIn(citation, this.#language)} ${citation.title}`.trim());

  #renderTurn(turn: Turn): HTMLElement {
    const strings = this.#strings;
    const question = makeElement('div', { className: 'sipqa-question' }, [
      makeElement('span', { className: 'sipqa-visually-hidden', text: `${strings.you}: ` }),
      makeElement('p', { text: turn.question }),
    ]);
    const answer = makeElement('div', { className: 'sipqa-answer-text' });
    const actions = makeElement('div', { className: 'sipqa-actions-area' });
    const reply = makeElement('div', { className: 'sipqa-reply', attributes: { 'aria-busy': turn.status === 'streaming' ? 'true' : 'false' } }, [
      makeElement('div', { className: 'sipqa-reply-head' }, [
        makeElement('span', { className: 'sipqa-avatar', attributes: { 'aria-hidden': 'true' } }, [makeIcon('chat')]),
        makeElement('span', { className: 'sipqa-reply-name', text: strings.assistant }),
        turn.response?.answered === false ? makeElement('span', { className: 'sipqa-tag', text: strings.notFound }) : null,
      ]),
      answer,
    ]);
    const root = makeElement('article', { className: 'sipqa-turn', attributes: { 'data-turn': turn.id } }, [question, reply]);
    turn.view = { root, answer, actions };
    this.#renderAnswer(turn);

    const response = turn.response;
    if (response?.resolvedQuestion !== undefined && response.resolvedQuestion !== turn.question) {
      reply.append(makeElement('p', { className: 'sipqa-understood', text: `${strings.understoodAs}${response.resolvedQuestion}` }));
    }
    if (response?.notice !== undefined) reply.append(makeElement('p', { className: 'sipqa-notice', text: response.notice }));
    if (turn.status === 'error' && turn.error !== undefined) reply.append(this.#renderError(turn, turn.error));
    if (response !== undefined && response.citations.length > 0) reply.append(this.#renderSources(response.citations));
    if (response !== undefined) {
      reply.append(actions);
      this.#renderActions(turn);
    }
    return root;
  }

  /** Only the answer text changes while streaming, so focus elsewhere in the turn is left alone. */
  #renderAnswer(turn: Turn): void {
    const view = turn.view;
    if (view === undefined) return;
    const text = turn.response?.answer ?? turn.text;
    if (turn.status === 'streaming' && text === '') {
      view.answer.replaceChildren(
        makeElement('p', { className: 'sipqa-searching' }, [makeElement('span', { className: 'sipqa-dots', attributes: { 'aria-hidden': 'true' } }, [makeElement('i'), makeElement('i'), makeElement('i')]), this.#strings.searching]),
      );
      return;
    }
    view.answer.lang = (turn.response?.language ?? (/[\u3400-\u9fff]/.test(turn.question) ? 'zh' : 'en')) === 'zh' ? 'zh-CN' : 'en';
    renderAnswerText(view.answer, text, turn.response?.citations ?? turn.citations, this.#citeLabel);
    view.answer.classList.toggle('sipqa-streaming', turn.status === 'streaming');
  }

  #renderError(turn: Turn, error: ApiError): HTMLElement {
    const strings = this.#strings;
    const message =
      error.kind === 'offline'
        ? strings.offline
        : error.kind === 'blocked'
          ? strings.blocked
          : error.kind === 'rate-limited'
            ? strings.rateLimited(error.retryAfterSeconds)
            : error.kind === 'interrupted'
              ? strings.interrupted
              : strings.serverError;
    const detail = error.kind === 'server' && error.code !== undefined ? `${error.code}: ${error.message}` : undefined;
    return makeElement('div', { className: `sipqa-error sipqa-error-${error.kind}`, attributes: { role: 'alert' } }, [
      makeIcon('alert'),
      makeElement('div', {}, [
        makeElement('p', { className: 'sipqa-error-message', text: message }),
        detail !== undefined ? makeElement('p', { className: 'sipqa-error-detail', text: detail }) : null,
        makeElement('button', { className: 'sipqa-retry', text: strings.tryAgain, attributes: { type: 'button', 'data-action': 'retry' } }),
      ]),
    ]);
  }

  #renderSources(citations: readonly Citation[]): HTMLElement {
    const strings = this.#strings;
    return makeElement('section', { className: 'sipqa-sources' }, [
      makeElement('h3', { className: 'sipqa-sources-heading', text: strings.sources }),
      makeElement(
        'ol',
        { className: 'sipqa-sources-list' },
        citations.map((citation) =>
          makeElement('li', {}, [
            makeElement('button', { className: 'sipqa-source', attributes: { type: 'button', 'data-cite': String(citation.n), 'aria-label': this.#citeLabel(citation) } }, [
              makeElement('span', { className: 'sipqa-source-n', text: String(citation.n) }),
              makeElement('span', { className: 'sipqa-source-text' }, [
                makeElement('span', { className: 'sipqa-source-title', text: documentTitleIn(citation, this.#language) }),
                makeElement('span', { className: 'sipqa-source-meta', text: [citation.title, citation.year > 0 ? String(citation.year) : ''].filter(Boolean).join(' · ') }),
              ]),
            ]),
          ]),
        ),
      ),
    ]);
  }

  /** Copy and feedback; re-rendered on their own, keeping focus on the control that was used. */
  #renderActions(turn: Turn): void {
    const view = turn.view;
    if (view === undefined || turn.response === undefined) return;
    const strings = this.#strings;
    const focusKey = (this.#activeElement as HTMLElement | null)?.dataset?.focusKey;
    const sent = turn.feedbackState === 'sent';
    const thumb = (rating: 'up' | 'down') =>
      iconButton(rating === 'up' ? 'thumbUp' : 'thumbDown', rating === 'up' ? strings.helpful : strings.notHelpful, `sipqa-thumb sipqa-thumb-${rating}`, {
        'data-action': `rate-${rating}`,
        'data-focus-key': `rate-${rating}`,
        'aria-pressed': String(turn.feedback === rating),
        ...(sent || turn.feedbackState === 'sending' ? { disabled: '' } : {}),
      });
    const copy = makeElement('button', { className: 'sipqa-copy', attributes: { type: 'button', 'data-action': 'copy', 'data-focus-key': 'copy' } }, [
      makeIcon(turn.copyState === 'copied' ? 'check' : 'copy'),
      turn.copyState === 'copied' ? strings.copied : turn.copyState === 'failed' ? strings.copyFailed : strings.copy,
    ]);
    const children: HTMLElement[] = [makeElement('div', { className: 'sipqa-actions' }, [copy, makeElement('span', { className: 'sipqa-actions-gap' }), thumb('up'), thumb('down')])];

    if (turn.feedbackState === 'open' || turn.feedbackState === 'sending' || turn.feedbackState === 'failed') {
      const commentId = `${this.#idPrefix}-comment-${turn.id}`;
      const comment = makeElement('textarea', {
        className: 'sipqa-comment',
        attributes: { id: commentId, rows: '2', maxlength: '1000', placeholder: strings.commentPlaceholder, 'data-focus-key': 'comment' },
      });
      comment.value = turn.comment;
      children.push(
        makeElement('form', { className: 'sipqa-feedback', attributes: { 'data-action': 'feedback' } }, [
          makeElement('label', { text: strings.feedbackPrompt, attributes: { for: commentId } }),
          comment,
          makeElement('div', { className: 'sipqa-feedback-row' }, [
            turn.feedbackState === 'failed' ? makeElement('p', { className: 'sipqa-feedback-error', text: strings.feedbackFailed, attributes: { role: 'alert' } }) : null,
            makeElement('button', {
              className: 'sipqa-feedback-send',
              text: strings.sendFeedback,
              attributes: { type: 'submit', 'data-focus-key': 'feedback-send', disabled: turn.feedbackState === 'sending' },
            }),
          ]),
        ]),
      );
    } else if (sent) {
      children.push(makeElement('p', { className: 'sipqa-feedback-thanks', text: strings.feedbackThanks, attributes: { role: 'status', tabindex: '-1', 'data-focus-key': 'thanks' } }));
    }
    view.actions.replaceChildren(...children);
    const form = view.actions.querySelector('form');
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#sendFeedback(turn);
    });
    if (focusKey !== undefined) view.actions.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]:not([disabled])`)?.focus();
  }

  #renderPassage(): void {
    const panel = this.#passagePanel;
    const state = this.#passage;
    this.element.classList.toggle('sipqa-has-passage', state !== undefined);
    if (state === undefined) {
      panel.hidden = true;
      panel.replaceChildren();
      this.#log.inert = false;
      this.#composer.form.inert = false;
      return;
    }
    const strings = this.#strings;
    const { citation } = state;
    const headingId = `${this.#idPrefix}-passage-heading`;
    panel.hidden = false;
    panel.setAttribute('aria-labelledby', headingId);
    const close = iconButton('close', strings.close, 'sipqa-passage-close');
    const text = makeElement('blockquote', { className: 'sipqa-passage-text', attributes: { lang: 'zh-CN' } });
    let marks: HTMLElement[] = [];
    if (state.status === 'loading') text.append(makeElement('p', { className: 'sipqa-muted', text: strings.passageLoading }));
    else if (state.status === 'missing') text.append(makeElement('p', { className: 'sipqa-muted', text: strings.passageMissing }));
    else marks = appendHighlighted(text, citation.text, citation.quote);
    const section = citation.section.length > 0 ? citation.section.join(' › ') : citation.title;
    panel.replaceChildren(
      makeElement('div', { className: 'sipqa-passage-head' }, [
        makeElement('h2', { className: 'sipqa-passage-heading', attributes: { id: headingId } }, [
          makeElement('span', { className: 'sipqa-source-n', text: String(citation.n) }),
          strings.passageHeading,
        ]),
        close,
      ]),
      makeElement('div', { className: 'sipqa-passage-scroll' }, [
        makeElement('p', { className: 'sipqa-passage-document', text: documentTitleIn(citation, this.#language) }),
        makeElement('dl', { className: 'sipqa-passage-meta' }, [
          makeElement('dt', { text: strings.passageSection }),
          makeElement('dd', { text: section, attributes: { lang: 'zh-CN' } }),
          makeElement('dt', { text: strings.passageYear }),
          makeElement('dd', { text: citation.year > 0 ? String(citation.year) : '—' }),
        ]),
        marks.length > 0 ? makeElement('p', { className: 'sipqa-passage-hint', text: strings.passageHint }) : null,
        text,
      ]),
    );
    // Over the conversation (panels, narrow pages) the panel acts as a dialog: what it covers is inert.
    const covers = getComputedStyle(panel).position !== 'static';
    panel.setAttribute('aria-modal', String(covers));
    this.#log.inert = covers;
    this.#composer.form.inert = covers;
    const first = marks[0];
    if (first !== undefined) {
      // Scroll only the panel (scrollIntoView could scroll the partner's page too).
      const scroller = panel.querySelector<HTMLElement>('.sipqa-passage-scroll');
      requestAnimationFrame(() => {
        if (scroller !== null) scroller.scrollTop = Math.max(0, first.offsetTop - scroller.offsetTop - 80);
      });
    }
  }

  #turnFor(element: Element): Turn | undefined {
    const id = element.closest<HTMLElement>('[data-turn]')?.dataset.turn;
    return this.#turns.find((turn) => turn.id === id);
  }

  #onLogClick(event: MouseEvent): void {
    const target = (event.target as Element).closest<HTMLElement>('button');
    if (target === null) return;
    const starter = target.dataset.starter;
    if (starter !== undefined) {
      void this.#ask(starter);
      return;
    }
    const turn = this.#turnFor(target);
    if (turn === undefined) return;
    const cite = target.dataset.cite;
    if (cite !== undefined) {
      this.#openPassage(turn, Number(cite), target);
      return;
    }
    switch (target.dataset.action) {
      case 'retry':
        this.#retry(turn);
        break;
      case 'copy':
        void this.#copy(turn);
        break;
      case 'rate-up':
      case 'rate-down':
        turn.feedback = target.dataset.action === 'rate-up' ? 'up' : 'down';
        turn.feedbackState = 'open';
        this.#renderActions(turn);
        turn.view?.actions.querySelector<HTMLTextAreaElement>('.sipqa-comment')?.focus();
        break;
    }
  }

  #openPassage(turn: Turn, n: number, opener: HTMLElement): void {
    const citation = (turn.response?.citations ?? turn.citations).find((candidate) => candidate.n === n);
    if (citation === undefined) return;
    const state: PassageState = { turn, citation, opener, status: citation.text === '' ? 'loading' : 'ready' };
    this.#passage = state;
    this.#renderPassage();
    this.#passagePanel.querySelector<HTMLElement>('.sipqa-passage-close')?.focus();
    this.#options.onEvent?.('passage-open', { id: citation.id, n });
    if (state.status === 'loading') void this.#loadPassage(state);
  }

  /** Restored conversations keep no passage texts (see conversation-store): fetch the one asked for. */
  async #loadPassage(state: PassageState): Promise<void> {
    try {
      const passage = await this.#api.passage(state.citation.id);
      state.citation.text = passage.text;
      state.status = 'ready';
    } catch {
      state.status = 'missing';
    }
    if (this.#passage !== state) return;
    const hadFocus = this.#passagePanel.contains(this.#activeElement);
    this.#renderPassage();
    if (hadFocus) this.#passagePanel.querySelector<HTMLElement>('.sipqa-passage-close')?.focus();
  }

  async #copy(turn: Turn): Promise<void> {
    if (turn.response === undefined) return;
    const text = answerForClipboard(turn.response, this.#strings, this.#language);
    try {
      await navigator.clipboard.writeText(text);
      turn.copyState = 'copied';
    } catch {
      // navigator.clipboard exists only in secure contexts; a partner page on plain http still gets a copy.
      turn.copyState = this.#copyBySelection(text) ? 'copied' : 'failed';
    }
    this.#renderActions(turn);
    setTimeout(() => {
      turn.copyState = 'idle';
      if (turn.view?.root.isConnected === true) this.#renderActions(turn);
    }, 2000);
  }

  #copyBySelection(text: string): boolean {
    const previous = this.#activeElement as HTMLElement | null;
    const area = makeElement('textarea', { className: 'sipqa-visually-hidden', attributes: { readonly: true, 'aria-hidden': 'true' } });
    area.value = text;
    this.element.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      previous?.focus();
    }
  }

  async #sendFeedback(turn: Turn): Promise<void> {
    const response = turn.response;
    if (response === undefined || turn.feedback === undefined || turn.feedbackState === 'sending') return;
    turn.feedbackState = 'sending';
    this.#renderActions(turn);
    const comment = turn.comment.trim();
    const input = fitFeedback({
      question: turn.question.slice(0, QUESTION_CHARS),
      answer: response.answer.slice(0, 8000),
      rating: turn.feedback,
      answerId: turn.answerId ?? turn.id,
      citations: response.citations.slice(0, 20).map((citation) => citation.id),
      ...(comment !== '' ? { comment: comment.slice(0, 1000) } : {}),
    });
    try {
      await this.#api.feedback(input);
      turn.feedbackState = 'sent';
      this.#save();
      this.#options.onEvent?.('feedback', input);
    } catch {
      turn.feedbackState = 'failed';
    }
    this.#renderActions(turn);
    if (turn.feedbackState === 'sent') turn.view?.actions.querySelector<HTMLElement>('.sipqa-feedback-thanks')?.focus();
  }

  #submit(): void {
    const question = this.#composer.input.value.trim();
    if (question === '' || this.busy) {
      this.#composer.input.focus();
      return;
    }
    this.#composer.input.value = '';
    this.#fitInput();
    void this.#ask(question);
  }

  /** Finished exchanges, oldest first, as the API's `history` (failed turns are left out). */
  #history(): ChatTurn[] {
    return this.#turns
      .flatMap((turn): ChatTurn[] =>
        turn.status === 'done' && turn.response !== undefined
          ? [
              { role: 'user', content: turn.question.slice(0, TURN_CHARS) },
              { role: 'assistant', content: turn.response.answer.slice(0, TURN_CHARS) },
            ]
          : [],
      )
      .slice(-HISTORY_TURNS);
  }

  async #ask(question: string): Promise<void> {
    if (this.busy || question.trim() === '') return;
    const history = this.#history();
    const turn: Turn = { id: randomId(), question: question.trim(), status: 'streaming', text: '', citations: [], feedbackState: 'idle', comment: '', copyState: 'idle' };
    this.#turns.push(turn);
    this.#renderIntro();
    this.#turnList.append(this.#renderTurn(turn));
    this.#scrollToEnd(true);
    this.#composer.send.disabled = true;
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const response = await this.#api.streamAnswer(
        { question: turn.question, history },
        {
          signal: abort.signal,
          onRequestId: (id) => {
            turn.answerId = id;
          },
          onCitations: (citations) => {
            turn.citations = citations;
          },
          onDelta: (text) => {
            const follow = this.#nearEnd();
            turn.text += text;
            this.#renderAnswer(turn);
            if (follow) this.#scrollToEnd(true);
          },
        },
      );
      turn.response = response;
      turn.status = 'done';
      this.#mode = response.mode;
      this.#renderBadge();
      this.#options.onEvent?.('answer', { question: turn.question, response });
    } catch (error) {
      if (abort.signal.aborted) return;
      turn.status = 'error';
      turn.error = ApiError.isInstance(error) ? error : new ApiError('interrupted', error instanceof Error ? error.message : String(error), { cause: error });
      this.#options.onEvent?.('error', { question: turn.question, kind: turn.error.kind, code: turn.error.code, message: turn.error.message });
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
      this.#composer.send.disabled = false;
    }
    // The answer the stream built may differ from the final one (an LLM that failed midway): redraw from `done`.
    const follow = this.#nearEnd();
    const previous = turn.view?.root;
    const next = this.#renderTurn(turn);
    if (previous?.isConnected === true) previous.replaceWith(next);
    if (follow) this.#scrollToEnd(true);
    this.#save();
  }

  #retry(turn: Turn): void {
    this.#turns = this.#turns.filter((candidate) => candidate !== turn);
    turn.view?.root.remove();
    void this.#ask(turn.question);
  }

  #newConversation(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#turns = [];
    this.#passage = undefined;
    this.#options.store?.clear();
    this.#composer.send.disabled = false;
    this.#renderAll();
    this.focusInput();
  }

  #nearEnd(): boolean {
    const log = this.#log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  #scrollToEnd(always = false): void {
    if (always || this.#nearEnd()) this.#log.scrollTop = this.#log.scrollHeight;
  }

  #save(): void {
    this.#options.store?.save(
      this.#turns.flatMap((turn): StoredTurn[] =>
        turn.status === 'done' && turn.response !== undefined
          ? [{ id: turn.id, question: turn.question, response: turn.response, ...(turn.feedbackState === 'sent' && turn.feedback !== undefined ? { feedback: turn.feedback } : {}) }]
          : [],
      ),
    );
  }

  #fromStored(stored: StoredTurn): Turn {
    return {
      id: stored.id,
      question: stored.question,
      status: 'done',
      text: stored.response.answer,
      citations: stored.response.citations,
      response: stored.response,
      feedbackState: stored.feedback !== undefined ? 'sent' : 'idle',
      ...(stored.feedback !== undefined ? { feedback: stored.feedback } : {}),
      comment: '',
      copyState: 'idle',
    };
  }
}
