import type { Citation } from '../question/answer-parts.ts';
import type { ApiError } from './api-error.ts';
import { documentTitleIn, textLanguage, type RenderContext, type Turn } from './chat-turn.ts';
import { makeElement } from './make-element.ts';
import { makeIcon, type IconName } from './make-icon.ts';
import { renderAnswerText } from './render-answer-text.ts';
import { htmlLang, isChinese } from './ui-strings.ts';

export function iconButton(icon: IconName, label: string, className: string, attributes: Record<string, string | boolean> = {}): HTMLButtonElement {
  const button = makeElement('button', {
    className: `sipqa-icon-button ${className}`,
    attributes: { type: 'button', 'aria-label': label, title: label, ...attributes },
  });
  button.append(makeIcon(icon));
  return button;
}

/** Where the turn sits in the conversation: only the last finished one offers Regenerate. */
export interface TurnPlace {
  last: boolean;
  /** While an answer streams, nothing else may be asked, edited or regenerated. */
  busy: boolean;
}

/** The number after `#` in a chunk id (`yearbook-2021#17` → `17`): tells apart passages with the same headings. */
export function passageNumber(citation: Pick<Citation, 'id'>): string {
  const at = citation.id.lastIndexOf('#');
  return at === -1 ? '' : citation.id.slice(at + 1);
}

/** One question and its reply; the controller keeps `turn.view` to update parts of it later. */
export function renderTurn(turn: Turn, context: RenderContext, place: TurnPlace): HTMLElement {
  const { strings } = context;
  const editable = turn.status !== 'streaming' && !place.busy;
  const question = makeElement('div', { className: 'sipqa-question' }, [
    makeElement('span', { className: 'sipqa-visually-hidden', text: `${strings.you}: ` }),
    makeElement('p', { text: turn.question, attributes: { lang: textLanguage(turn.question) === 'zh' ? 'zh-CN' : 'en' } }),
    editable ? iconButton('edit', strings.editQuestion, 'sipqa-edit', { 'data-action': 'edit' }) : null,
  ]);
  const answer = makeElement('div', { className: 'sipqa-answer-text' });
  const actions = makeElement('div', { className: 'sipqa-actions-area' });
  const reply = makeElement('div', { className: 'sipqa-reply', attributes: { 'aria-busy': turn.status === 'streaming' ? 'true' : 'false' } }, [
    makeElement('div', { className: 'sipqa-reply-head' }, [
      makeElement('span', { className: 'sipqa-avatar', attributes: { 'aria-hidden': 'true' } }, [makeIcon('chat')]),
      makeElement('span', { className: 'sipqa-reply-name', text: strings.assistant }),
      turn.response?.answered === false ? makeElement('span', { className: 'sipqa-tag', text: strings.notFound }) : null,
    ]),
    answer,
  ]);
  const root = makeElement('article', { className: 'sipqa-turn', attributes: { 'data-turn': turn.id } }, [question, reply]);
  turn.view = { root, answer, actions };
  renderAnswer(turn, context);

  const response = turn.response;
  if (response?.resolvedQuestion !== undefined && response.resolvedQuestion !== turn.question) {
    reply.append(makeElement('p', { className: 'sipqa-understood', text: `${strings.understoodAs}${response.resolvedQuestion}` }));
  }
  if (response?.notice !== undefined) reply.append(makeElement('p', { className: 'sipqa-notice', text: response.notice }));
  if (turn.status === 'stopped') reply.append(makeElement('p', { className: 'sipqa-stopped', text: strings.stopped }));
  if (turn.status === 'error' && turn.error !== undefined) reply.append(renderError(turn.error, context, place.busy));
  if (response !== undefined && response.citations.length > 0) reply.append(renderSources(response.citations, context));
  if (response !== undefined || turn.status === 'stopped') {
    reply.append(actions);
    renderActions(turn, context, place);
  }
  return root;
}

/** Only the answer text changes while streaming, so focus elsewhere in the turn is left alone. */
export function renderAnswer(turn: Turn, context: RenderContext): void {
  const view = turn.view;
  if (view === undefined) return;
  const text = turn.response?.answer ?? turn.text;
  if (turn.status === 'streaming' && text === '') {
    view.answer.replaceChildren(
      makeElement('p', { className: 'sipqa-searching' }, [
        makeElement('span', { className: 'sipqa-dots', attributes: { 'aria-hidden': 'true' } }, [makeElement('i'), makeElement('i'), makeElement('i')]),
        context.strings.searching,
      ]),
    );
    return;
  }
  view.answer.lang = htmlLang[turn.response?.language ?? textLanguage(turn.question)];
  renderAnswerText(view.answer, text, turn.response?.citations ?? turn.citations, (citation) => context.strings.citeLabel(citation.n));
  view.answer.classList.toggle('sipqa-streaming', turn.status === 'streaming');
}

