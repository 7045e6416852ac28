import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * `npm install` / `npm ci` on the Node package.json names (the README: 20.19+) prints no EBADENGINE and
 * no "Unknown project config", and onnxruntime-node's install script (which only downloads CUDA
 * libraries from GitHub: unreachable here, and the server runs on the CPU) does not run. .ci/run also
 * fails when its real `npm ci` prints either warning.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
interface PackageJson {
  engines: { node: string; npm?: string };
  allowScripts?: Record<string, boolean>;
}
interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as { packages: Record<string, LockEntry> };

/** npm in the project folder, as a developer runs it. */
const npm = (...args: string[]) => spawnSync('npm', args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('install hygiene', () => {
  it('every installed package accepts the oldest Node package.json allows (npm would print EBADENGINE otherwise)', () => {
    const oldest = semver.minVersion(packageJson.engines.node);
    expect(oldest?.version).toBe('20.19.0');
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range !== undefined && oldest !== null && !semver.satisfies(oldest, range)
          ? [`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} needs Node ${range}`]
          : [];
      });
    expect(refusing).toEqual([]);
  });

  it('npm accepts every setting in the project .npmrc (no "Unknown project config" on each command)', () => {
    const result = npm('config', 'list');
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/Unknown project config/);
    // The setting the .npmrc is for is in force.
    expect(result.stdout).toMatch(/^legacy-peer-deps = true$/m);
  });

  it("onnxruntime-node's install script (a CUDA download) is denied, and every other install script is reviewed", () => {
    expect(packageJson.allowScripts?.['onnxruntime-node']).toBe(false);
    // allowScripts is read by npm 11.16 and later; older npm runs every install script.
    expect(semver.satisfies(execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(), packageJson.engines.npm ?? '>=0')).toBe(true);
    expect(packageJson.engines.npm).toBe('>=11.16');
    const pending = npm('install-scripts', 'ls', '--json');
    expect(pending.status).toBe(0);
    expect(JSON.parse(pending.stdout)).toEqual({ allowScripts: [] });
  });

  it('running the install scripts again (npm rebuild) skips onnxruntime-node: no download is tried', () => {
    const result = npm('rebuild', 'onnxruntime-node', '--foreground-scripts', '--loglevel', 'info');
    expect(result.status).toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/rebuilt dependencies successfully/);
    expect(output).not.toMatch(/onnxruntime-node@[\d.]+ postinstall|Downloading/);
  });
});
