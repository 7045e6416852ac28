import { buildDist } from '../src/server/build-dist.ts';

/**
 * Vitest's global setup: `npm run build` once before any test file runs. The tests that start the compiled
 * server (dist/, what `npm start` runs) then share one build, instead of each building it while another's
 * server runs from it.
 */
export default async function setup(): Promise<void> {
  await buildDist();
}
