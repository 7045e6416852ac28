/**
 * The widget's own frame: launcher and floating panel. `:host { all: initial !important }` matters:
 * for !important declarations the shadow tree's rule beats the host page's, so a partner's
 * `* { color: red !important; transform: … }` cannot reach the host, and nothing inside inherits it.
 */
export const widgetStyles = String.raw`
:host { all: initial !important; display: contents !important; }
:host([hidden]) { display: none !important; }
.frame {
  all: initial;
  /* Set here so a host page's custom properties of the same name cannot leak in; primary-color overrides them inline. */
  --sipqa-brand: #0b5fa5;
  --sipqa-brand-ink: #ffffff;
  --sipqa-primary: var(--sipqa-brand);
  --sipqa-on-primary: var(--sipqa-brand-ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
  font-size: 15px;
  line-height: 1.5;
  color: #17212b;
}
.frame *, .frame *::before, .frame *::after { box-sizing: border-box; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px; height: 52px; padding: 0 20px 0 16px; margin: 0;
  border: 0; border-radius: 999px; cursor: pointer;
  background: var(--sipqa-primary); color: var(--sipqa-on-primary);
  font-family: inherit; font-size: 15px; font-weight: 600; line-height: 1; font-style: normal; letter-spacing: normal; text-transform: none;
  box-shadow: 0 8px 24px rgba(16, 24, 40, .22), 0 2px 6px rgba(16, 24, 40, .12);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher:hover { transform: translateY(-1px); box-shadow: 0 12px 28px rgba(16, 24, 40, .26), 0 2px 6px rgba(16, 24, 40, .12); }
.launcher:focus-visible { outline: 3px solid color-mix(in srgb, var(--sipqa-primary) 45%, #ffffff); outline-offset: 3px; }
.launcher .sipqa-icon { width: 22px; height: 22px; }
.frame[data-position="bottom-left"] .launcher { right: auto; left: 20px; }
.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483001;
  width: 400px; height: min(660px, calc(100vh - 112px)); height: min(660px, calc(100dvh - 112px));
  border-radius: 18px; overflow: hidden; background: #ffffff;
  box-shadow: 0 24px 64px rgba(16, 24, 40, .28), 0 4px 12px rgba(16, 24, 40, .12);
  transform-origin: bottom right; animation: sipqa-pop .18s ease-out;
}
.frame[data-position="bottom-left"] .panel { right: auto; left: 20px; transform-origin: bottom left; }
.panel[hidden] { display: none !important; }
@keyframes sipqa-pop { from { opacity: 0; transform: translateY(8px) scale(.98); } }
@media (prefers-reduced-motion: reduce) { .panel, .launcher { animation: none; transition: none; } }
/* Phones: the panel takes the whole screen and the launcher steps aside until it closes. */
@media (max-width: 480px) {
  .panel { inset: 0; width: auto; height: auto; border-radius: 0; }
  .frame[data-open] .launcher { display: none; }
  .launcher { right: 16px; bottom: 16px; height: 52px; width: 52px; padding: 0; justify-content: center; }
  .frame[data-position="bottom-left"] .launcher { left: 16px; }
  .launcher-label { display: none; }
}
`;
