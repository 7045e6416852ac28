import { answerForClipboard, copyText } from './answer-for-clipboard.ts';
import type { AnswerMode } from '../question/answer-parts.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { createChatFrame } from './chat-frame.ts';
import { feedbackFor, historyOf, storedTurnsOf, turnFromStored } from './chat-history.ts';
import { ChatPassage } from './chat-passage.ts';
import { randomId, textLanguage, type RenderContext, type Turn } from './chat-turn.ts';
import { followUpQuestions, renderIntro } from './render-intro.ts';
import { renderActions, renderAnswer, renderSuggestions, renderTurn } from './render-turn.ts';
import { isChinese, uiHtmlLang, uiStrings, type UiLanguage } from './ui-strings.ts';

import type { ChatTheme, ChatViewOptions } from './chat-view-options.ts';

export type { ChatEventName, ChatTheme, ChatVariant, ChatViewOptions } from './chat-view-options.ts';

/**
 * The conversation controller shared by the chat page and the widget: it owns the turns, asks, stops,
 * retries and edits, copies, sends feedback and remembers the conversation; render-turn.ts and
 * render-passage.ts draw it. Every piece of server text is set as text (see makeElement), never as HTML.
 */
export class ChatView {
  readonly element: HTMLElement;
  #api: ApiClient;
  #options: ChatViewOptions;
  #language: UiLanguage;
  /** The Chinese the language switch goes back to from English: the script the visitor last read. */
  #chinese: UiLanguage;
  #turns: Turn[] = [];
  #mode: AnswerMode | 'unavailable' | undefined;
  #abort: AbortController | undefined;
  #passage: ChatPassage;
  /** The turn whose question is being edited in the composer. */
  #editing: Turn | undefined;
  #idPrefix = `sipqa-${randomId().slice(0, 8)}`;
  #frame;

  constructor(options: ChatViewOptions) {
    this.#options = options;
    this.#api = options.api;
    this.#language = options.language;
    this.#chinese = isChinese(options.language) ? options.language : 'zh';
    this.#frame = createChatFrame(options.variant, this.#idPrefix, options.onClose !== undefined);
    this.element = this.#frame.root;
    this.setTheme(options.theme ?? 'auto');
    this.#passage = new ChatPassage(this.#frame, this.#api, () => this.#context);
    this.#wire();
    for (const stored of options.store?.load() ?? []) this.#turns.push(turnFromStored(stored));
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
    if (isChinese(language)) this.#chinese = language;
    this.#renderAll();
    this.#options.onEvent?.('language-change', { language });
  }

  setTheme(theme: ChatTheme): void {
    this.element.dataset.theme = theme;
  }

  focusInput(): void {
    this.#frame.composer.input.focus();
  }

  /** Asks a question as if typed (starter buttons, the page's `?q=`). */
  ask(question: string): void {
    void this.#ask(question);
  }

  /** Stops the answer being written: the request is aborted, so the server stops working on it too. */
  stop(): void {
    this.#abort?.abort();
  }

  /** Shows the latest exchange (the widget calls it when its panel opens again). */
  scrollToEnd(): void {
    this.#frame.log.scrollTop = this.#frame.log.scrollHeight;
  }

  /** Closes the passage panel if it is open; returns whether it was (Esc then goes no further). */
  closePassage(): boolean {
    return this.#passage.close();
  }

