const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for HTML element content and double-quoted attributes (the only kind this page writes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => htmlEntities[character] ?? character);
}

export interface DemoPageOptions {
  /** Where the widget sends questions (`data-api-base`). */
  apiBase: string;
  /** Where widget.js is loaded from; the page's own `/widget.js` by default. */
  scriptSrc?: string;
  /** Shown in a strip at the top when the API base was overridden, so nobody mistakes whose answers these are. */
  apiOverridden?: boolean;
}

/**
 * The demo page's policy: the default one plus the API's origin for fetch. Scripts still come only
 * from the page's own origin, so `?api=` can redirect questions but never load someone else's code.
 */
export function demoPagePolicy(apiBase: string): string {
  let apiOrigin = '';
  try {
    apiOrigin = ` ${new URL(apiBase).origin}`;
  } catch {
    // Not a URL: same-origin only.
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * A partner's own stylesheet, written to be hostile on purpose: global `*` rules with !important,
 * restyled buttons, a rule aimed at the widget's tag. The widget must look exactly the same under it.
 */
const partnerStyles = String.raw`
/* --- Deliberately aggressive global rules (the widget must be immune to them) --- */
* { font-family: Georgia, "Times New Roman", serif !important; color: red; line-height: 2.4; letter-spacing: .03em; }
button {
  background: #ffd400 !important; color: #111 !important; border: 3px dashed #111 !important; padding: 16px 28px !important;
  border-radius: 0 !important; font-size: 18px !important; text-transform: uppercase !important;
}
textarea, input { background: #ffecec !important; border: 3px solid red !important; font-size: 24px !important; }
p, li { font-size: 19px; }
mark { background: #000 !important; color: #fff !important; }
svg { width: 64px !important; height: 64px !important; }
[hidden] { display: block !important; }
sip-qa-widget { font-size: 40px !important; color: red !important; filter: blur(2px) !important; transform: rotate(3deg) !important; }

/* --- The page's own look --- */
html { font-size: 17px; }
body { margin: 0; background: #f7f4ee; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
.strip { background: #1b1b1b; padding: 6px 0; }
.strip p { margin: 0; font-size: 13px; line-height: 1.6; color: #ffd400; }
.site-header { background: #ffffff; border-bottom: 1px solid #e4ddd0; }
.site-header .wrap { display: flex; align-items: center; justify-content: space-between; gap: 16px; height: 72px; }
.logo { font-size: 24px; font-weight: 700; color: #0d3b66; text-decoration: none; line-height: 1; }
.logo span { color: #c8102e; margin-left: 6px; }
.site-header nav a { margin-left: 22px; color: #0d3b66; text-decoration: none; font-size: 16px; }
.hero { background: linear-gradient(120deg, #0d3b66 0%, #12507f 55%, #1c6e8c 100%); padding: 72px 0 84px; }
.hero * { color: #ffffff; }
.hero .eyebrow { text-transform: uppercase; letter-spacing: .14em; font-size: 14px; opacity: .85; margin: 0; }
.hero h1 { font-size: 52px; line-height: 1.15; margin: 12px 0 16px; max-width: 780px; }
.hero .lead { font-size: 21px; line-height: 1.6; max-width: 680px; margin: 0 0 28px; }
.hero .zh { font-size: 20px; opacity: .9; margin: 0 0 24px; }
.hero .hero-cta { display: inline-block; padding: 14px 26px; background: #ffffff; color: #0d3b66; font-weight: 700; text-decoration: none; line-height: 1.4; }
.ask .ask-cta { margin-top: 8px; }
section h2 { font-size: 34px; color: #0d3b66; margin: 0 0 8px; line-height: 1.3; }
section .intro { color: #4a4a4a; margin: 0 0 28px; }
.facts { padding: 56px 0; background: #ffffff; }
.fact-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 20px; }
.fact { border-top: 4px solid #c8102e; background: #fbf9f5; padding: 18px 20px; }
.fact strong { display: block; font-size: 36px; color: #0d3b66; line-height: 1.2; }
.fact p { margin: 6px 0 0; color: #333333; font-size: 16px; line-height: 1.5; }
.fact small, .card small { display: block; margin-top: 10px; color: #777777; font-size: 13px; line-height: 1.4; }
.industries { padding: 56px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 24px; }
.card { background: #ffffff; border: 1px solid #e4ddd0; padding: 24px; }
.card h3 { margin: 0 0 6px; font-size: 24px; color: #0d3b66; line-height: 1.3; }
.card .zh { margin: 0 0 12px; color: #c8102e; font-size: 16px; }
.card ul { margin: 0; padding-left: 20px; }
.card li { color: #333333; font-size: 16px; line-height: 1.6; margin-bottom: 6px; }
.ask { padding: 0 0 56px; }
.ask .box { background: #0d3b66; padding: 28px 32px; }
.ask .box * { color: #ffffff; }
.ask h2 { color: #ffffff; }
.contact { padding: 56px 0 72px; background: #ffffff; border-top: 1px solid #e4ddd0; }
.contact .box { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 24px; }
.contact p { color: #333333; margin: 0; }
.contact a { color: #0d3b66; }
footer { background: #1b1b1b; padding: 32px 0; }
footer * { color: #cfcfcf; font-size: 14px; line-height: 1.6; }
footer pre { background: #2a2a2a; padding: 14px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-family: monospace !important; }
@media (max-width: 640px) {
  .hero { padding: 44px 0 56px; }
  .hero h1 { font-size: 34px; }
  .hero .lead { font-size: 18px; }
  .site-header nav { display: none; }
  section h2 { font-size: 26px; }
}
`;

interface Fact {
  figure: string;
  label: string;
  source: string;
}

/** Every figure on the page is quoted from the corpus; each names its document. */
const innovationReport = 'SIP: the City of Innovation Transforms Towards the "New" (2024)';
const keyFacts: Fact[] = [
  { figure: '¥368.6 bn', label: 'GDP of Suzhou Industrial Park in 2023 (3686亿元)', source: innovationReport },
  { figure: '5.16%', label: 'R&D spending as a share of GDP, 2023', source: innovationReport },
  {
    figure: '74.8%',
    label: "High-tech industries' share of industrial output above designated size",
    source: innovationReport,
  },
  {
    figure: '8 in a row',
    label: 'First place in the national evaluation of economic and technological development zones (“八连冠”)',
    source: innovationReport,
  },
];

interface Industry {
  name: string;
  zh: string;
  points: string[];
  source: string;
}

const industries: Industry[] = [
  {
    name: 'Biomedicine',
    zh: '生物医药',
    points: [
      'Output value of ¥102.2 bn in 2020; 100 new Class 1 new-drug clinical approvals that year',
      'More than 2,000 biomedicine companies; output of ¥117.7 bn in 2021',
      'Comprehensive competitiveness ranked first among 215 parks nationwide (2021)',
    ],
    source: 'SIP Yearbook 2020: Emerging Industries; SIP Innovation, Question 5 of 5 (2022)',
  },
  {
    name: 'Nanotechnology',
    zh: '纳米技术应用',
    points: [
      'Output value of ¥101.0 bn in 2020',
      'More than 1,300 companies and output above ¥155 bn, 16 of them listed (2023)',
      'One of the five largest nanotechnology clusters in the world',
    ],
    source: 'SIP Yearbook 2020: Emerging Industries; SIP: the City of Innovation (2024)',
  },
  {
    name: 'Artificial intelligence',
    zh: '人工智能',
    points: [
      'Output value of ¥46.2 bn in 2020, of which IC design ¥6.1 bn (growth above 40%)',
      'More than 1,700 AI-related companies by 2023',
      'Output passed ¥100 bn for the first time (2023)',
    ],
    source: 'SIP Yearbook 2020: Emerging Industries; SIP: the City of Innovation (2024)',
  },
];

const widgetStarters = [
  '2020年园区生物医药产业产值是多少？',
  "What was the output value of SIP's biomedicine industry in 2020?",
  '园区布局了哪三大“未来产业”？',
];

/** The embed snippet as the page shows it to partners (and as it embeds itself). */
export function widgetSnippet({ apiBase, scriptSrc }: { apiBase: string; scriptSrc: string }): string {
  return [
    `<script src="${escapeHtml(scriptSrc)}" async`,
    `  data-api-base="${escapeHtml(apiBase)}"`,
    '  data-lang="auto"',
    '  data-position="bottom-right"',
    '  data-title="SIP Investment Q&amp;A · 园区投资问答"',
    '  data-primary-color="#0a6e5c"',
    '  data-theme="auto"',
    `  data-starters="${escapeHtml(widgetStarters.join('|'))}"`,
    '  data-open="false"></script>',
  ].join('\n');
}

/**
 * A plausible investment-promotion landing page for the park that embeds the widget with the same
 * one-tag snippet a partner would use. Only the API base varies (the page's origin or `?api=`).
 */
export function renderDemoPage({ apiBase, scriptSrc = '/widget.js', apiOverridden = false }: DemoPageOptions): string {
  const snippet = widgetSnippet({ apiBase, scriptSrc });
  const facts = keyFacts
    .map(
      (fact) =>
        `<div class="fact"><strong>${escapeHtml(fact.figure)}</strong><p>${escapeHtml(fact.label)}</p><small>Source: ${escapeHtml(fact.source)}</small></div>`,
    )
    .join('\n        ');
  const cards = industries
    .map(
      (industry) => `<article class="card">
          <h3>${escapeHtml(industry.name)}</h3>
          <p class="zh" lang="zh-CN">${escapeHtml(industry.zh)}</p>
          <ul>${industry.points.map((point) => `<li>${escapeHtml(point)}</li>`).join('')}</ul>
          <small>Source: ${escapeHtml(industry.source)}</small>
        </article>`,
    )
    .join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Invest in Suzhou Industrial Park · 投资苏州工业园区</title>
  <meta name="description" content="Demo investment-promotion page for the China–Singapore Suzhou Industrial Park, with the SIP Q&amp;A widget embedded.">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <style>${partnerStyles}</style>
  <script src="/assets/demo-page.js" defer></script>
</head>
<body>
  ${apiOverridden ? `<div class="strip"><div class="wrap"><p>Demo: the widget on this page asks the API at ${escapeHtml(apiBase)}</p></div></div>` : ''}
  <header class="site-header">
    <div class="wrap">
      <a class="logo" href="#top">SIP<span>Invest</span></a>
      <nav aria-label="Sections"><a href="#facts">Key facts</a><a href="#industries">Industries</a><a href="#contact">Contact</a></nav>
    </div>
  </header>
  <main>
    <section class="hero" id="top">
      <div class="wrap">
        <p class="eyebrow">China–Singapore Suzhou Industrial Park</p>
        <h1>Invest in Suzhou Industrial Park</h1>
        <p class="zh" lang="zh-CN">投资中新苏州工业园区</p>
        <p class="lead">
          Biomedicine, nanotechnology and artificial intelligence: three industry clusters in one park. Every figure on this page comes
          from the park’s yearbook and news reports — and our assistant answers your questions from the same documents.
        </p>
        <a class="hero-cta" href="#industries">Explore the industries</a>
      </div>
    </section>
    <section class="facts" id="facts">
      <div class="wrap">
        <h2>Key facts</h2>
        <p class="intro">Quoted from the documents the assistant answers from.</p>
        <div class="fact-grid">
        ${facts}
        </div>
      </div>
    </section>
    <section class="industries" id="industries">
      <div class="wrap">
        <h2>Three industries</h2>
        <p class="intro">The park’s three emerging industries had 3,150 companies and an output value of ¥249.4 bn in 2020, up 21.9% (SIP Yearbook 2020).</p>
        <div class="cards">
        ${cards}
        </div>
      </div>
    </section>
    <section class="ask">
      <div class="wrap">
        <div class="box">
          <h2>Questions? Ask the park’s assistant</h2>
          <p>Use the chat button at the bottom right, or the one below. Ask in English or Chinese — every answer cites the passage it comes from.</p>
          <button type="button" class="ask-cta" data-open-assistant>Ask the assistant</button>
        </div>
      </div>
    </section>
    <section class="contact" id="contact">
      <div class="wrap box">
        <div>
          <h2>Talk to our investment team</h2>
          <p>Tell us about your project and we will get back to you. Write to <a href="mailto:invest@example.com">invest@example.com</a> (demo address).</p>
        </div>
        <button type="button" class="contact-cta" data-open-assistant>Ask a question first</button>
      </div>
    </section>
  </main>
  <footer>
    <div class="wrap">
      <p>
        Demo partner page for the SIP Q&amp;A widget. This page’s stylesheet is hostile on purpose (global <code>*</code> and
        <code>button</code> rules with !important); the widget is unaffected. Embedded with:
      </p>
      <pre>${escapeHtml(snippet)}</pre>
    </div>
  </footer>
  ${snippet}
</body>
</html>
`;
}
