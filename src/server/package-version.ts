import { readFileSync } from 'node:fs';

/** The service version reported by /api/health and the OpenAPI document (package.json is the one source). */
export const packageVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
