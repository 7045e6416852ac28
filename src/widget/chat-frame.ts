import { makeElement, type AttributeValues } from './make-element.ts';
import { makeIcon, type IconName } from './make-icon.ts';
import { iconButton } from './render-turn.ts';
import type { UiStrings } from './ui-strings.ts';

/** The API accepts at most 1000 characters per question. */
export const QUESTION_CHARS = 1000;

/**
 * The parts of the chat that stay put: header, the scrolling log (intro, turns, follow-up questions),
 * the passage panel and the composer (with Stop while answering, and the note shown while a question
 * is being edited). The controller fills and wires them.
 */
export function createChatFrame(variant: 'page' | 'panel', idPrefix: string, closable: boolean) {
  const header = {
    title: makeElement('h1', { className: 'sipqa-title' }),
    subtitle: makeElement('p', { className: 'sipqa-subtitle' }),
    status: makeElement('span', { className: 'sipqa-badge sipqa-badge-warn', attributes: { hidden: true } }),
    newConversation: iconButton('plus', '', 'sipqa-new'),
    language: makeElement('button', { className: 'sipqa-lang', attributes: { type: 'button' } }),
    close: iconButton('close', '', 'sipqa-close'),
  };
  const log = makeElement('div', { className: 'sipqa-log', attributes: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions' } });
  const intro = makeElement('section', { className: 'sipqa-intro' });
  const turnList = makeElement('div', { className: 'sipqa-turns' });
  const followUps = makeElement('div', { className: 'sipqa-follow-ups' });
  const passagePanel = makeElement('aside', { className: 'sipqa-passage', attributes: { role: 'dialog', hidden: true } });
  const composer = {
    form: makeElement('form', { className: 'sipqa-composer' }),
    label: makeElement('label', { className: 'sipqa-visually-hidden' }),
    editing: makeElement('div', { className: 'sipqa-editing', attributes: { hidden: true } }),
    editingText: makeElement('span'),
    cancelEdit: makeElement('button', { className: 'sipqa-cancel-edit', attributes: { type: 'button' } }),
    input: makeElement('textarea', { className: 'sipqa-input', attributes: { rows: '1', maxlength: String(QUESTION_CHARS), enterkeyhint: 'send' } }),
    send: wordButton('send', 'sipqa-send', { type: 'submit' }),
    stop: wordButton('stop', 'sipqa-send sipqa-stop', { type: 'button', hidden: true }),
    disclaimer: makeElement('p', { className: 'sipqa-disclaimer' }),
  };

  const brand = makeElement('div', { className: 'sipqa-brand' }, [
    makeElement('span', { className: 'sipqa-logo', attributes: { 'aria-hidden': 'true' } }, [makeIcon('chat')]),
    makeElement('div', { className: 'sipqa-brand-text' }, [
      header.title,
      makeElement('div', { className: 'sipqa-brand-meta' }, [header.subtitle, header.status]),
    ]),
  ]);
  const tools = makeElement('div', { className: 'sipqa-tools' }, [header.newConversation, header.language, closable ? header.close : null]);
  log.append(intro, turnList, followUps);

  const inputId = `${idPrefix}-input`;
  composer.input.id = inputId;
  composer.label.htmlFor = inputId;
  composer.editing.append(composer.editingText, composer.cancelEdit);
  composer.form.append(
    composer.label,
    composer.editing,
    makeElement('div', { className: 'sipqa-composer-row' }, [composer.input, composer.send.button, composer.stop.button]),
    composer.disclaimer,
  );

  /** The field grows with its text, up to 160 px. */
  function setInput(value?: string): void {
    const { input } = composer;
    if (value !== undefined) input.value = value;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }
  composer.input.addEventListener('input', () => setInput());
  composer.input.addEventListener('keydown', (event) => {
    // isComposing/229: Enter that confirms a Chinese IME candidate must not send the question.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      composer.form.requestSubmit();
    }
  });

  /** Send or Stop, and the note while a question is being edited. */
  function showBusy(busy: boolean, editing: boolean): void {
    // Keyboard users keep their place: Send becomes Stop under their focus, and back.
    const active = (root.getRootNode() as Document | ShadowRoot).activeElement;
    const refocus = busy && active === composer.send.button ? composer.stop.button : !busy && active === composer.stop.button ? composer.input : undefined;
    composer.send.button.hidden = busy;
    composer.stop.button.hidden = !busy;
    composer.editing.hidden = !editing;
    refocus?.focus();
  }

  const body = makeElement('div', { className: 'sipqa-body' }, [log, passagePanel]);
  const root = makeElement('div', { className: `sipqa sipqa-${variant}` }, [
    makeElement('header', { className: 'sipqa-header' }, [brand, tools]),
    body,
    composer.form,
  ]);

  /** Every fixed label, in the current language. */
  function label(strings: UiStrings, title: string): void {
    header.title.textContent = title;
    header.subtitle.textContent = strings.subtitle;
    header.language.textContent = strings.switchTo;
    header.language.lang = strings.switchTo === 'English' ? 'en' : 'zh-CN';
    nameIconButton(header.language, strings.switchLanguage);
    nameIconButton(header.newConversation, strings.newConversation);
    nameIconButton(header.close, strings.close);
    header.status.textContent = strings.modeUnavailable;
    header.status.title = strings.offline;
    log.setAttribute('aria-label', strings.heading);
    composer.label.textContent = strings.inputLabel;
    composer.input.placeholder = strings.placeholder;
    nameWordButton(composer.send, strings.send);
    nameWordButton(composer.stop, strings.stop);
    composer.editingText.textContent = strings.editing;
    composer.cancelEdit.textContent = strings.cancelEdit;
    composer.disclaimer.textContent = strings.disclaimer;
  }

  return { root, header, log, intro, turnList, followUps, passagePanel, composer, label, setInput, showBusy };
}

export type ChatFrame = ReturnType<typeof createChatFrame>;

interface WordButton {
  button: HTMLButtonElement;
  word: HTMLSpanElement;
}

/** Send and Stop: an icon and a word, which narrow layouts may hide (so the button is named too). */
function wordButton(icon: IconName, className: string, attributes: AttributeValues): WordButton {
  const word = makeElement('span', { className: 'sipqa-send-label' });
  return { button: makeElement('button', { className, attributes }, [makeIcon(icon), word]), word };
}

function nameWordButton({ button, word }: WordButton, name: string): void {
  word.textContent = name;
  button.setAttribute('aria-label', name);
}

/** A button without a visible word, or whose word is not its action (the language switch): named for screen readers and on hover. */
function nameIconButton(button: HTMLButtonElement, name: string): void {
  button.setAttribute('aria-label', name);
  button.title = name;
}
