import type pg from 'pg';
import { feedbackRecordSchema, type FeedbackLog, type FeedbackLogStats, type FeedbackRecord } from '../question-log/feedback-store.ts';

/**
 * FEEDBACK_FILE's interface (feedback-store.ts) on the `feedback` table, for replicas that share a database:
 * a record is committed (durable in PostgreSQL) when append resolves, whichever replica took it.
 */
export function pgFeedbackLog(pool: pg.Pool): FeedbackLog {
  const pending = new Set<Promise<unknown>>();
  const stats: FeedbackLogStats = { records: 0, batches: 0 };
  return {
    async append(record) {
      const valid = feedbackRecordSchema.parse(record);
      const insert = pool.query('INSERT INTO feedback (id, received_at, rating, record) VALUES ($1, $2, $3, $4)', [
        valid.id,
        valid.receivedAt,
        valid.rating,
        JSON.stringify(valid),
      ]);
      pending.add(insert);
      try {
        await insert;
        stats.records += 1;
        stats.batches += 1;
      } finally {
        pending.delete(insert);
      }
    },
    async settled() {
      await Promise.allSettled([...pending]);
    },
    stats: () => ({ ...stats }),
  };
}

/** Every stored record, oldest first (the order they were committed), as readFeedback gives a file's. */
export async function readDatabaseFeedback(pool: pg.Pool): Promise<FeedbackRecord[]> {
  const result = await pool.query<{ record: string }>('SELECT record::text FROM feedback ORDER BY seq');
  return result.rows.map((row) => feedbackRecordSchema.parse(JSON.parse(row.record)));
}
