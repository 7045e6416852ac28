import { createApiClient } from './api-client.ts';
import chatStyles from './chat-view.css';
import { ChatView, type ChatEventName, type ChatTheme } from './chat-view.ts';
import { createConversationStore } from './conversation-store.ts';
import { makeElement } from './make-element.ts';
import { makeIcon } from './make-icon.ts';
import { pickUiLanguage, uiHtmlLang, uiStrings, type UiLanguage } from './ui-strings.ts';
import widgetStyles from './sip-qa-widget-element.css';

const focusableSelector = 'button, textarea, input, select, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Constructed stylesheets where the browser has them: a partner page's CSP (`style-src`) does not
 * apply to them, unlike a <style> element; the <style> fallback is for older browsers.
 */
function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.append(makeElement('style', { text: css }));
  }
}

/** Black or white text, whichever reads better on the partner's colour (WCAG relative luminance). */
function inkFor(rgb: string): string {
  const channels =
    rgb
      .match(/[\d.]+/g)
      ?.slice(0, 3)
      .map(Number) ?? [];
  if (channels.length < 3) return '#ffffff';
  const [red = 0, green = 0, blue = 0] = channels.map((value) => {
    const channel = value / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  // Contrast with white is 1.05/(L+0.05); with near-black (#17212b, L≈0.015) it is (L+0.05)/0.065.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.065 ? '#ffffff' : '#17212b';
}

/**
 * `<sip-qa-widget>`: a launcher button and a chat panel for partner sites. Everything lives in a
 * shadow root, so the partner's CSS cannot restyle it and its CSS cannot leak out. Attributes
 * (the loader copies them from the script tag's data-*): api-base, language (auto|zh|en), position
 * (bottom-right|bottom-left), heading, welcome, primary-color, starters ("q1|q2|q3"; those written in
 * the UI language are shown), theme (auto|light|dark; auto follows the system), open.
 * Events (bubbling, composed): sip-qa-open, sip-qa-close, sip-qa-answer, sip-qa-error,
 * sip-qa-feedback, sip-qa-language-change, sip-qa-passage-open.
 */
export class SipQaWidgetElement extends HTMLElement {
  static define(tagName = 'sip-qa-widget', registry: CustomElementRegistry = customElements): typeof SipQaWidgetElement {
    registry.define(tagName, this);
    return this;
  }

  static get observedAttributes(): string[] {
    return ['language', 'position', 'heading', 'primary-color', 'theme', 'open'];
  }

  #shadow: ShadowRoot;
  #frame = makeElement('div', { className: 'frame' });
  #launcher = makeElement('button', { className: 'launcher', attributes: { type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' } });
  #launcherLabel = makeElement('span', { className: 'launcher-label' });
  #panel = makeElement('div', { className: 'panel', attributes: { role: 'dialog', 'aria-modal': 'true', hidden: true } });
  #view: ChatView | undefined;
  #built = false;
  #isOpen = false;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
  }

  get apiBase(): string {
    return this.getAttribute('api-base') ?? '';
  }

  get open(): boolean {
    return this.#isOpen;
  }

  set open(value: boolean) {
    this.toggleAttribute('open', value);
  }

  /** Opens the panel; `focus` moves keyboard focus into it (a user action), not on page load. */
  show({ focus = true }: { focus?: boolean } = {}): void {
    this.#setOpen(true, focus);
  }

  hide(): void {
    this.#setOpen(false, this.#shadow.activeElement !== null);
  }

  connectedCallback(): void {
    if (this.#built) return;
    this.#built = true;
    adoptStyles(this.#shadow, widgetStyles + chatStyles);
    const panelId = 'sipqa-panel';
    this.#panel.id = panelId;
    this.#launcher.setAttribute('aria-controls', panelId);
    this.#launcher.append(makeIcon('chat'), this.#launcherLabel);
    this.#launcher.addEventListener('click', () => this.#setOpen(!this.#isOpen, true));
    this.#panel.addEventListener('keydown', (event) => this.#onPanelKeydown(event));
    this.#frame.append(this.#panel, this.#launcher);
    this.#shadow.append(this.#frame);
    this.#applyPosition();
    this.#applyColor();
    this.#applyLabels();
    if (this.#wantsOpen()) this.#setOpen(true, false);
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (!this.#built || oldValue === newValue) return;
    if (name === 'open') this.#setOpen(this.#wantsOpen(), false);
    else if (name === 'position') this.#applyPosition();
    else if (name === 'primary-color') this.#applyColor();
    else if (name === 'language') this.#view?.setLanguage(this.#initialLanguage());
    else if (name === 'heading') this.#applyLabels();
    else if (name === 'theme') this.#view?.setTheme(this.#theme());
  }

  #theme(): ChatTheme {
    const theme = this.getAttribute('theme')?.trim().toLowerCase();
    return theme === 'light' || theme === 'dark' ? theme : 'auto';
  }

  #wantsOpen(): boolean {
    const value = this.getAttribute('open');
    return value !== null && value !== 'false';
  }

  get #languageKey(): string {
    return `sip-qa:language:${this.apiBase}`;
  }

  #initialLanguage(): UiLanguage {
    const attribute = this.getAttribute('language');
    let remembered: string | null = null;
    try {
      remembered = sessionStorage.getItem(this.#languageKey);
    } catch {
      // No storage (sandboxed frame, privacy mode): follow the browser.
    }
    return pickUiLanguage(
      attribute === 'zh' || attribute === 'zh-Hant' || attribute === 'en' ? attribute : remembered,
      navigator.languages.length > 0 ? navigator.languages : [navigator.language],
    );
  }

  get #language(): UiLanguage {
    return this.#view?.language ?? this.#initialLanguage();
  }

  #applyLabels(): void {
    const strings = uiStrings[this.#language];
    this.#launcherLabel.textContent = strings.launcherLabel;
    this.#launcher.setAttribute('aria-label', strings.openChat);
    this.#launcher.title = strings.openChat;
    this.#panel.setAttribute('aria-label', this.getAttribute('heading') ?? strings.heading);
    this.#frame.lang = uiHtmlLang[this.#language];
  }

  #applyPosition(): void {
    this.#frame.dataset.position = this.getAttribute('position') === 'bottom-left' ? 'bottom-left' : 'bottom-right';
  }

  /** Only a value the browser accepts as a colour is used; it is set through CSSOM, never as markup. */
  #applyColor(): void {
    const color = this.getAttribute('primary-color')?.trim() ?? '';
    if (color === '' || !CSS.supports('color', color)) {
      this.#frame.style.removeProperty('--sipqa-brand');
      this.#frame.style.removeProperty('--sipqa-brand-ink');
      return;
    }
    const probe = makeElement('span');
    probe.style.color = color;
    this.#frame.append(probe);
    const rgb = getComputedStyle(probe).color;
    probe.remove();
    this.#frame.style.setProperty('--sipqa-brand', color);
    this.#frame.style.setProperty('--sipqa-brand-ink', inkFor(rgb));
  }

  #ensureView(): ChatView {
    if (this.#view !== undefined) return this.#view;
    const api = createApiClient({ apiBase: this.apiBase || location.origin });
    const starters = (this.getAttribute('starters') ?? '')
      .split('|')
      .map((starter) => starter.trim())
      .filter((starter) => starter !== '');
    const heading = this.getAttribute('heading');
    const welcome = this.getAttribute('welcome');
    this.#view = new ChatView({
      api,
      language: this.#initialLanguage(),
      variant: 'panel',
      store: createConversationStore(api.apiBase),
      theme: this.#theme(),
      onClose: () => this.#setOpen(false, true),
      onEvent: (name, detail) => this.#onViewEvent(name, detail),
      ...(heading !== null && heading.trim() !== '' ? { heading } : {}),
      ...(welcome !== null && welcome.trim() !== '' ? { welcome } : {}),
      ...(starters.length > 0 ? { starters } : {}),
    });
    this.#panel.append(this.#view.element);
    return this.#view;
  }

  #onViewEvent(name: ChatEventName, detail: unknown): void {
    if (name === 'language-change') {
      try {
        sessionStorage.setItem(this.#languageKey, this.#language);
      } catch {
        // Forgetting the choice on the next page is acceptable.
      }
      this.#applyLabels();
    }
    this.dispatchEvent(new CustomEvent(`sip-qa-${name}`, { bubbles: true, composed: true, detail }));
  }

  #setOpen(open: boolean, moveFocus: boolean): void {
    if (open === this.#isOpen) return;
    this.#isOpen = open;
    // Reflect without re-entering attributeChangedCallback's own #setOpen.
    if (this.#wantsOpen() !== open) this.toggleAttribute('open', open);
    if (open) this.#ensureView();
    this.#panel.hidden = !open;
    // A hidden panel loses its scroll position: reopen at the latest answer, not the welcome.
    if (open) this.#view?.scrollToEnd();
    this.#frame.toggleAttribute('data-open', open);
    this.#launcher.setAttribute('aria-expanded', String(open));
    if (moveFocus) {
      if (open) this.#view?.focusInput();
      else this.#launcher.focus();
    }
    this.dispatchEvent(new CustomEvent(open ? 'sip-qa-open' : 'sip-qa-close', { bubbles: true, composed: true }));
  }

  /** Tab stays inside the open panel; Esc closes it (the view first closes an open passage). */
  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#setOpen(false, true);
      return;
    }
    if (event.key !== 'Tab') return;
    const focusables = [...this.#panel.querySelectorAll<HTMLElement>(focusableSelector)].filter(
      (element) => !element.matches(':disabled') && element.closest('[inert]') === null && element.getClientRects().length > 0,
    );
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (first === undefined || last === undefined) return;
    const active = this.#shadow.activeElement;
    if (event.shiftKey && (active === first || !this.#panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.#panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }
}
