import type { AnswerResponse } from '../question/answer-parts.ts';
import { documentTitleIn } from './chat-turn.ts';
import { answerMarkdown } from './render-answer-text.ts';
import { isChinese, type UiLanguage, type UiStrings } from './ui-strings.ts';

/**
 * The answer as Markdown for the clipboard, keeping its lists and bold, with `[n]` markers and a
 * sources list: `2020年园区…[1]\n\n**来源：**\n- [1] 苏州工业园区年鉴 · 新兴产业 (2021)`.
 */
export function answerForClipboard(response: AnswerResponse, strings: UiStrings, language: UiLanguage): string {
  const answer = answerMarkdown(response.answer);
  if (response.citations.length === 0) return answer;
  const sources = response.citations.map(
    (citation) => `- [${citation.n}] ${documentTitleIn(citation, language)} · ${citation.title}${citation.year > 0 ? ` (${citation.year})` : ''}`,
  );
  return `${answer}\n\n**${strings.sources}${isChinese(language) ? '：' : ':'}**\n${sources.join('\n')}`;
}

/** Copies text; falls back to a selection copy where navigator.clipboard is missing (plain-http partner pages). */
export async function copyText(text: string, host: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const root = host.getRootNode() as Document | ShadowRoot;
    const previous = root.activeElement as HTMLElement | null;
    const area = document.createElement('textarea');
    area.className = 'sipqa-visually-hidden';
    area.readOnly = true;
    area.setAttribute('aria-hidden', 'true');
    area.value = text;
    host.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      previous?.focus();
    }
  }
}
