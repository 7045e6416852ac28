import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import type { IndexReloader } from '../engine/index-reloader.ts';
import type { AnswerEngine } from '../question/answer-parts.ts';
import { openQuestionLogStore } from '../question-log/open-question-log-store.ts';
import type { QuestionLogStore } from '../question-log/question-log-store.ts';
import { createQuestionLogger, type QuestionLogger } from '../question-log/question-logger.ts';
import { createApiKeyCheck } from './api-key.ts';
import errorHandler from './error-handler.ts';
import { errorBody, HttpError, httpErrorStatus, type HttpErrorCode } from './http-error.ts';
import { packageVersion } from './package-version.ts';
import { toPublicError } from './public-error.ts';
import requestId, { generateRequestId } from './request-id.ts';
import { requestLimits } from './request-limits.ts';
import adminRoutes from './routes/admin.ts';
import answerRoutes from './routes/answer.ts';
import chatCompletionRoutes from './routes/chat-completions.ts';
import feedbackRoutes from './routes/feedback.ts';
import healthRoutes from './routes/health.ts';
import pageRoutes from './routes/pages.ts';
import passageRoutes from './routes/passages.ts';
import securityHeaders, { baseSecurityHeaders } from './security-headers.ts';
import { createLlmLimiter, type LlmLimiter } from './llm-limiter.ts';
import { createStreamLimiter, type StreamLimiter } from './stream-limiter.ts';
import { failOpenRedisStore } from './redis-rate-limit-store.ts';
import { redisStreamCounts } from './redis-stream-counts.ts';
import type { Redis } from 'ioredis';
import { feedbackLog as fileFeedbackLog, type FeedbackLog } from '../question-log/feedback-store.ts';
import { lazySerializerFactory, lazyValidatorFactory } from './lazy-schema-compilers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    engine: AnswerEngine;
    config: Config;
    streamLimiter: StreamLimiter;
    llmLimiter: LlmLimiter;
    /** Where POST /api/feedback stores records: FEEDBACK_FILE, or the database with DATABASE_URL. */
    feedbackLog: FeedbackLog;
    /** The shared counter store when REDIS_URL is set. */
    redis: Redis | null;
    /** Write-behind log of answered and declined questions (a no-op with QUESTION_LOG=off). */
    questionLogger: QuestionLogger;
    questionLogStore: QuestionLogStore;
    /** The clock question-log entries and retention use (injected in tests). */
    questionLogClock: () => Date;
  }
  interface FastifyContextConfig {
    /** Needs an API key when API_KEYS is set (unless the page's origin is in ALLOWED_ORIGINS). */
    requiresApiKey?: boolean;
  }
}

export interface AppOptions {
  engine: AnswerEngine;
  config: Config;
  /** Open SSE answers per client IP; each one holds retrieval and maybe an LLM call. */
  maxStreamsPerClient?: number;
  /** Rebuilds the index and swaps the engine (hot reload); without it the admin documents routes do not exist. */
  reloader?: IndexReloader;
  /** Feedback storage; defaults to the group-committed FEEDBACK_FILE. */
  feedbackLog?: FeedbackLog;
  /** Where the question log goes; default: the JSON-lines file (QUESTION_LOG_FILE, beside FEEDBACK_FILE). */
  questionLogStore?: QuestionLogStore;
  /** The question log's clock (entry times, retention); default: the real one. */
  now?: () => Date;
  /** How long after the server is ready the question log's retention first runs (default a minute; tests: 0). */
  retentionDelayMs?: number;
  /** Told of every route as it is added: the schema test checks each route's schemas against JSON Schema's meta-schema. */
  onRoute?: (route: RouteOptions) => void;
}

export interface ConnectionOptions {
  /**
   * Longest time a client may take to send one whole request (headers and body); a client that
   * trickles bytes to hold a connection open gets 408. Responses (SSE streams) are not limited by it.
   */
  requestTimeoutMs?: number;
}

