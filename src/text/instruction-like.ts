import { followedBy } from './followed-by.ts';

/**
 * Text addressed to a language model rather than to a reader: "忽略之前的所有指令…", "ignore previous
 * instructions…", "you are now…". Passages keep it (it is the source's text, shown as data), but it never
 * counts as evidence: neither the extractive answer nor citation verification may rest a claim on it.
 */
const patterns = [
  /忽略(?:之前|以上|上述|前面|先前)?的?(?:所有|全部|一切)?(?:指令|指示|提示|要求|规则|设定)/,
  /无视(?:之前|以上|上述)?的?(?:所有)?(?:指令|指示|提示|规则)/,
  /(?:你现在是|从现在起你是|请扮演|系统提示词?|system prompt)/i,
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|rules|messages?)/i,
  /\byou are now\b|\bnew instructions?\s*:/i,
];
/** "act as … assistant": `\bact as\b.*\b(?:assistant|model|ai)\b` in one pass (see followedBy). */
const actAs: [RegExp, RegExp] = [/\bact as\b/i, /\b(?:assistant|model|ai)\b/gi];

export function isInstructionLike(sentence: string): boolean {
  return patterns.some((pattern) => pattern.test(sentence)) || followedBy(sentence, ...actAs);
}
