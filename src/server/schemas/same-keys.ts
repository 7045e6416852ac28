/**
 * Compile-time guard: a response schema must list exactly the fields of the engine's type, because
 * Fastify's serializer silently drops any field the schema does not name.
 */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
export type Assert<T extends true> = T;
