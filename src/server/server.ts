import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config.ts';
import { createIndexReloader, servedIndexVersion } from '../engine/index-reloader.ts';
import { createSwappableEngine } from '../engine/swappable-engine.ts';
import { loadAnswerEngine } from '../engine/load-answer-engine.ts';
import { buildApp } from './app.ts';
import { describeMode } from './describe-mode.ts';
import type { EngineLogger } from '../engine/engine-logger.ts';
import { ensureIndex, loadServingEngine } from '../engine/ensure-index.ts';
import { announceStarted } from './started-event.ts';

/** How long SIGTERM waits for in-flight answers and streams before giving up on them. */
const SHUTDOWN_GRACE_MS = 30_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/**
 * A repeat of the first signal this soon is the same request to stop: Ctrl-C on `npm start` sends SIGINT
 * to the whole process group (npm and the server), and npm then passes the SIGINT it got on to the server.
 */
const SAME_SIGNAL_MS = 1000;

/** Stop accepting, let in-flight answers and SSE streams finish, then exit; a second signal exits at once. */
function closeOnSignals(app: FastifyInstance): void {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  let repeatIgnored = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      if (!repeatIgnored && signal === first.signal && performance.now() - first.at < SAME_SIGNAL_MS) {
        repeatIgnored = true;
        app.log.debug({ signal }, 'the same signal again (passed on by npm): still shutting down');
        return;
      }
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    first = { signal, at: performance.now() };
    app.log.info({ signal }, 'shutting down: no new connections; waiting for in-flight requests');
    const timer = setTimeout(() => {
      app.log.error(`in-flight requests still open after ${SHUTDOWN_GRACE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = (line: string) => console.log(line);
  const { DATABASE_URL } = config;
  if (DATABASE_URL !== undefined) {
    // A replica: no corpus or index folder; the active index version and the feedback live in the database.
    // Imported here so a server without DATABASE_URL never loads the PostgreSQL client.
    const [{ startDatabaseEngine }, { pgFeedbackLog }] = await Promise.all([
      import('../engine/database-engine.ts'),
      import('../index-store/pg-feedback-log.ts'),
    ]);
    const serving = await startDatabaseEngine({ config: { ...config, DATABASE_URL }, log });
    console.log(describeMode(serving.engine.health()));
    const app = await buildApp({ engine: serving.engine, config, feedbackLog: pgFeedbackLog(serving.pool), logger: { level: config.LOG_LEVEL } });
    app.addHook('onClose', async () => serving.close());
    closeOnSignals(app);
    await app.listen({ host: config.HOST, port: config.PORT });
    announceStarted();
    return;
  }
  const stale = await ensureIndex(config, log);
  // LLM failures go to the request log; the app (and its logger) is built once the engine is loaded.
  const engineLogger: EngineLogger = { warn: (details, message) => app.log.warn(details, message) };
  const engine = await loadServingEngine(config, log, stale, engineLogger);
  console.log(describeMode(engine.health()));
  // Hot reload: documents added or removed (admin API, `npm run docs`, SIGHUP) swap in a new index.
  const swappable = createSwappableEngine(engine, servedIndexVersion(config.indexDir));
  const reloader = createIndexReloader({ config, swappable, loadEngine: () => loadAnswerEngine({ config }) });
  const app = await buildApp({ engine: swappable.engine, config, reloader, logger: { level: config.LOG_LEVEL } });
  process.on('SIGHUP', () => {
    app.log.info('SIGHUP: updating the index from the corpus');
    reloader.reload().then(
      (result) => app.log.info(result, result.rebuilt ? 'index reloaded' : 'index already current'),
      (error: unknown) => app.log.error({ err: error }, 'reload failed; the previous index is still served'),
    );
  });
  closeOnSignals(app);
  await app.listen({ host: config.HOST, port: config.PORT });
  announceStarted();
}

main().catch((error: unknown) => {
  // Engine and ingest errors carry messages written for the operator (what is wrong, how to rebuild).
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
