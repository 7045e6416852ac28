import { Type, type Static } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { IndexReloader } from '../../engine/index-reloader.ts';
import { addDocument, removeDocument, type DocumentMetadata } from '../../ingest/corpus-documents.ts';
import { indexedDocuments } from '../../ingest/indexed-documents.ts';
import { DocumentError } from '../../ingest/extract/document-error.ts';
import { indexFiles } from '../../index-store/index-files.ts';
import { readChunks } from '../../index-store/read-chunks.ts';
import { errorBody } from '../http-error.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { join } from 'node:path';

const uploadQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'The file name (its extension is a hint to the type)' }),
    slug: Type.Optional(Type.String({ maxLength: 80 })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    titleEn: Type.Optional(Type.String({ maxLength: 200 })),
    year: Type.Optional(Type.String({ pattern: '^\\d{4}$' })),
    published: Type.Optional(Type.String({ maxLength: 40 })),
    period: Type.Optional(Type.String({ maxLength: 80 })),
    kind: Type.Optional(Type.Union([Type.Literal('yearbook'), Type.Literal('news'), Type.Literal('web')])),
    lang: Type.Optional(Type.String({ maxLength: 10 })),
    contacts: Type.Optional(Type.Union([Type.Literal('organisational'), Type.Literal('none')])),
    replace: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  },
  { additionalProperties: false },
);
const slugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 80 }) });

/** The document types an upload may declare; anything else is refused before the body is read. */
const acceptedTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/html',
  'application/xhtml+xml',
  'text/markdown',
  'text/x-markdown',
  'text/plain',
  'application/octet-stream',
];

function sendDocumentError(reply: FastifyReply, error: DocumentError): FastifyReply {
  return reply.code(error.statusCode).send(errorBody(error.statusCode, error.code, error.message));
}

/**
 * `/api/admin/documents`: list, upload, inspect and remove the corpus's documents. Registered inside
 * routes/admin.ts, so the ADMIN_API_KEY guard covers every route here. Each change is written to the
 * corpus and the index rebuilt and swapped in before the answer (in-flight answers finish on the
 * old index); a refused upload writes nothing and the served index stays as it was.
 */
export default async function adminDocumentRoutes(app: FastifyInstance, { config, reloader }: { config: Config; reloader: IndexReloader }): Promise<void> {
  const maxBytes = config.MAX_DOCUMENT_MB * 1024 * 1024;
  // The upload is the raw file (any of the accepted types); this parser only exists inside this plugin.
  app.addContentTypeParser(acceptedTypes, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  const listing = () => {
    const { manifest, documents } = indexedDocuments(config.corpusDir, config.indexDir);
    return {
      index: manifest !== null ? { version: manifest.corpusHash.slice(0, 12), builtAt: manifest.builtAt, chunks: manifest.chunkCount } : null,
      documents: documents.map(({ slug, file, title, kind, year, published, indexed }) => ({
        slug,
        file,
        title,
        kind,
        year,
        published,
        chunks: indexed?.chunks ?? 0,
        warnings: indexed?.warnings ?? [],
        ...(indexed?.enrichment !== undefined ? { enrichment: indexed.enrichment } : {}),
      })),
    };
  };

  const admin = { tags: ['admin'], security: [{ bearer: [] }] };
  app.get(
    '/api/admin/documents',
    { schema: { ...admin, summary: 'The documents in the corpus, their chunk counts, extraction warnings and stale enrichment' } },
    async () => listing(),
  );

  app.get<{ Params: Static<typeof slugParams> }>(
    '/api/admin/documents/:slug',
    { schema: { ...admin, summary: 'One document and its chunks as indexed', params: slugParams, response: errorResponses } },
    async (request, reply) => {
      const document = listing().documents.find((entry) => entry.slug === request.params.slug);
      if (document === undefined)
        return sendDocumentError(reply, new DocumentError('DOC_NOT_FOUND', request.params.slug, 'no document with this slug is in the corpus'));
      const chunks = readChunks(join(config.indexDir, indexFiles.chunks))
        .filter((chunk) => chunk.docId === document.slug)
        .map((chunk) => ({ id: chunk.id, section: chunk.section, text: chunk.text }));
      return { document, chunks };
    },
  );

  app.post<{ Querystring: Static<typeof uploadQuery> }>(
    '/api/admin/documents',
    {
      bodyLimit: maxBytes,
      schema: {
        ...admin,
        summary:
          `Upload a document (PDF, .docx, HTML, Markdown, text; at most ${config.MAX_DOCUMENT_MB} MB) as the raw body; ` +
          'metadata in the query, the rest guessed',
        querystring: uploadQuery,
      },
      errorHandler: (error: FastifyError, request, reply) => {
        const name = (request.query as { name?: string } | undefined)?.name ?? 'the upload';
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return sendDocumentError(reply, new DocumentError('DOC_TOO_LARGE', name, `is over the ${config.MAX_DOCUMENT_MB} MB limit`));
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
          return sendDocumentError(
            reply,
            new DocumentError(
              'DOC_UNKNOWN_TYPE',
              name,
              `was sent as ${request.headers['content-type'] ?? 'no content-type'}; send the file as one of ${acceptedTypes.join(', ')}`,
            ),
          );
        }
        throw error;
      },
    },
    async (request, reply) => {
      const query = request.query;
      const body = request.body;
      if (!Buffer.isBuffer(body)) return sendDocumentError(reply, new DocumentError('DOC_EMPTY', query.name, 'is empty: send the file as the request body'));
      const metadata: DocumentMetadata = {
        ...(query.slug !== undefined ? { slug: query.slug } : {}),
        ...(query.title !== undefined ? { title: query.title } : {}),
        ...(query.titleEn !== undefined ? { titleEn: query.titleEn } : {}),
        ...(query.year !== undefined ? { year: Number(query.year) } : {}),
        ...(query.published !== undefined ? { published: query.published } : {}),
        ...(query.period !== undefined ? { period: query.period } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(query.lang !== undefined ? { lang: query.lang } : {}),
        ...(query.contacts !== undefined ? { contacts: query.contacts } : {}),
      };
      try {
        const mediaType = request.headers['content-type'];
        const { value: added, reload } = await reloader.exclusive(() =>
          addDocument({
            corpusDir: config.corpusDir,
            bytes: body,
            fileName: query.name,
            ...(mediaType !== undefined ? { mediaType } : {}),
            maxBytes,
            metadata,
            replace: query.replace === 'true',
          }),
        );
        return reply
          .code(added.replaced ? 200 : 201)
          .send({ document: added.entry, guessed: added.guessed, warnings: added.warnings, chunks: added.chunks, index: reload });
      } catch (error) {
        if (DocumentError.isInstance(error)) return sendDocumentError(reply, error);
        throw error;
      }
    },
  );

  app.delete<{ Params: Static<typeof slugParams> }>(
    '/api/admin/documents/:slug',
    { schema: { ...admin, summary: 'Remove a document, its chunks and its enrichment', params: slugParams } },
    async (request, reply) => {
      try {
        const { value: removed, reload } = await reloader.exclusive(() => removeDocument(config.corpusDir, request.params.slug));
        return { removed: { slug: removed.slug, file: removed.file }, index: reload };
      } catch (error) {
        if (DocumentError.isInstance(error)) return sendDocumentError(reply, error);
        throw error;
      }
    },
  );

  app.post('/api/admin/reload', { schema: { ...admin, summary: 'Rebuild the index from the corpus if it changed and serve it (as SIGHUP does)' } }, async () =>
    reloader.reload(),
  );
}
