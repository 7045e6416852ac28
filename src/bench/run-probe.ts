import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProbeRequest, ProbeResult } from './probe-server-start.ts';

const probeFile = fileURLToPath(new URL('./probe-server-start.ts', import.meta.url));

/** Runs probeServerStart in a fresh node process (TypeScript through tsx, with --expose-gc) and returns its result. */
export async function runProbe(request: ProbeRequest, workDir: string): Promise<ProbeResult> {
  const requestFile = join(workDir, `probe-${request.layout}-${request.run}.json`);
  writeFileSync(requestFile, JSON.stringify(request));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--expose-gc', '--import', tsx, probeFile, requestFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`server-start probe (${request.layout} ${request.run}) exited with ${code}: ${stderr.trim().slice(-800)}`);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ProbeResult;
}