/** What went wrong in the reader's language, the request id for a bug report, and a retry. */
export function renderError(error: ApiError, { strings }: RenderContext, busy: boolean): HTMLElement {
  const status = error.status ?? 0;
  const message =
    error.kind === 'offline'
      ? strings.offline
      : error.kind === 'blocked'
        ? strings.blocked
        : error.kind === 'network'
          ? strings.connectionLost
          : error.kind === 'rate-limited'
            ? strings.rateLimited(error.retryAfterSeconds)
            : error.kind === 'interrupted'
              ? strings.interrupted
              : status === 401 || status === 403
                ? strings.notAuthorized
                : status >= 400 && status < 500
                  ? strings.requestRefused
                  : strings.serverError;
  // The code is meant for the site owner (e.g. UNAUTHORIZED); a 5xx code says nothing useful to anyone reading.
  const code = error.code !== undefined && status >= 400 && status < 500 ? error.code : undefined;
  const detail = [error.requestId !== undefined ? strings.requestId(error.requestId) : undefined, code].filter((part) => part !== undefined).join(' · ');
  return makeElement('div', { className: `sipqa-error sipqa-error-${error.kind}`, attributes: { role: 'alert' } }, [
    makeIcon('alert'),
    makeElement('div', {}, [
      makeElement('p', { className: 'sipqa-error-message', text: message }),
      detail !== '' ? makeElement('p', { className: 'sipqa-error-detail', text: detail }) : null,
      makeElement('button', { className: 'sipqa-retry', text: strings.tryAgain, attributes: { type: 'button', 'data-action': 'retry', disabled: busy } }),
    ]),
  ]);
}

/**
 * The sources, each a button named once by its content ("Source 1: title · section · year"). Two
 * citations that would read the same (document, title, year) are told apart by their passage number.
 */
export function renderSources(citations: readonly Citation[], context: RenderContext): HTMLElement {
  const { strings, language } = context;
  const lines = citations.map((citation) => {
    const title = (language === 'en' ? citation.english?.title : undefined) || citation.title;
    return {
      citation,
      document: documentTitleIn(citation, language),
      meta: [title, citation.year > 0 ? String(citation.year) : ''].filter(Boolean).join(' · '),
    };
  });
  const counts = new Map<string, number>();
  const key = (line: (typeof lines)[number]) => `${line.document}\u0000${line.meta}`;
  for (const line of lines) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  return makeElement('section', { className: 'sipqa-sources' }, [
    makeElement('h3', { className: 'sipqa-sources-heading', text: strings.sources }),
    makeElement(
      'ol',
      { className: 'sipqa-sources-list' },
      lines.map((line) => {
        const { citation } = line;
        const number = passageNumber(citation);
        const twin = (counts.get(key(line)) ?? 0) > 1 && number !== '';
        return makeElement('li', {}, [
          makeElement('button', { className: 'sipqa-source', attributes: { type: 'button', 'data-cite': String(citation.n) } }, [
            makeElement('span', { className: 'sipqa-visually-hidden', text: `${strings.citeLabel(citation.n)}: ` }),
            makeElement('span', { className: 'sipqa-source-n', text: String(citation.n), attributes: { 'aria-hidden': 'true' } }),
            makeElement('span', { className: 'sipqa-source-text' }, [
              makeElement('span', { className: 'sipqa-source-title', text: line.document }),
              makeElement('span', { className: 'sipqa-source-meta', text: twin ? `${line.meta} · ${strings.passageNumber(number)}` : line.meta }),
            ]),
          ]),
        ]);
      }),
    ),
  ]);
}

