import { SipQaWidgetElement } from './sip-qa-widget-element.ts';

const tagName = 'sip-qa-widget';

// A page may load widget.js twice (two snippets, a tag manager): the second define would throw.
if (typeof customElements !== 'undefined' && customElements.get(tagName) === undefined) SipQaWidgetElement.define(tagName);

declare global {
  interface HTMLElementTagNameMap {
    'sip-qa-widget': SipQaWidgetElement;
  }
}

export { SipQaWidgetElement };
