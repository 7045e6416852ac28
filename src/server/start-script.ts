import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const startScript = (): string[] =>
  ((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start'] ?? '').split(/\s+/);

/**
 * The node flags of package.json's start script (and the Dockerfile's CMD): a 1 MB young-generation semi-space
 * keeps ~30 MB of short-lived garbage from staying resident (Node 20's default is 16 MB); V8's optimize-for-size
 * mode ~9 MB more.
 */
export function startScriptNodeFlags(): string[] {
  return startScript().filter((word) => word.startsWith('--'));
}

/** The environment the start script sets (glibc's malloc: fewer arenas, memory trimmed back to the system sooner). */
export function startScriptEnvironment(): Record<string, string> {
  return Object.fromEntries(startScript().flatMap((word) => (/^[A-Z_]+=/.test(word) ? [word.split('=', 2) as [string, string]] : [])));
}
