import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (ajv for requests, fast-json-stringify for responses), each route's compiled at
 * its first use instead of all of them when the server starts. Fastify compiles every route's validators and
 * response serializers in `ready()`: ~40 routes' worth was ~40 ms of a ~0.5 s start (CPU profile of the compiled
 * server), for routes most processes never serve (the admin API, the OpenAI route, the insights pages).
 *
 * The compiled functions are the ones Fastify would have made, with the same options: only the moment of compiling
 * moves. A schema that does not compile would now fail at its route's first request rather than at start, so
 * tests/server/route-schemas.test.ts compiles every route's schemas with these same compilers.
 */
type Validator = ((data: unknown) => unknown) & { errors?: unknown };

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export const lazyValidatorFactory: ValidatorFactory = (externalSchemas, options) => {
  // Even ajv itself (its formats and keywords) is set up at the first validation.
  const compiler = once(() => AjvCompiler()(externalSchemas, options));
  return (route) => {
    // Fastify lowercases header schemas only for its default compiler; a custom one gets them as written.
    if (route.httpPart === 'headers') {
      throw new Error(`${route.method} ${route.url}: header schemas are not supported by the lazy compiler (Fastify would not lowercase them)`);
    }
    const compiled = once(() => compiler()(route) as Validator);
    const validate: Validator = (data) => {
      const check = compiled();
      const result = check(data);
      // Fastify reads the errors from the function it was given, after calling it.
      validate.errors = check.errors;
      return result;
    };
    // Typed as ajv's ValidateFunction, of which Fastify uses only the call and `errors`.
    return validate as unknown as ReturnType<ReturnType<ValidatorFactory>>;
  };
};

export const lazySerializerFactory: SerializerFactory = (externalSchemas, serializerOptions) => {
  const factory = once(() => SerializerSelector()(externalSchemas, serializerOptions));
  return (route) => {
    const compiled = once(() => factory()(route));
    return (data) => compiled()(data);
  };
};