/** Copy, regenerate, feedback and "about this answer"; re-rendered on their own, keeping focus on the control used. */
export function renderActions(turn: Turn, context: RenderContext, place: TurnPlace): void {
  const view = turn.view;
  if (view === undefined) return;
  const { strings, idPrefix } = context;
  const root = view.actions.getRootNode() as Document | ShadowRoot;
  const focusKey = (root.activeElement as HTMLElement | null)?.dataset?.focusKey;
  const response = turn.response;
  const sent = turn.feedbackState === 'sent';
  const thumb = (rating: 'up' | 'down') =>
    iconButton(rating === 'up' ? 'thumbUp' : 'thumbDown', rating === 'up' ? strings.helpful : strings.notHelpful, `sipqa-thumb sipqa-thumb-${rating}`, {
      'data-action': `rate-${rating}`,
      'data-focus-key': `rate-${rating}`,
      'aria-pressed': String(turn.feedback === rating),
      disabled: sent || turn.feedbackState === 'sending',
    });
  const copy =
    response !== undefined
      ? makeElement('button', { className: 'sipqa-copy sipqa-action', attributes: { type: 'button', 'data-action': 'copy', 'data-focus-key': 'copy' } }, [
          makeIcon(turn.copyState === 'copied' ? 'check' : 'copy'),
          turn.copyState === 'copied' ? strings.copied : turn.copyState === 'failed' ? strings.copyFailed : strings.copy,
        ])
      : null;
  const regenerate =
    place.last && !place.busy
      ? makeElement(
          'button',
          { className: 'sipqa-regenerate sipqa-action', attributes: { type: 'button', 'data-action': 'regenerate', 'data-focus-key': 'regenerate' } },
          [makeIcon('refresh'), strings.regenerate],
        )
      : null;
  const children: HTMLElement[] = [
    makeElement('div', { className: 'sipqa-actions' }, [
      copy,
      regenerate,
      makeElement('span', { className: 'sipqa-actions-gap' }),
      response !== undefined ? thumb('up') : null,
      response !== undefined ? thumb('down') : null,
    ]),
  ];

  if (turn.feedbackState === 'open' || turn.feedbackState === 'sending' || turn.feedbackState === 'failed') {
    const commentId = `${idPrefix}-comment-${turn.id}`;
    const comment = makeElement('textarea', {
      className: 'sipqa-comment',
      attributes: { id: commentId, rows: '2', maxlength: '1000', placeholder: strings.commentPlaceholder, 'data-focus-key': 'comment' },
    });
    comment.value = turn.comment;
    children.push(
      makeElement('form', { className: 'sipqa-feedback', attributes: { 'data-action': 'feedback' } }, [
        makeElement('label', { text: strings.feedbackPrompt, attributes: { for: commentId } }),
        comment,
        makeElement('div', { className: 'sipqa-feedback-row' }, [
          turn.feedbackState === 'failed'
            ? makeElement('p', { className: 'sipqa-feedback-error', text: strings.feedbackFailed, attributes: { role: 'alert' } })
            : null,
          makeElement('button', {
            className: 'sipqa-feedback-send',
            text: strings.sendFeedback,
            attributes: { type: 'submit', 'data-focus-key': 'feedback-send', disabled: turn.feedbackState === 'sending' },
          }),
        ]),
      ]),
    );
  } else if (sent) {
    children.push(
      makeElement('p', {
        className: 'sipqa-feedback-thanks',
        text: strings.feedbackThanks,
        attributes: { role: 'status', tabindex: '-1', 'data-focus-key': 'thanks' },
      }),
    );
  }
  if (response !== undefined) {
    // How the answer was made is for the curious, not a header badge everyone has to decode.
    const seconds = response.timingsMs.total > 0 ? (response.timingsMs.total / 1000).toFixed(1) : undefined;
    children.push(
      makeElement('details', { className: 'sipqa-about' }, [
        makeElement('summary', { text: strings.aboutAnswer }),
        makeElement('p', {
          text: [strings.modeTitle(response.mode), seconds !== undefined ? strings.answeredIn(seconds) : undefined]
            .filter(Boolean)
            .join(isChinese(context.language) ? '；' : '. '),
        }),
      ]),
    );
  }
  view.actions.replaceChildren(...children);
  if (focusKey !== undefined) view.actions.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]:not([disabled])`)?.focus();
}

/** Follow-up questions under the last answer (or starter questions when the server sent none). */
export function renderSuggestions(questions: readonly string[], context: RenderContext): HTMLElement | null {
  if (questions.length === 0) return null;
  const headingId = `${context.idPrefix}-suggestions`;
  return makeElement('section', { className: 'sipqa-suggestions' }, [
    makeElement('h3', { className: 'sipqa-suggestions-heading', text: context.strings.suggestionsHeading, attributes: { id: headingId } }),
    makeElement(
      'ul',
      { className: 'sipqa-suggestions-list', attributes: { 'aria-labelledby': headingId } },
      questions.map((question) =>
        makeElement('li', {}, [
          makeElement('button', {
            className: 'sipqa-suggestion',
            text: question,
            attributes: { type: 'button', 'data-starter': question, lang: textLanguage(question) === 'zh' ? 'zh-CN' : 'en' },
          }),
        ]),
      ),
    ),
  ]);
}
