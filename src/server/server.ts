import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config.ts';
import { buildApp } from './app.ts';
import { describeMode } from './describe-mode.ts';
import { startDatabaseEngine } from '../engine/database-engine.ts';
import { pgFeedbackLog } from '../index-store/pg-feedback-log.ts';
import { ensureIndex, loadServingEngine } from './ensure-index.ts';

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
    const serving = await startDatabaseEngine({ config: { ...config, DATABASE_URL }, log });
    console.log(describeMode(serving.engine.health()));
    const app = await buildApp({ engine: serving.engine, config, feedbackLog: pgFeedbackLog(serving.pool), logger: { level: config.LOG_LEVEL } });
    app.addHook('onClose', async () => serving.close());
    closeOnSignals(app);
    await app.listen({ host: config.HOST, port: config.PORT });
    return;
  }
  const stale = await ensureIndex(config, log);
  const engine = await loadServingEngine(config, log, stale);
  console.log(describeMode(engine.health()));
  const app = await buildApp({ engine, config, logger: { level: config.LOG_LEVEL } });
  closeOnSignals(app);
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error: unknown) => {
  // Engine and ingest errors carry messages written for the operator (what is wrong, how to rebuild).
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
