import { createRequire } from 'node:module';
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-engine.ts';
import { ajvOptions } from '../../src/server/app.ts';

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

async function registeredRoutes(): Promise<RouteOptions[]> {
  const routes: RouteOptions[] = [];
  const app = await service.app({}, { onRoute: (route) => routes.push(route) });
  await app.ready();
  return routes;
}

describe('route schemas', () => {
  it('are all valid JSON Schema (draft-07, as Fastify compiles them)', async () => {
    const routes = await registeredRoutes();
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

  /**
   * The server compiles each route's schemas at the route's first request (lazy-schema-compilers.ts), so a schema
   * that does not compile would only show there. Compiled here, all of them, as Fastify used to at start.
   */
  it('all compile with the compilers Fastify uses, as they will at their first request', async () => {
    const routes = await registeredRoutes();
    const validator = AjvCompiler()({}, ajvOptions);
    const serializer = SerializerSelector()({}, {});
    const failures: string[] = [];
    let compiled = 0;
    for (const route of routes) {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (schema === undefined) continue;
      const method = String(route.method);
      for (const httpPart of ['body', 'querystring', 'params'] as const) {
        if (schema[httpPart] === undefined) continue;
        try {
          validator({ schema: schema[httpPart] as object, method, url: route.url, httpPart });
          compiled += 1;
        } catch (error) {
          failures.push(`${method} ${route.url} ${httpPart}: ${(error as Error).message}`);
        }
      }
      for (const [httpStatus, response] of Object.entries((schema['response'] ?? {}) as Record<string, object>)) {
        try {
          serializer({ schema: response, method, url: route.url, httpStatus });
          compiled += 1;
        } catch (error) {
          failures.push(`${method} ${route.url} ${httpStatus}: ${(error as Error).message}`);
        }
      }
      // The lazy compiler refuses header schemas (Fastify would not lowercase them for it).
      expect(schema['headers'], `${method} ${route.url}`).toBeUndefined();
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(30);
    // The check can fail: a schema ajv cannot compile throws.
    expect(() => validator({ schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } }, method: 'GET', url: '/x', httpPart: 'body' })).toThrow();
  });
});
