import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { lazySerializerFactory, lazyValidatorFactory } from '../../src/server/lazy-schema-compilers.ts';

const lazy = { compilersFactory: { buildValidator: lazyValidatorFactory, buildSerializer: lazySerializerFactory } };
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** One route with a body schema and a response schema, built with Fastify's default compilers or the lazy ones. */
function appWith(
  schemaController: typeof lazy | undefined,
  bodySchema: object = { type: 'object', required: ['q'], properties: { q: { type: 'string', maxLength: 5 } }, additionalProperties: false },
) {
  const app = Fastify(schemaController === undefined ? {} : { schemaController });
  apps.push(app);
  app.post('/echo', { schema: { body: bodySchema, response: { 200: { type: 'object', properties: { q: { type: 'string' } } } } } }, async (request) => ({
    ...(request.body as object),
    dropped: 'not in the response schema',
  }));
  return app;
}

describe('lazy schema compilers', () => {
  it('validate and serialize exactly as Fastify’s own compilers do', async () => {
    const requests = [{ q: 'abc' }, { q: 'abcdefgh' }, {}, { q: 1 }, { q: 'a', extra: true }];
    for (const body of requests) {
      const [own, lazily] = await Promise.all([appWith(undefined), appWith(lazy)].map((app) => app.inject({ method: 'POST', url: '/echo', payload: body })));
      expect(lazily!.statusCode, JSON.stringify(body)).toBe(own!.statusCode);
      expect(lazily!.body).toBe(own!.body);
    }
    const ok = await appWith(lazy).inject({ method: 'POST', url: '/echo', payload: { q: 'abc' } });
    // The response schema was applied: the field it does not list is gone.
    expect(ok.json()).toEqual({ q: 'abc' });
  });

  it('compile at the first request, not when the server gets ready', async () => {
    const broken = { type: 'object', properties: { q: { $ref: '#/definitions/nowhere' } } };
    await expect(appWith(undefined, broken).ready()).rejects.toThrow();
    const app = appWith(lazy, broken);
    await app.ready();
    const first = await app.inject({ method: 'POST', url: '/echo', payload: { q: 'x' } });
    expect(first.statusCode).toBe(500);
  });

  it('refuse header schemas, which Fastify lowercases only for its own compiler', async () => {
    const app = Fastify({ schemaController: lazy });
    apps.push(app);
    app.get('/h', { schema: { headers: { type: 'object', properties: { 'X-Key': { type: 'string' } } } } }, async () => 'ok');
    await expect(app.ready()).rejects.toThrow(/header schemas are not supported/);
  });
});
