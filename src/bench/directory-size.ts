import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of every file under `path` (or of the file itself). */
export function directorySize(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, name) => sum + directorySize(join(path, name)), 0);
}

/** Bytes per file directly in a folder (sub-folders summed), for the report's index-size table. */
export function fileSizes(dir: string): Record<string, number> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, directorySize(join(dir, name))]),
  );
}
