import { Type, type TUnsafe } from '@sinclair/typebox';

/** A plain JSON-schema `enum` (TypeBox unions become anyOf, which gives clients worse error messages). */
export function stringEnum<const Values extends readonly string[]>(values: Values, options: { description?: string } = {}): TUnsafe<Values[number]> {
  return Type.Unsafe<Values[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * Compile-time guard: a response schema must list exactly the fields of the engine's type, because
 * Fastify's serializer silently drops any field the schema does not name.
 */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
export type Assert<T extends true> = T;
