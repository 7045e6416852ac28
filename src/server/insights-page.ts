import type { QuestionGroup } from '../question-log/group-questions.ts';
import type { Insights } from '../question-log/question-insights.ts';
import { escapeHtml } from '../widget/demo-page.ts';

/** Colours with enough contrast on white for bars and their labels. */
const colours = { answered: '#2563eb', declined: '#dc2626', zh: '#0f766e', en: '#7c3aed', axis: '#6b7280' } as const;

/** An inline SVG chart that scales to the page's width; `label` is what a screen reader says of it. */
const chartStart = (label: string, width: number, height: number) =>
  `<svg class="chart" role="img" aria-label="${label}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`;

/** Questions per day as stacked bars (answered below, declined on top): one SVG, no script, no web fonts. */
export function perDayChart(perDay: Insights['perDay']): string {
  const days = perDay.slice(-60);
  const width = 760;
  const height = 220;
  const margin = { top: 16, right: 12, bottom: 40, left: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...days.map((day) => day.questions));
  const step = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(36, step * 0.7));
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  const bars = days
    .map((day, index) => {
      const x = margin.left + index * step + (step - barWidth) / 2;
      const answeredTop = y(day.answered);
      const total = y(day.questions);
      const summary = `${day.day}: ${day.questions} questions, ${day.answered} answered, ${day.declined} declined (zh ${day.zh}, en ${day.en})`;
      const label =
        index % labelEvery === 0
          ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle" font-size="11" fill="${colours.axis}">` +
            `${escapeHtml(day.day.slice(5))}</text>`
          : '';
      const bar = (top: number, bottom: number, fill: string) =>
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(bottom - top).toFixed(1)}" fill="${fill}"/>`;
      return (
        `<g class="day"><title>${escapeHtml(summary)}</title>` +
        bar(answeredTop, margin.top + plotHeight, colours.answered) +
        bar(total, answeredTop, colours.declined) +
        `</g>${label}`
      );
    })
    .join('');
  const ticks = [0, Math.round(max / 2), max]
    .map((value) => `<text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${colours.axis}">${value}</text>`)
    .join('');
  const key = (left: number, fill: string, text: string) =>
    `<rect x="${left}" y="${height - 16}" width="10" height="10" fill="${fill}"/><text x="${left + 14}" y="${height - 7}">${text}</text>`;
  return (
    chartStart('Questions per day, answered and declined', width, height) +
    `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${width - margin.right}" y2="${margin.top + plotHeight}" stroke="${colours.axis}"/>` +
    `${ticks}${bars}` +
    `<g font-size="12">${key(margin.left, colours.answered, 'answered 已回答')}${key(margin.left + 130, colours.declined, 'declined 未能回答')}</g>` +
    `</svg>`
  );
}

/** Groups as horizontal bars, longest first: the count is what the team compares at a glance. */
export function groupChart(groups: QuestionGroup[], colour: string, label: string): string {
  if (groups.length === 0) return '<p class="none">None yet.</p>';
  const shown = groups.slice(0, 12);
  const rowHeight = 26;
  const width = 760;
  const labelWidth = 420;
  const height = shown.length * rowHeight + 8;
  const max = Math.max(1, ...shown.map((group) => group.count));
  const rows = shown
    .map((group, index) => {
      const top = index * rowHeight + 4;
      const barWidth = Math.max(2, ((width - labelWidth - 50) * group.count) / max);
      const text = group.label.length > 34 ? `${group.label.slice(0, 33)}…` : group.label;
      const summary = `${group.count} × ${group.label} (zh ${group.languages.zh}, en ${group.languages.en})`;
      return (
        `<g class="group"><title>${escapeHtml(summary)}</title>` +
        `<text x="${labelWidth - 8}" y="${top + 16}" text-anchor="end" font-size="13">${escapeHtml(text)}</text>` +
        `<rect x="${labelWidth}" y="${top + 3}" width="${barWidth.toFixed(1)}" height="${rowHeight - 8}" fill="${colour}" rx="2"/>` +
        `<text x="${(labelWidth + barWidth + 6).toFixed(1)}" y="${top + 16}" font-size="12">${group.count}</text></g>`
      );
    })
    .join('');
  return `${chartStart(escapeHtml(label), width, height)}${rows}</svg>`;
}

