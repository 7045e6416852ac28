import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnswerEngine } from '../../src/question/answer-parts.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { Config } from '../../src/config.ts';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import { buildTestIndex, corpusDir, type TestIndexOptions } from '../engine/engine-fixture.ts';

export { corpusDir };

export interface RealService {
  engine: AnswerEngine;
  config: Config;
  dir: string;
  /** A fresh app on the same engine, with settings changed for one test. */
  app(
    overrides?: Partial<Config>,
    options?: Partial<Pick<AppOptions, 'engine' | 'maxStreamsPerClient' | 'questionLogStore' | 'now' | 'retentionDelayMs' | 'onRoute'>>,
  ): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/**
 * The real engine on the project's corpus (or another, e.g. the poisoned one): a lexical index built into
 * a temp folder by the engine tests' fixture (dense off, no model download), loaded the way `npm start`
 * loads it; apps built on it are closed with the service.
 */
export async function startRealService(environment: Record<string, string> = {}, { corpus }: Pick<TestIndexOptions, 'corpus'> = {}): Promise<RealService> {
  const index = await buildTestIndex({
    ...(corpus !== undefined ? { corpus } : {}),
    env: (dir) => ({ FEEDBACK_FILE: join(dir, 'feedback.jsonl'), RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', ...environment }),
  });
  const { config, dir } = index;
  const engine = await loadAnswerEngine({ config });
  const apps: FastifyInstance[] = [];
  return {
    engine,
    config,
    dir,
    async app(overrides = {}, options = {}) {
      const app = await buildApp({ ...options, engine: options.engine ?? engine, config: { ...config, ...overrides } });
      apps.push(app);
      return app;
    },
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await index.remove();
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
