import type { SipQaWidgetElement } from './sip-qa-widget-element.ts';

/** `data-*` on the script tag → attribute on the element (see the README's widget section). */
const dataToAttribute: Record<string, string> = {
  apiBase: 'api-base',
  lang: 'language',
  position: 'position',
  title: 'heading',
  welcome: 'welcome',
  primaryColor: 'primary-color',
  starters: 'starters',
  theme: 'theme',
};

/** The script's own origin: the usual API host when data-api-base is left out. */
function scriptOrigin(script: HTMLScriptElement): string {
  try {
    return new URL(script.src, location.href).origin;
  } catch {
    return location.origin;
  }
}

/**
 * Adds one `<sip-qa-widget>` configured from the loading script tag. Called once per script tag;
 * a page that includes the snippet twice still gets one widget per API base.
 */
export function mountFromScript(script: HTMLScriptElement): SipQaWidgetElement | undefined {
  const apiBase = (script.dataset.apiBase ?? '').trim() || scriptOrigin(script);
  const existing = [...document.querySelectorAll('sip-qa-widget')].find((element) => element.getAttribute('api-base') === apiBase);
  if (existing !== undefined) return existing;
  const widget = document.createElement('sip-qa-widget');
  for (const [key, attribute] of Object.entries(dataToAttribute)) {
    const value = key === 'apiBase' ? apiBase : script.dataset[key];
    if (value !== undefined && value.trim() !== '') widget.setAttribute(attribute, value.trim());
  }
  if (script.dataset.open === 'true') widget.setAttribute('open', '');
  const attach = () => document.body.append(widget);
  if (document.body === null) document.addEventListener('DOMContentLoaded', attach, { once: true });
  else attach();
  return widget;
}
