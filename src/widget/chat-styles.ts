/**
 * The chat UI's stylesheet, shared by the page (document-level) and the widget (inside its shadow
 * root). Everything hangs off `.sipqa`; sizes are in px, not rem, so a partner's `html { font-size }`
 * cannot rescale the widget. Colours are custom properties so `data-primary-color` can re-tint it.
 */
export const chatStyles = String.raw`
.sipqa {
  /* --sipqa-brand(-ink) come from the widget's primary-color; the defaults are the park's blue. */
  --sipqa-primary: var(--sipqa-brand, #0b5fa5);
  --sipqa-on-primary: var(--sipqa-brand-ink, #ffffff);
  --sipqa-accent: #0e8a7e;
  --sipqa-ink: #17212b;
  --sipqa-muted: #5a6776;
  --sipqa-line: #dfe5ec;
  --sipqa-surface: #ffffff;
  --sipqa-canvas: #f4f6f9;
  --sipqa-tint: color-mix(in srgb, var(--sipqa-primary) 9%, #ffffff);
  --sipqa-mark: #ffe58a;
  --sipqa-danger: #b42318;
  --sipqa-radius: 14px;
  --sipqa-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  height: 100%;
  min-height: 0;
  background: var(--sipqa-canvas);
  color: var(--sipqa-ink);
  font-family: var(--sipqa-font);
  font-size: 15px;
  font-weight: 400;
  font-style: normal;
  line-height: 1.6;
  letter-spacing: normal;
  text-align: left;
  text-transform: none;
  word-spacing: normal;
  -webkit-font-smoothing: antialiased;
  container-type: inline-size;
}
.sipqa *, .sipqa *::before, .sipqa *::after { box-sizing: border-box; }
.sipqa [hidden] { display: none !important; }
/* :where() keeps these resets at class specificity, so every component rule below overrides them. */
.sipqa :where(h1, h2, h3, p, ol, ul, dl, dd, blockquote, form) { margin: 0; padding: 0; font: inherit; color: inherit; }
.sipqa :where(button, textarea) { font: inherit; color: inherit; letter-spacing: normal; text-transform: none; }
.sipqa button { cursor: pointer; margin: 0; }
.sipqa :focus-visible { outline: 3px solid color-mix(in srgb, var(--sipqa-primary) 55%, #ffffff); outline-offset: 2px; }
.sipqa-icon { flex: none; display: block; }
.sipqa-visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.sipqa-muted { color: var(--sipqa-muted); }

/* Header */
.sipqa-header {
  display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 12px 16px; background: var(--sipqa-primary); color: var(--sipqa-on-primary);
  flex: none;
}
.sipqa-brand { display: flex; align-items: center; gap: 10px; min-width: 0; }
.sipqa-logo {
  display: grid; place-items: center; width: 36px; height: 36px; border-radius: 10px; flex: none;
  background: color-mix(in srgb, var(--sipqa-on-primary) 18%, transparent);
}
.sipqa-brand-text { min-width: 0; }
.sipqa-title { font-size: 16px; font-weight: 650; line-height: 1.3; overflow-wrap: anywhere; }
.sipqa-panel .sipqa-title { font-size: 15px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.sipqa-brand-meta { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; font-size: 12px; line-height: 1.4; }
.sipqa-subtitle { opacity: .85; }
.sipqa-panel .sipqa-subtitle { display: none; }
.sipqa-badge {
  display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; line-height: 18px; white-space: nowrap;
  background: color-mix(in srgb, var(--sipqa-on-primary) 16%, transparent); border: 1px solid color-mix(in srgb, var(--sipqa-on-primary) 30%, transparent);
}
.sipqa-badge-warn { background: #fff4d6; color: #7a4b00; border-color: #f3cf7a; }
.sipqa-tools { display: flex; align-items: center; gap: 6px; flex: none; }
.sipqa-icon-button {
  display: inline-grid; place-items: center; width: 34px; height: 34px; padding: 0; border-radius: 9px;
  border: 1px solid transparent; background: transparent; color: inherit;
}
.sipqa-header .sipqa-icon-button:hover, .sipqa-lang:hover { background: color-mix(in srgb, var(--sipqa-on-primary) 16%, transparent); }
.sipqa-lang {
  height: 34px; padding: 0 12px; border-radius: 9px; font-size: 13px; font-weight: 600;
  border: 1px solid color-mix(in srgb, var(--sipqa-on-primary) 40%, transparent); background: transparent; color: inherit;
}
.sipqa-header :focus-visible { outline-color: var(--sipqa-on-primary); }

/* Body: the log, and the passage panel beside it (wide pages) or over it (panels, phones) */
.sipqa-body { position: relative; flex: 1 1 auto; min-height: 0; display: flex; }
.sipqa-log { flex: 1 1 auto; min-width: 0; overflow-y: auto; overscroll-behavior: contain; padding: 18px 16px 24px; scroll-behavior: smooth; }
.sipqa-intro, .sipqa-turns { max-width: 780px; margin: 0 auto; }
.sipqa-welcome {
  background: var(--sipqa-surface); border: 1px solid var(--sipqa-line); border-radius: var(--sipqa-radius);
  padding: 14px 16px; color: var(--sipqa-ink);
}
.sipqa-starters-heading { margin: 16px 0 8px; font-size: 12px; font-weight: 650; color: var(--sipqa-muted); text-transform: uppercase; letter-spacing: .04em; }
.sipqa-starters { list-style: none; display: grid; gap: 8px; }
.sipqa-starter {
  width: 100%; text-align: left; padding: 10px 14px; border-radius: 12px; line-height: 1.45;
  border: 1px solid color-mix(in srgb, var(--sipqa-primary) 28%, var(--sipqa-line)); background: var(--sipqa-surface); color: var(--sipqa-primary);
}
.sipqa-starter:hover { background: var(--sipqa-tint); }

.sipqa-turn { margin-top: 18px; display: grid; gap: 10px; }
.sipqa-question { justify-self: end; max-width: 85%; }
.sipqa-question p {
  background: var(--sipqa-primary); color: var(--sipqa-on-primary); padding: 10px 14px;
  border-radius: var(--sipqa-radius) var(--sipqa-radius) 4px var(--sipqa-radius); white-space: pre-wrap; overflow-wrap: anywhere;
}
.sipqa-reply {
  background: var(--sipqa-surface); border: 1px solid var(--sipqa-line); border-radius: 4px var(--sipqa-radius) var(--sipqa-radius) var(--sipqa-radius);
  padding: 12px 16px 12px; max-width: 100%; box-shadow: 0 1px 2px rgba(16, 24, 40, .04);
}
.sipqa-reply-head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; font-size: 12px; color: var(--sipqa-muted); font-weight: 600; }
.sipqa-avatar { display: grid; place-items: center; width: 22px; height: 22px; border-radius: 7px; background: var(--sipqa-tint); color: var(--sipqa-primary); }
.sipqa-avatar .sipqa-icon { width: 13px; height: 13px; }
.sipqa-tag { padding: 0 8px; border-radius: 999px; background: #fff4d6; color: #7a4b00; font-weight: 500; }
.sipqa-answer-text { overflow-wrap: anywhere; }
.sipqa-answer-text p + p { margin-top: 8px; }
.sipqa-streaming > p:last-child::after { content: ""; display: inline-block; width: 7px; height: 15px; margin-left: 2px; vertical-align: -2px; background: var(--sipqa-primary); animation: sipqa-blink 1s steps(2) infinite; }
.sipqa-searching { display: flex; align-items: center; gap: 10px; color: var(--sipqa-muted); }
.sipqa-dots { display: inline-flex; gap: 4px; }
.sipqa-dots i { width: 6px; height: 6px; border-radius: 50%; background: var(--sipqa-primary); opacity: .35; animation: sipqa-pulse 1.2s infinite ease-in-out; }
.sipqa-dots i:nth-child(2) { animation-delay: .15s; }
.sipqa-dots i:nth-child(3) { animation-delay: .3s; }
@keyframes sipqa-pulse { 40% { opacity: 1; transform: translateY(-2px); } }
@keyframes sipqa-blink { 50% { opacity: 0; } }
@media (prefers-reduced-motion: reduce) { .sipqa *, .sipqa *::after { animation: none !important; scroll-behavior: auto !important; } }

.sipqa-cite {
  display: inline-grid; place-items: center; min-width: 20px; height: 18px; padding: 0 5px; margin: 0 2px;
  border-radius: 6px; border: 1px solid color-mix(in srgb, var(--sipqa-primary) 35%, transparent);
  background: var(--sipqa-tint); color: var(--sipqa-primary); font-size: 11px; font-weight: 700; line-height: 1; vertical-align: 2px;
}
.sipqa-cite:hover, .sipqa-cite:focus-visible { background: var(--sipqa-primary); color: var(--sipqa-on-primary); }
.sipqa-understood, .sipqa-notice { margin-top: 8px; font-size: 13px; color: var(--sipqa-muted); }
.sipqa-notice { padding: 6px 10px; border-radius: 8px; background: #fff8e6; color: #6b4a00; }

.sipqa-error {
  display: flex; gap: 10px; align-items: flex-start; margin-top: 4px; padding: 10px 12px; border-radius: 10px;
  background: #fdf0ef; border: 1px solid #f4c7c3; color: var(--sipqa-danger);
}
.sipqa-error .sipqa-icon { margin-top: 3px; }
.sipqa-error-message { font-weight: 600; }
.sipqa-error-detail { font-size: 12px; color: #7d2a22; overflow-wrap: anywhere; }
.sipqa-retry { margin-top: 6px; padding: 4px 12px; border-radius: 8px; border: 1px solid currentColor; background: #ffffff; color: var(--sipqa-danger); font-size: 13px; }

.sipqa-sources { margin-top: 12px; padding-top: 10px; border-top: 1px solid var(--sipqa-line); }
.sipqa-sources-heading { font-size: 12px; font-weight: 650; color: var(--sipqa-muted); margin-bottom: 6px; }
.sipqa-sources-list { list-style: none; display: grid; gap: 4px; }
.sipqa-source {
  display: flex; gap: 10px; align-items: flex-start; width: 100%; text-align: left; padding: 6px 8px;
  border: 0; border-radius: 8px; background: transparent; color: var(--sipqa-ink); line-height: 1.4;
}
.sipqa-source:hover { background: var(--sipqa-tint); }
.sipqa-source-n {
  display: inline-grid; place-items: center; flex: none; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 6px;
  background: var(--sipqa-primary); color: var(--sipqa-on-primary); font-size: 11px; font-weight: 700; line-height: 1;
}
.sipqa-source-text { display: grid; min-width: 0; }
.sipqa-source-title { font-size: 13px; font-weight: 600; color: var(--sipqa-primary); }
.sipqa-source-meta { font-size: 12px; color: var(--sipqa-muted); }

.sipqa-actions { display: flex; align-items: center; gap: 4px; margin-top: 10px; }
.sipqa-actions-gap { flex: 1; }
.sipqa-copy {
  display: inline-flex; align-items: center; gap: 6px; height: 30px; padding: 0 10px; border-radius: 8px;
  border: 1px solid var(--sipqa-line); background: var(--sipqa-surface); color: var(--sipqa-muted); font-size: 12px;
}
.sipqa-copy .sipqa-icon { width: 14px; height: 14px; }
.sipqa-thumb { width: 30px; height: 30px; color: var(--sipqa-muted); border-color: var(--sipqa-line); }
.sipqa-thumb .sipqa-icon { width: 15px; height: 15px; }
.sipqa-copy:hover, .sipqa-thumb:hover:not(:disabled) { color: var(--sipqa-primary); border-color: color-mix(in srgb, var(--sipqa-primary) 40%, var(--sipqa-line)); }
.sipqa-thumb[aria-pressed="true"] { background: var(--sipqa-primary); border-color: var(--sipqa-primary); color: var(--sipqa-on-primary); }
.sipqa-thumb:disabled { cursor: default; }
.sipqa-feedback { display: grid; gap: 6px; margin-top: 10px; font-size: 13px; color: var(--sipqa-muted); }
.sipqa-comment, .sipqa-input {
  width: 100%; border: 1px solid var(--sipqa-line); border-radius: 10px; background: var(--sipqa-surface); color: var(--sipqa-ink);
  padding: 8px 10px; resize: none; line-height: 1.5; margin: 0; box-shadow: none;
}
.sipqa-comment:focus, .sipqa-input:focus { outline: none; border-color: var(--sipqa-primary); box-shadow: 0 0 0 3px color-mix(in srgb, var(--sipqa-primary) 22%, transparent); }
.sipqa-feedback-row { display: flex; align-items: center; justify-content: flex-end; gap: 10px; }
.sipqa-feedback-error { color: var(--sipqa-danger); margin-right: auto; }
.sipqa-feedback-send { padding: 6px 14px; border-radius: 8px; border: 0; background: var(--sipqa-primary); color: var(--sipqa-on-primary); font-weight: 600; font-size: 13px; }
.sipqa-feedback-send:disabled { opacity: .6; cursor: progress; }
.sipqa-feedback-thanks { margin-top: 8px; font-size: 13px; color: var(--sipqa-accent); }

/* Passage panel */
.sipqa-passage {
  position: absolute; inset: 0; z-index: 2; display: flex; flex-direction: column; min-height: 0;
  background: var(--sipqa-surface); border-left: 1px solid var(--sipqa-line);
  box-shadow: -8px 0 24px rgba(16, 24, 40, .08);
  animation: sipqa-slide .18s ease-out;
}
@keyframes sipqa-slide { from { transform: translateX(24px); opacity: 0; } }
.sipqa-passage-head { display: flex; align-items: center; justify-content: space-between; gap: 10px; padding: 12px 12px 12px 16px; border-bottom: 1px solid var(--sipqa-line); flex: none; }
.sipqa-passage-heading { display: flex; align-items: center; gap: 8px; font-size: 15px; font-weight: 650; }
.sipqa-passage-close { color: var(--sipqa-muted); }
.sipqa-passage-close:hover { background: var(--sipqa-canvas); color: var(--sipqa-ink); }
.sipqa-passage-scroll { position: relative; flex: 1 1 auto; overflow-y: auto; padding: 14px 16px 24px; }
.sipqa-passage-document { font-size: 15px; font-weight: 650; color: var(--sipqa-primary); line-height: 1.4; }
.sipqa-passage-meta { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin-top: 8px; font-size: 13px; }
.sipqa-passage-meta dt { color: var(--sipqa-muted); }
.sipqa-passage-meta dd { color: var(--sipqa-ink); overflow-wrap: anywhere; }
.sipqa-passage-hint { margin-top: 12px; font-size: 12px; color: var(--sipqa-muted); }
.sipqa-passage-text {
  margin-top: 8px; padding: 12px 14px; border-left: 3px solid var(--sipqa-accent); background: var(--sipqa-canvas);
  border-radius: 0 10px 10px 0; font-size: 14px; line-height: 1.85; white-space: pre-wrap; overflow-wrap: anywhere;
}
.sipqa-passage-text mark { background: var(--sipqa-mark); color: #1f1a00; padding: 1px 0; border-radius: 2px; box-shadow: 0 0 0 2px var(--sipqa-mark); }

/* Composer */
.sipqa-composer { flex: none; padding: 10px 16px 12px; background: var(--sipqa-surface); border-top: 1px solid var(--sipqa-line); }
.sipqa-composer-row { display: flex; gap: 8px; align-items: flex-end; max-width: 780px; margin: 0 auto; }
.sipqa-input { min-height: 42px; max-height: 160px; padding: 10px 12px; font-size: 15px; }
.sipqa-send {
  display: inline-flex; align-items: center; gap: 6px; height: 42px; padding: 0 16px; border-radius: 10px; flex: none;
  border: 0; background: var(--sipqa-primary); color: var(--sipqa-on-primary); font-weight: 650;
}
.sipqa-send:disabled { opacity: .55; cursor: progress; }
.sipqa-disclaimer { max-width: 780px; margin: 6px auto 0; font-size: 11px; color: var(--sipqa-muted); text-align: center; }

/* The full page: a roomier header, and the passage beside the conversation when there is room */
.sipqa-page .sipqa-header { padding: 14px 24px; }
.sipqa-page .sipqa-title { font-size: 18px; }
.sipqa-page .sipqa-log { padding: 24px 24px 32px; }
@container (min-width: 980px) {
  .sipqa-page .sipqa-passage { position: static; flex: 0 0 420px; animation: none; box-shadow: none; }
}
@container (max-width: 520px) {
  .sipqa-send-label { display: none; }
  .sipqa-send { padding: 0 12px; }
  .sipqa-subtitle { display: none; }
  .sipqa-page .sipqa-header { padding: 10px 12px; }
  .sipqa-page .sipqa-log { padding: 14px 12px 24px; }
  .sipqa-question { max-width: 92%; }
}
`;
