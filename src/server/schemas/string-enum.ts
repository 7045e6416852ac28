import { Type, type TUnsafe } from '@sinclair/typebox';

/** A plain JSON-schema `enum` (TypeBox unions become anyOf, which gives clients worse error messages). */
export function stringEnum<const Values extends readonly string[]>(values: Values, options: { description?: string } = {}): TUnsafe<Values[number]> {
  return Type.Unsafe<Values[number]>({ type: 'string', enum: [...values], ...options });
}
