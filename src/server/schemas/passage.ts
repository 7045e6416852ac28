import { Type, type Static } from '@sinclair/typebox';
import type { PassageView } from '../../question/answer-parts.ts';
import type { Chunk } from '../../index-store/chunk.ts';
import type { Assert, SameKeys } from './same-keys.ts';
import { englishEditionSchema } from './answer.ts';
import { stringEnum } from './string-enum.ts';

export const passageParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, description: 'Passage id such as `yearbook-2020-emerging#1`, URL-encoded (`%23` for `#`)' }),
});

export const chunkSchema = Type.Object({
  id: Type.String(),
  docId: Type.String(),
  title: Type.String(),
  section: Type.Array(Type.String()),
  year: Type.Integer(),
  lang: stringEnum(['zh'] as const),
  text: Type.String(),
  textOriginal: Type.Optional(Type.String({ description: 'The passage in its original script, when that was not simplified Chinese' })),
  start: Type.Integer(),
  end: Type.Integer(),
  kind: stringEnum(['entry', 'paragraph'] as const),
});

export const passageResponseSchema = Type.Object({
  chunk: chunkSchema,
  document: Type.Object({ slug: Type.String(), file: Type.String(), title: Type.Object({ zh: Type.String(), en: Type.String() }) }),
  english: Type.Optional(englishEditionSchema),
});

export type ChunkSchemaMatchesIndex = Assert<SameKeys<Chunk, Static<typeof chunkSchema>>>;
export type PassageSchemaMatchesEngine = Assert<SameKeys<PassageView, Static<typeof passageResponseSchema>>>;
