import { existsSync, renameSync, rmSync } from 'node:fs';

/**
 * Replaces `target` by the completely written `staging` folder. The two renames are each atomic;
 * if the process dies between them, `recoverDirectory` finds the previous index in `<target>.old`.
 */
export function swapDirectory(staging: string, target: string): void {
  const previous = `${target}.old`;
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/** Restores `<target>.old` when a swap was interrupted after moving the old index aside. */
export function recoverDirectory(target: string): boolean {
  const previous = `${target}.old`;
  if (!existsSync(target) && existsSync(previous)) {
    renameSync(previous, target);
    return true;
  }
  return false;
}
