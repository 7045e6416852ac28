import { decodeText, type TextEncodingName } from './decode-text.ts';

export interface ExtractedText {
  text: string;
  encoding: TextEncodingName;
  warnings: string[];
}

/**
 * A plain-text document as it is: the cleaners downstream know the seeds' quirks (broken lines,
 * captions, running headers) and expect them untouched. Only the encoding and line ends are normalised.
 */
export function extractText(bytes: Uint8Array, file: string, charset?: string): ExtractedText {
  const decoded = decodeText(bytes, file, charset);
  return {
    text: decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
    encoding: decoded.encoding,
    warnings: decoded.warning !== undefined ? [decoded.warning] : [],
  };
}