  get #context(): RenderContext {
    return { strings: uiStrings[this.#language], language: this.#language, idPrefix: this.#idPrefix };
  }

  #wire(): void {
    const { header, log, composer } = this.#frame;
    header.language.addEventListener('click', () => this.setLanguage(isChinese(this.#language) ? 'en' : this.#chinese));
    header.newConversation.addEventListener('click', () => this.#newConversation());
    header.close.addEventListener('click', () => this.#options.onClose?.());
    log.addEventListener('click', (event) => this.#onLogClick(event));
    log.addEventListener('input', (event) => {
      const target = event.target as HTMLElement;
      const turn = this.#turnFor(target);
      if (turn !== undefined && target instanceof HTMLTextAreaElement) turn.comment = target.value;
    });
    log.addEventListener('submit', (event) => {
      const turn = this.#turnFor(event.target as Element);
      if (turn === undefined) return;
      event.preventDefault();
      void this.#sendFeedback(turn);
    });
    composer.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    composer.stop.button.addEventListener('click', () => {
      this.stop();
      this.focusInput();
    });
    composer.cancelEdit.addEventListener('click', () => this.#setEditing(undefined));
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && (this.closePassage() || this.#cancelEditOnEscape())) event.stopPropagation();
    });
  }

  /** Re-renders everything that has words in it (after a language switch or a restore). */
  #renderAll(): void {
    const { strings } = this.#context;
    const { heading, variant } = this.#options;
    this.element.lang = uiHtmlLang[this.#language];
    this.#frame.label(strings, heading ?? (variant === 'page' ? strings.pageTitle : strings.heading));
    this.#renderStatus();
    this.#renderIntro();
    this.#frame.turnList.replaceChildren(...this.#turns.map((turn) => renderTurn(turn, this.#context, this.#place(turn))));
    this.#renderFollowUps();
    this.#renderComposer();
    this.#passage.render();
  }

  #place(turn: Turn): { last: boolean; busy: boolean } {
    return { last: turn === this.#turns[this.#turns.length - 1] && turn.status !== 'streaming', busy: this.busy };
  }

  /** Only trouble is worth a header badge; how answers are made is in each answer's "about" detail. */
  #renderStatus(): void {
    this.#frame.header.status.hidden = this.#mode !== 'unavailable';
  }

  async #loadHealth(): Promise<void> {
    this.#mode = await this.#api.health().then(
      ({ mode }) => mode,
      () => 'unavailable' as const,
    );
    this.#renderStatus();
  }

  /** The partner's starters written in the UI language, else ours: never a mix of languages. */
  #starters(): string[] {
    const own = (this.#options.starters ?? []).filter((starter) => textLanguage(starter) === this.#language);
    return own.length > 0 ? own : uiStrings[this.#language].starters;
  }

  #renderIntro(): void {
    this.#frame.intro.replaceChildren(...renderIntro(this.#context, this.#options.welcome, this.#turns.length === 0 ? this.#starters() : []));
  }

  /** Under the last finished answer: the server's follow-up questions, else starters in the UI language. */
  #renderFollowUps(): void {
    const section = renderSuggestions(followUpQuestions(this.#turns, this.#starters()), this.#context);
    this.#frame.followUps.replaceChildren(...(section !== null ? [section] : []));
  }

  #renderComposer(): void {
    this.#frame.showBusy(this.busy, this.#editing !== undefined);
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
      const id = this.#passage.open(turn, Number(cite), target);
      if (id !== undefined) this.#options.onEvent?.('passage-open', { id, n: Number(cite) });
      return;
    }
    switch (target.dataset.action) {
      case 'retry':
      case 'regenerate':
        this.#askAgain(turn, turn.question);
        break;
      case 'edit':
        this.#setEditing(turn);
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

  #renderActions(turn: Turn): void {
    renderActions(turn, this.#context, this.#place(turn));
  }

  async #copy(turn: Turn): Promise<void> {
    if (turn.response === undefined) return;
    turn.copyState = (await copyText(answerForClipboard(turn.response, this.#context.strings, this.#language), this.element)) ? 'copied' : 'failed';
    this.#renderActions(turn);
    setTimeout(() => {
      turn.copyState = 'idle';
      if (turn.view?.root.isConnected === true) this.#renderActions(turn);
    }, 2000);
  }

  async #sendFeedback(turn: Turn): Promise<void> {
    const response = turn.response;
    if (response === undefined || turn.feedback === undefined || turn.feedbackState === 'sending') return;
    turn.feedbackState = 'sending';
    this.#renderActions(turn);
    const input = feedbackFor({ ...turn, feedback: turn.feedback, response });
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
    const { input } = this.#frame.composer;
    const question = input.value.trim();
    if (question === '' || this.busy) {
      input.focus();
      return;
    }
    this.#frame.setInput('');
    const editing = this.#editing;
    this.#setEditing(undefined, false);
    if (editing !== undefined && this.#turns.includes(editing)) this.#askAgain(editing, question);
    else void this.#ask(question);
  }

  /** Puts a question back in the composer; sending it replaces that turn and everything after it. */
  #setEditing(turn: Turn | undefined, fillInput = true): void {
    const was = this.#editing;
    this.#editing = turn;
    if (fillInput && (turn !== undefined || was !== undefined)) this.#frame.setInput(turn?.question ?? '');
    this.#renderComposer();
    if (fillInput) this.focusInput();
  }

  #cancelEditOnEscape(): boolean {
    if (this.#editing === undefined) return false;
    this.#setEditing(undefined);
    return true;
  }

  /** Regenerate, retry and edit: the turn and those after it give way to a new answer. */
  #askAgain(turn: Turn, question: string): void {
    if (this.busy) return;
    const index = this.#turns.indexOf(turn);
    if (index === -1) return;
    for (const removed of this.#turns.splice(index)) removed.view?.root.remove();
    const shown = this.#passage.turn;
    if (shown !== undefined && !this.#turns.includes(shown)) this.#passage.close({ restoreFocus: false });
    void this.#ask(question);
  }

  /** Redraws every turn's controls that depend on being last or on an answer streaming. */
  #refreshTurns(): void {
    for (const turn of this.#turns) {
      const previous = turn.view?.root;
      if (previous === undefined || turn.status === 'streaming') continue;
      const next = renderTurn(turn, this.#context, this.#place(turn));
      if (previous.isConnected) previous.replaceWith(next);
    }
  }

  async #ask(question: string): Promise<void> {
    if (this.busy || question.trim() === '') return;
    const history = historyOf(this.#turns);
    const turn: Turn = {
      id: randomId(),
      question: question.trim(),
      status: 'streaming',
      text: '',
      citations: [],
      feedbackState: 'idle',
      comment: '',
      copyState: 'idle',
    };
    this.#turns.push(turn);
    this.#refreshTurns();
    this.#renderIntro();
    this.#renderFollowUps();
    this.#frame.turnList.append(renderTurn(turn, this.#context, this.#place(turn)));
    this.#renderComposer();
    this.scrollToEnd();
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
            renderAnswer(turn, this.#context);
            if (follow) this.scrollToEnd();
          },
        },
      );
      turn.response = response;
      turn.status = 'done';
      this.#mode = response.mode;
      this.#renderStatus();
      this.#options.onEvent?.('answer', { question: turn.question, response });
    } catch (error) {
      if (abort.signal.aborted) {
        // Stopped by the reader, or dropped by a new conversation (then the turn is gone already).
        turn.status = 'stopped';
      } else {
        turn.status = 'error';
        turn.error = ApiError.isInstance(error) ? error : new ApiError('interrupted', error instanceof Error ? error.message : String(error), { cause: error });
        this.#options.onEvent?.('error', {
          question: turn.question,
          kind: turn.error.kind,
          code: turn.error.code,
          message: turn.error.message,
          requestId: turn.error.requestId,
        });
      }
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
    }
    if (!this.#turns.includes(turn)) return;
    // The answer the stream built may differ from the final one (an LLM that failed midway): redraw from `done`.
    const follow = this.#nearEnd();
    this.#refreshTurns();
    this.#renderFollowUps();
    this.#renderComposer();
    if (follow) this.scrollToEnd();
    this.#save();
  }

  #newConversation(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#turns = [];
    this.#passage.close({ restoreFocus: false });
    this.#editing = undefined;
    this.#options.store?.clear();
    this.#renderAll();
    this.focusInput();
  }

  #nearEnd(): boolean {
    const log = this.#frame.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  #save(): void {
    this.#options.store?.save(storedTurnsOf(this.#turns));
  }
}
