import { loadConfig } from '../config.ts';
import { createPool, describeDatabase, withRetries } from './database-pool.ts';
import { runMigrations } from './migrate.ts';

/** `npm run db:migrate`: brings DATABASE_URL's schema up to date (safe to run again, and from several places at once). */
async function main(): Promise<void> {
  const { DATABASE_URL, DATABASE_CONNECT_ATTEMPTS } = loadConfig();
  if (DATABASE_URL === undefined)
    throw new Error('DATABASE_URL is not set: it names the PostgreSQL database to migrate (postgres://user:password@host:5432/name)');
  const pool = createPool(DATABASE_URL);
  try {
    await withRetries(
      'cannot migrate',
      DATABASE_URL,
      () => pool.query('SELECT 1'),
      (line) => console.error(line),
      { attempts: DATABASE_CONNECT_ATTEMPTS },
    );
    const applied = await runMigrations(pool);
    console.log(
      applied.length === 0
        ? `the database at ${describeDatabase(DATABASE_URL)} is up to date`
        : `applied ${applied.join(', ')} to ${describeDatabase(DATABASE_URL)}`,
    );
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
