import { z } from 'zod';

/**
 * What a source may show of the contact data it contains (`contacts`): `organisational` (an official
 * source) keeps its hotlines, office lines and e-mails, which is what an investor asks for; `none` (a web
 * re-post) shows no contact data at all. A person's mobile number or messaging id is removed under every
 * policy (src/generation/redact-contacts.ts).
 */
export const contactPolicies = ['organisational', 'none'] as const;
export type ContactPolicy = (typeof contactPolicies)[number];

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
    // Every document says what its contact data may show: an official source's hotline is what investors ask for.
    contacts: z.enum(contactPolicies, {
      error: 'contacts must be "organisational" (an official source: its hotlines and office e-mails may be shown) or "none" (show no contact data)',
    }),
    cleaning: z
      .object({ sections: z.array(z.string()).default([]), runningHeaders: z.array(z.string()).default([]) })
      .strict()
      .default({ sections: [], runningHeaders: [] }),
  })
  .strict();

export const sourcesFileSchema = z.object({ $comment: z.string().optional(), documents: z.array(sourceDocumentSchema).min(1) }).strict();

/** One raw document's metadata from `corpus/sources.json`. */
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;