/** The API: rate-limited and key-checked in its own scope, so pages, docs and CORS preflights are not. */
async function apiScope(api: FastifyInstance, { config, reloader }: { config: Config; reloader: IndexReloader | undefined }): Promise<void> {
  // Registered even with the per-minute limit off: the feedback quota (createRateLimit) comes from it too.
  // With Redis every replica counts into the same keys; Redis down lets requests through (logged), not 500.
  const shared = api.redis !== null ? { store: failOpenRedisStore(api.redis, api.log), skipOnError: true } : {};
  await api.register(rateLimit, {
    ...shared,
    global: config.RATE_LIMIT_PER_MINUTE > 0,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new HttpError('RATE_LIMITED', `too many requests: at most ${context.max} per minute; retry in ${context.after}`),
  });
  const checkApiKey = createApiKeyCheck({ apiKeys: config.API_KEYS, allowedOrigins: config.ALLOWED_ORIGINS });
  if (config.API_KEYS.length > 0 && config.ALLOWED_ORIGINS.length === 0) {
    api.log.warn(
      'API_KEYS is set and ALLOWED_ORIGINS is empty: browsers (the chat page at /, the widget) will get 401 UNAUTHORIZED; ' +
        'list the server’s public origin (e.g. https://qa.example.com) in ALLOWED_ORIGINS',
    );
  }
  // preParsing: after CORS and rate limiting (so failed keys count), before the body is read.
  api.addHook('preParsing', async (request) => {
    if (request.routeOptions.config.requiresApiKey === true) checkApiKey(request);
  });
  await api.register(answerRoutes);
  await api.register(chatCompletionRoutes);
  await api.register(passageRoutes);
  await api.register(healthRoutes);
  await api.register(feedbackRoutes);
  await api.register(adminRoutes, { adminApiKey: config.ADMIN_API_KEY, config, reloader });
}

/** The whole service as one plugin (fastify/demo style): everything it needs is registered here, explicitly. */
/** How often a failing question-log store is reported in the server log (each failure is counted in /api/health). */
const QUESTION_LOG_WARN_MS = 60_000;

/** When the question log's retention first runs after the server is ready (then hourly). */
const RETENTION_AFTER_START_MS = 60_000;

function questionLogging(app: FastifyInstance, config: Config, store: QuestionLogStore, now: () => Date, retentionDelayMs: number): QuestionLogger {
  let lastWarned = -Infinity;
  const logger = createQuestionLogger({
    store,
    // Off records nothing new; what was logged before still ages out.
    enabled: config.QUESTION_LOG === 'on',
    retentionDays: config.LOG_RETENTION_DAYS,
    now,
    onError: (error, what) => {
      if (performance.now() - lastWarned < QUESTION_LOG_WARN_MS) return;
      lastWarned = performance.now();
      app.log.warn(
        { err: error, store: store.description },
        what === 'write' ? 'question log: entries dropped (answers are unaffected; count in /api/health)' : 'question log: retention failed',
      );
    },
  });
  // In the background, and a while after the start: reading a large log must not compete with the first
  // requests (retention counts in days; a minute later changes nothing).
  let retentionTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    retentionTimer = setTimeout(() => {
      logger.enforceRetention().catch((error: unknown) => app.log.warn({ err: error, store: store.description }, 'question log: retention failed'));
    }, retentionDelayMs).unref();
  });
  app.addHook('onClose', async () => {
    clearTimeout(retentionTimer);
    await logger.close();
  });
  return logger;
}

