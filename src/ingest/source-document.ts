import { z } from 'zod';

export const sourceDocumentSchema = z
  .object({
    file: z.string().min(1),
    slug: z.string().regex(/^[a-z0-9-]+$/, 'slug must be lower-case letters, digits and hyphens'),
    title: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    kind: z.enum(['yearbook', 'news', 'web']),
    period: z.string().min(1),
    year: z.number().int().min(1990).max(2100),
    published: z.string().min(4),
    script: z.enum(['simplified', 'traditional']),
    chapter: z.string().optional(),
    cleaning: z
      .object({ sections: z.array(z.string()).default([]), runningHeaders: z.array(z.string()).default([]) })
      .strict()
      .default({ sections: [], runningHeaders: [] }),
  })
  .strict();

export const sourcesFileSchema = z.object({ $comment: z.string().optional(), documents: z.array(sourceDocumentSchema).min(1) }).strict();

/** One raw document's metadata from `corpus/sources.json`. */
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;
