import { analyse } from 'chardet';
import { DocumentError } from './document-error.ts';

/** The encodings documents are read in: what Chinese text files are saved as in practice. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Set when a declared charset did not fit the bytes and the encoding was detected instead. */
  warning?: string;
}

/** WHATWG decoder names (after label resolution) that we accept; GBK and GB2312 are decoded as GB18030, their superset. */
const supported: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gbk: 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5',
};
/** chardet's names for the encodings above. */
const fromChardet: Record<string, TextEncodingName> = { 'UTF-8': 'utf-8', GB18030: 'gb18030', Big5: 'big5' };
/** chardet reads this much: its statistics settle within a few KB, and a large file would be slow to scan whole. */
const sampleBytes = 64 * 1024;

/** The bytes as `encoding`, or undefined when they are not valid in it (no U+FFFD substitution). */
function decodeStrictly(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A charset label (`GB2312`, `x-gbk`, `big5-hkscs`, `utf8`) as one of ours, or undefined. */
export function resolveCharset(label: string): TextEncodingName | undefined {
  try {
    return supported[new TextDecoder(label.trim().toLowerCase()).encoding];
  } catch {
    return undefined;
  }
}

/**
 * Decodes a text document: a byte-order mark decides; then a declared charset when the bytes are valid
 * in it; then UTF-8 when they are valid UTF-8 (ASCII included); otherwise chardet's statistical guess
 * between GB18030 (GBK) and Big5, which both accept most byte pairs, so only character frequencies
 * tell them apart. Anything else is refused rather than decoded into mojibake.
 */
export function decodeText(bytes: Uint8Array, file: string, declared?: string): DecodedText {
  const bom: Array<[number[], TextEncodingName]> = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  for (const [mark, encoding] of bom) {
    if (mark.every((byte, index) => bytes[index] === byte)) {
      const text = decodeStrictly(bytes, encoding);
      if (text === undefined)
        throw new DocumentError('DOC_CORRUPT', file, `starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} text`);
      return { text, encoding };
    }
  }
  let warning: string | undefined;
  if (declared !== undefined) {
    const encoding = resolveCharset(declared);
    const text = encoding === undefined ? undefined : decodeStrictly(bytes, encoding);
    if (encoding !== undefined && text !== undefined) return { text, encoding };
    warning =
      encoding === undefined
        ? `declared charset "${declared}" is not supported; the encoding was detected`
        : `the bytes are not valid ${declared} as declared; the encoding was detected`;
  }
  const asUtf8 = decodeStrictly(bytes, 'utf-8');
  if (asUtf8 !== undefined) return { text: asUtf8, encoding: 'utf-8', ...(warning !== undefined ? { warning } : {}) };
  const matches = analyse(bytes.subarray(0, sampleBytes));
  const best = matches[0]?.confidence ?? 0;
  // Only the most likely encodings (ties included): a GB18030 decoding that is merely possible would
  // turn Shift_JIS or windows-1252 text into plausible-looking nonsense.
  for (const match of matches.filter((candidate) => candidate.confidence === best)) {
    const encoding = fromChardet[match.name];
    const text = encoding === undefined ? undefined : decodeStrictly(bytes, encoding);
    if (encoding !== undefined && text !== undefined) return { text, encoding, ...(warning !== undefined ? { warning } : {}) };
  }
  const guess = matches[0]?.name;
  throw new DocumentError(
    'DOC_UNKNOWN_TYPE',
    file,
    `text in an unsupported encoding${guess !== undefined ? ` (it looks like ${guess})` : ''}: only UTF-8, GBK/GB18030 and Big5 are read; save it as UTF-8`,
  );
}