async function serviceApp(
  app: FastifyInstance,
  {
    engine,
    config,
    maxStreamsPerClient = 4,
    reloader,
    feedbackLog,
    questionLogStore,
    now = () => new Date(),
    retentionDelayMs = RETENTION_AFTER_START_MS,
  }: AppOptions,
): Promise<void> {
  // The engine's own output carries no contact data (redact-answer-stream.ts): nothing to add here.
  app.decorate('engine', engine);
  app.decorate('config', config);
  app.decorate('feedbackLog', feedbackLog ?? fileFeedbackLog(config.FEEDBACK_FILE));
  // ioredis (~20 MB resident) is loaded only by replicas that share state through Redis.
  const redis = config.REDIS_URL !== undefined ? await (await import('./redis-connection.ts')).connectRedis(config.REDIS_URL, app.log) : null;
  app.decorate('redis', redis);
  const streamCounts = redis !== null ? redisStreamCounts(redis) : undefined;
  app.decorate('streamLimiter', createStreamLimiter(maxStreamsPerClient, streamCounts, app.log));
  if (redis !== null) {
    app.addHook('onClose', async () => {
      streamCounts?.stop();
      redis.disconnect();
    });
  }
  // Per process, not per client: each LLM call holds a connection upstream (and costs) for seconds.
  app.decorate('llmLimiter', createLlmLimiter(engine.health().mode.generator === 'llm' ? config.LLM_MAX_CONCURRENT : Infinity));
  const store = questionLogStore ?? openQuestionLogStore(config);
  app.decorate('questionLogStore', store);
  app.decorate('questionLogClock', now);
  app.decorate('questionLogger', questionLogging(app, config, store, now, retentionDelayMs));
  // Node closes idle keep-alive connections once, when closing starts; a stream that ends later would keep
  // its connection (and the shutdown) open until the client's keep-alive timeout, so keep closing those.
  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    idleSweep = setInterval(() => app.server.closeIdleConnections(), 100).unref();
  });
  app.addHook('onClose', async () => clearInterval(idleSweep));
  // JSON only: Fastify would otherwise parse text/plain into a string and fail later with a vaguer 400.
  app.removeContentTypeParser('text/plain');

  await app.register(requestId);
  await app.register(securityHeaders);
  await app.register(errorHandler);
  const allowedOrigins = new Set(config.ALLOWED_ORIGINS);
  await app.register(cors, {
    // Refused origins get no CORS headers (the browser blocks them); same-origin pages need none.
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'accept', 'authorization', 'x-api-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
    // A plain OPTIONS from an allowed origin (no access-control-request-method) gets the same 204 as a
    // preflight, instead of the plugin's text/plain 400 that breaks the one error shape.
    strictPreflight: false,
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'SIP documents Q&A',
        description: 'Bilingual (Chinese/English) answers about the China–Singapore Suzhou Industrial Park, with verified citations.',
        version: packageVersion,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(apiScope, { config, reloader });
  await app.register(pageRoutes);
}

/** Parser-level failures answered in the same `{statusCode, code, error, message}` shape as every other error. */
const clientErrors: Record<string, { code: HttpErrorCode | 'RAG_BAD_REQUEST'; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'the request was not received in time' },
};

function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrors[error.code ?? ''] ?? { code: 'RAG_BAD_REQUEST', message: 'the request is not valid HTTP' };
  const statusCode = known.code === 'RAG_BAD_REQUEST' ? 400 : httpErrorStatus[known.code];
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(statusCode, known.code, known.message));
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Strict validation: unknown fields and wrong types are errors, not silently dropped or coerced.
 * Not checked against JSON Schema's meta-schema at every start (compiling that meta-schema was ~50 ms of the ~0.6 s
 * start): the schemas are constants in the code, checked once by tests/server/route-schemas.test.ts.
 */
export const ajvOptions = {
  customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, validateSchema: false },
};

export const app = fp(serviceApp, { name: 'sip-qa', fastify: '5.x' });

/** A configured Fastify instance (not yet listening): the server entry, tests and tools all build it here. */
export async function buildApp({
  logger = false,
  requestTimeoutMs = 30_000,
  ...options
}: AppOptions & ConnectionOptions & { logger?: FastifyServerOptions['logger'] }): Promise<FastifyInstance> {
  const instance = Fastify({
    logger,
    // Behind a reverse proxy the client is in X-Forwarded-For: rate and stream limits key on request.ip.
    trustProxy: options.config.TRUST_PROXY,
    requestTimeout: requestTimeoutMs,
    // While closing, a request that already reached us on an open connection is answered (with
    // `connection: close`) rather than refused with Fastify's own 503 body: shutdown loses nothing it accepted.
    return503OnClosing: false,
    // Node 20 only enforces a request deadline given when the server is created (Fastify sets it later),
    // and checks deadlines on an interval (30 s by default), so keep that well under the deadline.
    http: { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 2))) },
    bodyLimit: requestLimits.bodyBytes,
    genReqId: generateRequestId,
    requestIdHeader: false,
    routerOptions: { maxParamLength: 500 },
    ajv: ajvOptions,
    // Each route's validators and serializers are compiled at its first request, not all at start (lazy-schema-compilers.ts).
    schemaController: { compilersFactory: { buildValidator: lazyValidatorFactory, buildSerializer: lazySerializerFactory } },
    // Malformed URLs fail before any hook runs; answer them in the same shape as everything else.
    frameworkErrors: (error, request, reply) => {
      const { body } = toPublicError(error);
      void (reply as FastifyReply).code(body.statusCode).headers(baseSecurityHeaders(request.url)).header('x-request-id', request.id).send(body);
    },
    // Requests Node's HTTP parser refuses (bad framing, oversized headers, too slow) never reach Fastify.
    clientErrorHandler: answerClientError,
  });
  if (options.onRoute !== undefined) instance.addHook('onRoute', options.onRoute);
  await instance.register(app, options);
  return instance;
}
