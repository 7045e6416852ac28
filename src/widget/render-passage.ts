import { documentTitleIn, type PassageState, type RenderContext } from './chat-turn.ts';
import { appendHighlighted } from './highlight-quote.ts';
import { makeElement } from './make-element.ts';
import { iconButton, passageNumber } from './render-turn.ts';

/**
 * The passage panel's content: the document, its section, the passage with the supporting quote
 * highlighted. English readers get the English edition first (when the knowledge base has one) and a
 * switch to the Chinese original, highlighted too. Returns the highlights, to scroll the first into view.
 */
export function renderPassage(panel: HTMLElement, state: PassageState, context: RenderContext): HTMLElement[] {
  const { strings, language, idPrefix } = context;
  const { citation } = state;
  const headingId = `${idPrefix}-passage-heading`;
  const english = language === 'en' && citation.english !== undefined ? citation.english : undefined;
  const showEnglish = english !== undefined && !state.showOriginal;
  panel.setAttribute('aria-labelledby', headingId);
  const text = makeElement('blockquote', { className: 'sipqa-passage-text', attributes: { lang: showEnglish ? 'en' : 'zh-CN' } });
  let marks: HTMLElement[] = [];
  if (state.status === 'loading') text.append(makeElement('p', { className: 'sipqa-muted', text: strings.passageLoading }));
  else if (state.status === 'missing') text.append(makeElement('p', { className: 'sipqa-muted', text: strings.passageMissing }));
  else if (showEnglish) marks = appendHighlighted(text, english.text, english.quote ?? '');
  else marks = appendHighlighted(text, citation.text, citation.quote);
  const section = citation.section.length > 0 ? citation.section.join(' › ') : citation.title;
  const number = passageNumber(citation);
  const toggle =
    english !== undefined && state.status === 'ready'
      ? makeElement('label', { className: 'sipqa-original-toggle' }, [
          makeElement('input', { attributes: { type: 'checkbox', 'data-action': 'show-original', checked: state.showOriginal } }),
          strings.showOriginal,
        ])
      : null;
  panel.replaceChildren(
    makeElement('div', { className: 'sipqa-passage-head' }, [
      makeElement('h2', { className: 'sipqa-passage-heading', attributes: { id: headingId } }, [
        makeElement('span', { className: 'sipqa-source-n', text: String(citation.n), attributes: { 'aria-hidden': 'true' } }),
        makeElement('span', { className: 'sipqa-visually-hidden', text: `${strings.citeLabel(citation.n)}: ` }),
        strings.passageHeading,
      ]),
      iconButton('close', strings.close, 'sipqa-passage-close'),
    ]),
    makeElement('div', { className: 'sipqa-passage-scroll' }, [
      makeElement('p', { className: 'sipqa-passage-document', text: documentTitleIn(citation, language) }),
      makeElement('dl', { className: 'sipqa-passage-meta' }, [
        makeElement('dt', { text: strings.passageSection }),
        makeElement('dd', { text: showEnglish && english.title !== '' ? english.title : section, attributes: { lang: showEnglish ? 'en' : 'zh-CN' } }),
        makeElement('dt', { text: strings.passageYear }),
        makeElement('dd', {
          text: [citation.year > 0 ? String(citation.year) : '—', number !== '' ? strings.passageNumber(number) : ''].filter(Boolean).join(' · '),
        }),
      ]),
      toggle,
      english !== undefined && state.status === 'ready'
        ? makeElement('p', { className: 'sipqa-passage-edition', text: showEnglish ? strings.englishEdition : strings.chineseOriginal })
        : null,
      marks.length > 0 ? makeElement('p', { className: 'sipqa-passage-hint', text: strings.passageHint }) : null,
      text,
    ]),
  );
  return marks;
}
