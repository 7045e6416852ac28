import { createRequire } from 'node:module';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-engine.ts';

/**
 * The server skips ajv's check of route schemas against JSON Schema's meta-schema at start (compiling the meta-schema
 * was ~50 ms of the start). The schemas are constants in the code, so they are checked here instead, every one of
 * them, with the ajv that Fastify compiles them with.
 */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('@fastify/ajv-compiler'));
const { default: Ajv } = fastifyRequire('ajv') as { default: new (options: object) => { validateSchema(schema: unknown): boolean; errors?: unknown } };

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

describe('route schemas', () => {
  it('are all valid JSON Schema (draft-07, as Fastify compiles them)', async () => {
    const routes: RouteOptions[] = [];
    const app = await service.app({}, { onRoute: (route) => routes.push(route) });
    await app.ready();
    const schemas = routes.flatMap((route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (schema === undefined) return [];
      const parts = ['body', 'querystring', 'params', 'headers'].flatMap((part) =>
        schema[part] === undefined ? [] : [[`${route.method} ${route.url} ${part}`, schema[part]]],
      );
      const responses = Object.entries((schema['response'] ?? {}) as Record<string, unknown>).map(([code, part]) => [
        `${route.method} ${route.url} ${code}`,
        part,
      ]);
      return [...parts, ...responses] as Array<[string, unknown]>;
    });
    expect(schemas.length).toBeGreaterThan(30);
    const ajv = new Ajv({ strict: false });
    const invalid = schemas.filter(([, schema]) => !ajv.validateSchema(schema)).map(([where]) => where);
    expect(invalid).toEqual([]);
    // The check can fail: a schema with a wrong keyword type is caught.
    expect(ajv.validateSchema({ type: 'object', required: 'question' })).toBe(false);
  });
});
