import type { FastifyInstance } from 'fastify';

/**
 * Placeholder until the pages engineer's version lands: the chat page `/`, `/demo` and `/widget.js`.
 * app.ts registers this default export at the root, after the API routes.
 */
export default async function pageRoutes(_app: FastifyInstance): Promise<void> {}
