import type { ApiClient } from './api-client.ts';
import type { ChatFrame } from './chat-frame.ts';
import type { PassageState, RenderContext, Turn } from './chat-turn.ts';
import { renderPassage } from './render-passage.ts';

/**
 * The passage panel's behaviour: opening a cited passage (fetching its text when a restored
 * conversation no longer has it), the English/original switch, closing with focus returned to the
 * button that opened it, and making the covered conversation inert while it acts as a dialog.
 */
export class ChatPassage {
  #frame: ChatFrame;
  #api: ApiClient;
  #context: () => RenderContext;
  #state: PassageState | undefined;

  constructor(frame: ChatFrame, api: ApiClient, context: () => RenderContext) {
    this.#frame = frame;
    this.#api = api;
    this.#context = context;
    const panel = frame.passagePanel;
    panel.addEventListener('click', (event) => {
      if ((event.target as Element).closest('.sipqa-passage-close') !== null) this.close();
    });
    panel.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.dataset.action !== 'show-original' || this.#state === undefined) return;
      this.#state.showOriginal = target.checked;
      this.render();
      panel.querySelector<HTMLElement>('[data-action="show-original"]')?.focus();
    });
  }

  get turn(): Turn | undefined {
    return this.#state?.turn;
  }

  /** Opens citation `n` of `turn`; returns its id for the `passage-open` event. */
  open(turn: Turn, n: number, opener: HTMLElement): string | undefined {
    const citation = (turn.response?.citations ?? turn.citations).find((candidate) => candidate.n === n);
    if (citation === undefined) return undefined;
    const needsText = citation.text === '' || (citation.english !== undefined && citation.english.text === '');
    const state: PassageState = { turn, citation, opener, status: needsText ? 'loading' : 'ready', showOriginal: false };
    this.#state = state;
    this.render();
    this.#frame.passagePanel.querySelector<HTMLElement>('.sipqa-passage-close')?.focus();
    if (state.status === 'loading') void this.#load(state);
    return citation.id;
  }

  /** Closes the panel if it is open; returns whether it was. */
  close({ restoreFocus = true }: { restoreFocus?: boolean } = {}): boolean {
    const state = this.#state;
    if (state === undefined) return false;
    this.#state = undefined;
    this.render();
    if (restoreFocus) {
      // The button that opened it may have been re-rendered since: find its stand-in.
      const opener = state.opener?.isConnected === true ? state.opener : state.turn.view?.root.querySelector<HTMLElement>(`[data-cite="${state.citation.n}"]`);
      (opener ?? this.#frame.composer.input).focus();
    }
    return true;
  }

  render(): void {
    const { passagePanel: panel, log, composer, root } = this.#frame;
    const state = this.#state;
    root.classList.toggle('sipqa-has-passage', state !== undefined);
    if (state === undefined) {
      panel.hidden = true;
      panel.replaceChildren();
      log.inert = false;
      composer.form.inert = false;
      return;
    }
    panel.hidden = false;
    const marks = renderPassage(panel, state, this.#context());
    // Over the conversation (panels, narrow pages) the panel acts as a dialog: what it covers is inert.
    const covers = getComputedStyle(panel).position !== 'static';
    panel.setAttribute('aria-modal', String(covers));
    log.inert = covers;
    composer.form.inert = covers;
    const first = marks[0];
    if (first !== undefined) {
      // Scroll only the panel (scrollIntoView could scroll the partner's page too).
      const scroller = panel.querySelector<HTMLElement>('.sipqa-passage-scroll');
      requestAnimationFrame(() => {
        if (scroller !== null) scroller.scrollTop = Math.max(0, first.offsetTop - scroller.offsetTop - 80);
      });
    }
  }

  /** Restored conversations keep no passage texts (see conversation-store): fetch the one asked for. */
  async #load(state: PassageState): Promise<void> {
    try {
      const passage = await this.#api.passage(state.citation.id);
      state.citation.text = passage.text;
      const quote = state.citation.english?.quote;
      if (passage.english !== undefined) state.citation.english = { ...passage.english, ...(quote !== undefined ? { quote } : {}) };
      else delete state.citation.english;
      state.status = 'ready';
    } catch {
      state.status = 'missing';
    }
    if (this.#state !== state) return;
    const panel = this.#frame.passagePanel;
    const hadFocus = panel.contains((panel.getRootNode() as Document | ShadowRoot).activeElement);
    this.render();
    if (hadFocus) panel.querySelector<HTMLElement>('.sipqa-passage-close')?.focus();
  }
}
