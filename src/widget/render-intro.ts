import type { RenderContext, Turn } from './chat-turn.ts';
import { makeElement } from './make-element.ts';

/** The welcome and, while the conversation is empty, the starter questions. */
export function renderIntro(context: RenderContext, welcome: string | undefined, starters: readonly string[]): HTMLElement[] {
  const { strings, idPrefix } = context;
  const children: HTMLElement[] = [makeElement('p', { className: 'sipqa-welcome', text: welcome ?? strings.welcome })];
  // Starters help an empty conversation get going; once it has begun they would only take room.
  if (starters.length > 0) {
    const headingId = `${idPrefix}-starters`;
    children.push(
      makeElement('h2', { className: 'sipqa-starters-heading', text: strings.startersHeading, attributes: { id: headingId } }),
      makeElement(
        'ul',
        { className: 'sipqa-starters', attributes: { 'aria-labelledby': headingId } },
        starters.map((starter) =>
          makeElement('li', {}, [
            makeElement('button', { className: 'sipqa-starter', text: starter, attributes: { type: 'button', 'data-starter': starter } }),
          ]),
        ),
      ),
    );
  }
  return children;
}

/**
 * What to offer after the last answer: the follow-ups the server suggested (in the question's
 * language), else the starters (already in the UI language); never one that was asked already.
 * Nothing while an answer is on its way or after a failure.
 */
export function followUpQuestions(turns: readonly Turn[], starters: readonly string[]): string[] {
  const last = turns[turns.length - 1];
  if (last?.status !== 'done') return [];
  const asked = new Set(turns.map((turn) => turn.question));
  const offered = last.response?.suggestions ?? [];
  return (offered.length > 0 ? offered : starters).filter((question) => !asked.has(question)).slice(0, 5);
}
