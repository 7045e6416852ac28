import { readFileSync } from 'node:fs';
import { transcode } from 'node:buffer';
import type { Chunk } from './chunk.ts';
import { IndexFileError, readProblem } from './index-files.ts';

/**
 * UTF-8 bytes as a string. In Node 20, V8's UTF-8 decoder (`buffer.toString('utf8')`) is slow on
 * Chinese text; ICU's converter to UTF-16 followed by a UTF-16 string (a copy) is about three times
 * faster: at 100k chunks (a 96 MB chunks.jsonl) ~0.2 s instead of 0.5–0.7 s. Same string either way
 * (tests/index-store/read-chunks.test.ts).
 */
export function decodeUtf8(bytes: Buffer): string {
  if (process.versions.icu === undefined || bytes.length < 4096) return bytes.toString('utf8');
  try {
    return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    // ICU refuses invalid UTF-8 (a damaged file) where V8 substitutes U+FFFD: decode it the usual way.
    return bytes.toString('utf8');
  }
}

/**
 * Parses the bytes of `chunks.jsonl` (one Chunk per line). A line that is not JSON (a file cut short)
 * throws an IndexFileError naming `label` and the line.
 */
export function parseChunks(bytes: Buffer, label: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (const [index, line] of decodeUtf8(bytes).split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      chunks.push(JSON.parse(line) as Chunk);
    } catch {
      throw new IndexFileError(label, `is truncated or corrupt at line ${index + 1}`);
    }
  }
  return chunks;
}

/** Reads and parses `chunks.jsonl`; a missing file throws an IndexFileError naming `label`. */
export function readChunks(file: string, label = file): Chunk[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new IndexFileError(label, readProblem(error));
  }
  return parseChunks(bytes, label);
}