/** A table with a header row; `rows` are its <tr> elements, already escaped. */
function dataTable(headers: string[], rows: string, className?: string): string {
  const head = headers.map((header) => `<th>${header}</th>`).join('');
  return `<table${className !== undefined ? ` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function groupTable(groups: QuestionGroup[], className: string): string {
  if (groups.length === 0) return '';
  const rows = groups
    .map((group, index) => {
      const otherWordings = group.examples.length > 1 ? `<div class="also">${group.examples.slice(1).map(escapeHtml).join(' · ')}</div>` : '';
      return (
        `<tr><td>${index + 1}</td><td class="count">${group.count}</td><td>${escapeHtml(group.label)}${otherWordings}</td>` +
        `<td class="count">${group.languages.zh}</td><td class="count">${group.languages.en}</td>` +
        `<td class="terms">${escapeHtml(group.terms.join(' '))}</td></tr>`
      );
    })
    .join('');
  return dataTable(['#', 'Count', 'Question (and other wordings)', 'zh', 'en', 'Terms'], rows, className);
}

const styles = `
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { background: #1e3a8a; color: #fff; padding: 16px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; opacity: .85; }
main { max-width: 980px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
h2 { font-size: 16px; margin: 4px 0 10px; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; }
.total { flex: 1 1 120px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; }
.total b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; border-bottom: 1px solid #f3f4f6; padding: 5px 6px; vertical-align: top; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
td.terms, .also { color: #6b7280; font-size: 12px; }
.none { color: #6b7280; }
nav a { margin-right: 14px; }
blockquote { margin: 2px 0 0; color: #374151; }
`;

/** The insights page for the investment-promotion team: totals, charts, grouped questions, passages, thumbs-down. */
export function renderInsightsPage(insights: Insights): string {
  const { totals } = insights;
  const period = insights.range.days !== null ? `last ${insights.range.days} days` : 'everything stored';
  const total = (value: number, label: string) => `<div class="total"><b>${value}</b>${label}</div>`;
  const cited = insights.passagesCitedMost
    .map(
      (passage) =>
        `<tr><td class="count">${passage.citations}</td><td><code>${escapeHtml(passage.id)}</code></td>` +
        `<td>${escapeHtml(passage.document)} · ${escapeHtml(passage.title)}</td></tr>`,
    )
    .join('');
  const never = insights.passagesNeverCited
    .slice(0, 50)
    .map((passage) => `<li><code>${escapeHtml(passage.id)}</code> ${escapeHtml(passage.title)}</li>`)
    .join('');
  const down = insights.thumbsDown
    .map((item) => {
      const comment = item.comment !== null ? `<blockquote>“${escapeHtml(item.comment)}”</blockquote>` : '';
      return (
        `<tr><td>${escapeHtml(item.receivedAt.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(item.question)}${comment}</td>` +
        `<td>${item.linked ? (item.answered === true ? 'answered' : 'declined') : 'not in the log'}</td></tr>`
      );
    })
    .join('');
  const origins = insights.origins.map((origin) => `<tr><td class="count">${origin.questions}</td><td>${escapeHtml(origin.origin)}</td></tr>`).join('');
  const query = insights.range.days !== null ? `?days=${insights.range.days}` : '';
  const { from, to } = insights.range;
  const links = (pairs: Array<[href: string, text: string]>) => pairs.map(([href, text]) => `<a href="${href}">${text}</a>`).join('');
  const section = (id: string, heading: string, body: string) => `<section id="${id}"><h2>${heading}</h2>${body}</section>`;
  const none = (text: string) => `<p class="none">${text}</p>`;
  const neverCited = `<h2>Never cited · 从未引用 (${insights.passagesNeverCited.length})</h2>${
    never === '' ? none('None.') : `<ul>${never}</ul>${insights.passagesNeverCited.length > 50 ? none('… the full list is in the insights CSV.') : ''}`
  }`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Question insights · SIP Q&amp;A</title>',
    `<style>${styles}</style>`,
    '</head>',
    '<body>',
    `<header><h1>What visitors ask · 访客提问洞察</h1>` +
      `<p>${escapeHtml(from ?? '—')} – ${escapeHtml(to ?? '—')} (${escapeHtml(period)}, days in ${escapeHtml(insights.timeZone)})</p></header>`,
    '<main>',
    `<nav>${links([
      ['insights.html?days=7', '7 days'],
      ['insights.html?days=30', '30 days'],
      ['insights.html', 'all'],
    ])} · Export: ${links([
      [`insights.csv${query}`, 'insights CSV'],
      [`questions.csv${query}`, 'questions CSV'],
      [`insights${query}`, 'JSON'],
    ])}</nav>`,
    '<div class="totals">',
    [
      total(totals.questions, 'questions 提问'),
      total(totals.answered, 'answered 已回答'),
      total(totals.declined, 'declined 未能回答'),
      total(totals.zh, '中文'),
      total(totals.en, 'English'),
      total(totals.thumbsDown, 'thumbs down 差评'),
    ].join(''),
    '</div>',
    section('per-day', 'Questions per day · 每日提问', insights.perDay.length > 0 ? perDayChart(insights.perDay) : none('No questions logged yet.')),
    section(
      'declined',
      'What the documents do not answer · 文档未能回答的问题',
      groupChart(insights.declinedQuestions, colours.declined, 'Declined questions by group') + groupTable(insights.declinedQuestions, 'declined-groups'),
    ),
    section(
      'top',
      'Top questions, grouped by meaning · 热门问题',
      groupChart(insights.topQuestions, colours.answered, 'Top questions by group') + groupTable(insights.topQuestions, 'top-groups'),
    ),
    section('thumbs-down', 'Thumbs down · 差评', down === '' ? none('None.') : dataTable(['When (UTC)', 'Question and comment', 'Answer'], down)),
    section(
      'passages',
      'Passages cited most · 引用最多的段落',
      `${cited === '' ? none('None yet.') : dataTable(['Cited', 'Passage', 'Where'], cited)}\n${neverCited}`,
    ),
    origins === '' ? '' : section('origins', 'Partner sites · 合作网站', `<table><tbody>${origins}</tbody></table>`),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
