import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import type { AnswerEngine } from '../../src/generation/answer-parts.ts';
import { loadAnswerEngine } from '../../src/generation/answer-engine.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import type { QuestionLogStore } from '../../src/question-log/question-log-store.ts';
import { buildApp } from '../../src/server/app.ts';

export const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));

export interface RealService {
  engine: AnswerEngine;
  config: Config;
  dir: string;
  /** A fresh app on the same engine, with settings changed for one test. */
  app(overrides?: Partial<Config>, options?: { maxStreamsPerClient?: number; engine?: AnswerEngine; questionLogStore?: QuestionLogStore; now?: () => Date }): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/**
 * The real engine on the project's corpus: a lexical index built into a temp folder (dense off,
 * no model download), loaded the way `npm start` loads it.
 */
export async function startRealService(environment: Record<string, string> = {}): Promise<RealService> {
  const dir = await mkdtemp(join(tmpdir(), 'sip-server-test-'));
  const indexDir = join(dir, 'index');
  await buildIndex({ corpusDir, indexDir, embedding: { enabled: false, model: 'none', cacheDir: '/tmp', allowRemote: false } });
  const config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: 'none',
    FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const engine = await loadAnswerEngine({ config });
  const apps: FastifyInstance[] = [];
  return {
    engine,
    config,
    dir,
    async app(overrides = {}, options = {}) {
      const app = await buildApp({
        engine: options.engine ?? engine,
        config: { ...config, ...overrides },
        ...(options.maxStreamsPerClient !== undefined ? { maxStreamsPerClient: options.maxStreamsPerClient } : {}),
        ...(options.questionLogStore !== undefined ? { questionLogStore: options.questionLogStore } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      });
      apps.push(app);
      return app;
    },
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Parses an SSE body strictly: every frame must be `event: <name>\ndata: <one line>` (or just
 * `data:`) and end with a blank line, so a framing mistake fails the test instead of being tolerated.
 */
export function parseSse(body: string): SseEvent[] {
  if (!body.endsWith('\n\n')) throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(body.slice(-40))}`);
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      const named = /^event: ([a-z-]+)\ndata: ([^\n]*)$/.exec(frame);
      if (named !== null) return { event: named[1] ?? '', data: named[2] ?? '' };
      const unnamed = /^data: ([^\n]*)$/.exec(frame);
      if (unnamed !== null) return { event: 'message', data: unnamed[1] ?? '' };
      throw new Error(`malformed SSE frame: ${JSON.stringify(frame)}`);
    });
}

/** Every `[n]` in the text. */
export function markers(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
}
