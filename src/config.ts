import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === undefined || value === '' ? fallback : Number(value)), z.number().int().min(min).max(max));
const list = z.preprocess(
  (value) =>
    typeof value === 'string' && value.trim() !== ''
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [],
  z.array(z.string()),
);

/** The names proxy-addr (Fastify's trustProxy) understands besides addresses and CIDR ranges. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyRange(item: string): boolean {
  if (proxyRangeNames.has(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * `TRUST_PROXY`: who may tell us the client's address (X-Forwarded-For) and protocol/host (X-Forwarded-Proto/-Host).
 * Rate limits and stream limits count clients by that address, so behind a reverse proxy without this
 * setting every user shares the proxy's one budget; with `true` on a port the public can reach, anyone
 * can pick their own address and escape the limits. Prefer the list form.
 *   unset / `false` — the socket's peer is the client (default; direct exposure)
 *   `true`          — trust every hop (only when nothing but the proxy can reach the port)
 *   `127.0.0.1,10.0.0.0/8,loopback` — trust these proxy addresses / CIDR ranges (also `linklocal`, `uniquelocal`)
 * (Fastify 5 treats a bare hop count as "trust nothing", so counts are refused rather than silently ignored.)
 */
const trustProxy = z.preprocess(
  (value) => {
    if (value === undefined) return false;
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text === '' || text === 'false') return false;
    if (text === 'true') return true;
    return text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  },
  z.union([
    z.boolean(),
    z.array(z.string()).superRefine((items, context) => {
      const bad = items.filter((item) => !isProxyRange(item));
      if (bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message:
            'must be false, true, or a comma-separated list of proxy addresses/CIDR ranges such as 127.0.0.1,10.0.0.0/8 ' +
            `(not understood: ${bad.join(', ')})`,
        });
      }
    }),
  ]),
);

const configSchema = z
  .object({
    PORT: integer(3000, 0, 65535),
    HOST: z.string().default('127.0.0.1'),
    CORPUS_DIR: z.string().default('corpus'),
    INDEX_DIR: z.string().default('index'),
    EMBEDDING_MODEL: z.string().default('Xenova/multilingual-e5-small'),
    /** `none` turns dense retrieval off on purpose (no download attempt). */
    MODEL_CACHE_DIR: z.string().default('.cache/models'),
    MODEL_LOCAL_DIR: optionalString,
    ALLOW_MODEL_DOWNLOAD: z.enum(['true', 'false']).default('true'),
    LLM_BASE_URL: optionalString.pipe(z.url({ message: 'LLM_BASE_URL must be a URL such as https://api.deepseek.com/v1' }).optional()),
    LLM_API_KEY: optionalString,
    LLM_MODEL: optionalString,
    LLM_TIMEOUT_MS: integer(20000, 100, 600000),
    /** Requests that may hold an LLM call at once in this process (JSON and streamed, every route); more get 503 SERVER_BUSY. */
    LLM_MAX_CONCURRENT: integer(8, 1, 10000),
    ALLOWED_ORIGINS: list,
    /** Per client address (see TRUST_PROXY) on the API routes; 0 turns rate limiting off. */
    RATE_LIMIT_PER_MINUTE: integer(120, 0, 1000000),
    TRUST_PROXY: trustProxy,
    API_KEYS: list,
    /** The one key for /api/admin/* (documents, question log, insights); unset = admin routes answer 404. */
    ADMIN_API_KEY: optionalString.pipe(z.string().min(16, { message: 'ADMIN_API_KEY must be at least 16 characters' }).optional()),
    /** Largest document `npm run docs -- add` and POST /api/admin/documents accept, in MB. */
    MAX_DOCUMENT_MB: integer(20, 1, 1000),
    /** Shared rate limits and stream counts across replicas (redis://host:6379); unset = counted in this process. */
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\/./, { message: 'REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379' })
        .optional(),
    ),
    /** PostgreSQL (with pgvector) as the store: index versions, feedback. Unset = index/ and FEEDBACK_FILE on this machine. */
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/./, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://sip:secret@db:5432/sip_qa' })
        .optional(),
    ),
    /** Tries to reach the database at start (doubling waits from 0.5 s up to 10 s) before giving up. */
    DATABASE_CONNECT_ATTEMPTS: integer(10, 1, 1000),
    /** How often a replica checks the active index version besides LISTEN/NOTIFY (which a dropped connection misses). */
    INDEX_POLL_SECONDS: integer(30, 1, 86400),
    FEEDBACK_FILE: z.string().default('data/feedback.jsonl'),
    /** Feedback records one client address (see TRUST_PROXY) may store per hour; each is written and fsync'd. 0 = no quota. */
    FEEDBACK_PER_HOUR: integer(60, 0, 1000000),
    /** `off` stops logging questions (nothing is written; insights then show only what was logged before). */
    QUESTION_LOG: z.enum(['on', 'off']).default('on'),
    /** JSON lines of answered and declined questions; unset = questions.jsonl beside FEEDBACK_FILE. */
    QUESTION_LOG_FILE: optionalString,
    /** Question-log entries older than this many days are deleted (at start, then hourly). */
    LOG_RETENTION_DAYS: integer(90, 1, 36500),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((value, context) => {
    const llm = [value.LLM_BASE_URL, value.LLM_MODEL].filter((item) => item !== undefined).length;
    if (value.ADMIN_API_KEY !== undefined && value.API_KEYS.includes(value.ADMIN_API_KEY)) {
      context.addIssue({ code: 'custom', message: 'ADMIN_API_KEY must differ from every key in API_KEYS', path: ['ADMIN_API_KEY'] });
    }
    if (llm === 1)
      context.addIssue({ code: 'custom', message: 'set both LLM_BASE_URL and LLM_MODEL (or neither, for extractive answers)', path: ['LLM_MODEL'] });
  });

export type Config = z.infer<typeof configSchema> & { corpusDir: string; indexDir: string; modelCacheDir: string };

/** Where the question log is stored: QUESTION_LOG_FILE, or questions.jsonl beside the feedback file. */
export function questionLogFile(config: Pick<Config, 'QUESTION_LOG_FILE' | 'FEEDBACK_FILE'>): string {
  return resolve(config.QUESTION_LOG_FILE ?? join(dirname(config.FEEDBACK_FILE), 'questions.jsonl'));
}

/** The one reader of the environment: validates every setting and says which one is wrong. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return {
    ...result.data,
    corpusDir: resolve(result.data.CORPUS_DIR),
    indexDir: resolve(result.data.INDEX_DIR),
    modelCacheDir: resolve(result.data.MODEL_CACHE_DIR),
  };
}
