import { resolve } from 'node:path';
import { z } from 'zod';

const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === undefined || value === '' ? fallback : Number(value)), z.number().int().min(min).max(max));
const list = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.split(',').map((item) => item.trim()).filter(Boolean) : []),
  z.array(z.string()),
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
    ALLOWED_ORIGINS: list,
    RATE_LIMIT_PER_MINUTE: integer(120, 0, 1000000),
    API_KEYS: list,
    FEEDBACK_FILE: z.string().default('data/feedback.jsonl'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((value, context) => {
    const llm = [value.LLM_BASE_URL, value.LLM_MODEL].filter((item) => item !== undefined).length;
    if (llm === 1) context.addIssue({ code: 'custom', message: 'set both LLM_BASE_URL and LLM_MODEL (or neither, for extractive answers)', path: ['LLM_MODEL'] });
  });

export type Config = z.infer<typeof configSchema> & { corpusDir: string; indexDir: string; modelCacheDir: string };

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
