/**
 * Where the engine reports what went wrong without failing the answer (an LLM that failed, stopped or
 * repeated its prompt, so the extractive answer took its place). Fastify's and pino's loggers fit as they are.
 */
export interface EngineLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** For the command-line tools: one line on stderr. */
export const stderrLogger: EngineLogger = {
  warn(details, message) {
    process.stderr.write(`warning: ${message} ${JSON.stringify(details)}\n`);
  },
};
