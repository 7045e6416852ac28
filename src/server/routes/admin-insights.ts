import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { formatInsightsText, insightsCsv, questionsCsv } from '../../question-log/insights-report.ts';
import { loadInsightsContext, type InsightsContext } from '../../question-log/load-insights-context.ts';
import { computeInsights, type Insights } from '../../question-log/question-insights.ts';
import type { QuestionLogEntry } from '../../question-log/question-log-entry.ts';
import { readFeedback } from '../../question-log/feedback-store.ts';
import { renderInsightsPage } from '../insights-page.ts';
import { errorResponses } from '../schemas/error-response.ts';

interface RangeQuery {
  days?: string;
  limit?: string;
}

/** A report's media type, its name in the API docs, and any headers beside content-type. */
interface ReportFile {
  label: string;
  type: string;
  headers?: Record<string, string>;
}

const dayMs = 24 * 60 * 60 * 1000;
const daysOf = (query: RangeQuery) => (query.days === undefined ? undefined : Number(query.days));
const rangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    days: { type: 'string', pattern: '^[1-9][0-9]{0,4}$', description: 'Only the last N days (1–99999); default: everything stored' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: 'Groups and passages listed (1–999, default 20)' },
  },
} as const;
const admin = { tags: ['admin'], security: [{ bearer: [] }] };
const text = (description: string, type: string) => ({ 200: { description, content: { [type]: { schema: { type: 'string' } } } }, ...errorResponses });

/**
 * The question log and its insights, for the investment-promotion team: JSON, CSV, a page. Registered
 * inside routes/admin.ts, so ADMIN_API_KEY guards every one. Each request reads the log and the
 * feedback file afresh (admin traffic is rare; nothing is cached but the index's words and passages).
 */
export default async function adminInsightsRoutes(app: FastifyInstance): Promise<void> {
  let context: Promise<InsightsContext> | undefined;
  // The index's lexical side (jieba, the bridge, the passage list), read on the first insights request.
  const insightsContext = () => {
    context ??= loadInsightsContext(app.config).catch((error: unknown) => {
      context = undefined;
      throw error;
    });
    return context;
  };
  const feedbackFile = resolve(app.config.FEEDBACK_FILE);

  async function entries(days: number | undefined): Promise<QuestionLogEntry[]> {
    return app.questionLogStore.read(days === undefined ? {} : { since: new Date(app.questionLogClock().getTime() - days * dayMs) });
  }

  async function insights(query: RangeQuery): Promise<Insights> {
    const days = daysOf(query);
    const [logged, feedback, { terms, passages }] = await Promise.all([entries(days), readFeedback(feedbackFile), insightsContext()]);
    return computeInsights({
      entries: logged,
      feedback,
      passages,
      terms,
      now: app.questionLogClock(),
      limit: query.limit === undefined ? 20 : Number(query.limit),
      ...(days !== undefined ? { days } : {}),
    });
  }

  /** A report as a file: its route, schema and headers in one place, whatever renders it. */
  function reportRoute(path: string, summary: string, file: ReportFile, render: (query: RangeQuery) => Promise<string>): void {
    app.get<{ Querystring: RangeQuery }>(
      path,
      { schema: { ...admin, summary, querystring: rangeQuery, response: text(file.label, file.type) } },
      async (request, reply) =>
        reply
          .header('content-type', `${file.type}; charset=utf-8`)
          .headers(file.headers ?? {})
          .send(await render(request.query)),
    );
  }
  const csvFile = (name: string): ReportFile => ({ label: 'CSV', type: 'text/csv', headers: { 'content-disposition': `attachment; filename="${name}"` } });

  app.get<{ Querystring: RangeQuery }>(
    '/api/admin/insights',
    {
      schema: {
        ...admin,
        summary: 'Questions per day and language, top and declined questions grouped by meaning, passages cited most and never, thumbs-down',
        querystring: rangeQuery,
      },
    },
    async (request) => insights(request.query),
  );

  reportRoute('/api/admin/insights.csv', 'The insights as one CSV table (UTF-8 with BOM)', csvFile('insights.csv'), async (query) =>
    insightsCsv(await insights(query)),
  );
  reportRoute(
    '/api/admin/insights.txt',
    'The insights as the text report npm run insights prints',
    { label: 'Plain text', type: 'text/plain' },
    async (query) => formatInsightsText(await insights(query)),
  );
  reportRoute(
    '/api/admin/insights.html',
    'The insights page (charts and tables); a browser is asked for the admin key as a Basic password',
    { label: 'HTML', type: 'text/html', headers: { 'cache-control': 'no-store' } },
    async (query) => renderInsightsPage(await insights(query)),
  );
  reportRoute(
    '/api/admin/questions.csv',
    'The question log, one row per question, with the feedback on its answer (UTF-8 with BOM)',
    csvFile('questions.csv'),
    async (query) => {
      const [logged, feedback] = await Promise.all([entries(daysOf(query)), readFeedback(feedbackFile)]);
      return questionsCsv(logged, feedback);
    },
  );

  app.get<{ Querystring: RangeQuery & { answered?: 'true' | 'false' } }>(
    '/api/admin/questions',
    {
      schema: {
        ...admin,
        summary: 'The logged questions, newest first (at most `limit`, default 100)',
        querystring: { ...rangeQuery, properties: { ...rangeQuery.properties, answered: { type: 'string', enum: ['true', 'false'] } } },
      },
    },
    async (request) => {
      const logged = await entries(daysOf(request.query));
      const wanted = request.query.answered === undefined ? logged : logged.filter((entry) => String(entry.answered) === request.query.answered);
      const limit = request.query.limit === undefined ? 100 : Number(request.query.limit);
      return { total: wanted.length, questions: wanted.slice(-limit).reverse() };
    },
  );
}
