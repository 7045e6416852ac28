import type { EventEmitter } from 'node:events';

/**
 * The process event server.ts emits once it listens: dist/server/server.js (compiled-entry.ts) writes the V8 code
 * cache then, while the start's compiled functions are all still there (code-cache.ts). No one listens when the
 * server runs from source.
 */
export const SERVER_STARTED_EVENT = 'sip-qa:started';

/** Says the server has started (Node's typings allow only its own event names on `process.emit`). */
export function announceStarted(): void {
  (process as EventEmitter).emit(SERVER_STARTED_EVENT);
}
