// The bundle entry behind GET /widget.js: defines <sip-qa-widget> and mounts one from the script tag.
import './sip-qa-widget-element-define.ts';
import { mountFromScript } from './mount-from-script.ts';

// currentScript is only set while a classic script first runs (async included), so read it now; the
// fallback finds the tag when a loader injected it in some other way.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((candidate) => /\/widget\.js(?:[?#]|$)/.test(candidate.src)) ??
  null;

if (script !== null) mountFromScript(script);
