/**
 * What the language checks (compat/languages.ts, compat/cfn-lint.ts) share: the folder inside
 * the clone that holds everything they download (.languages/, gitignored), so that each CI run
 * starts from nothing as a user's first build does, and the Python venv in it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');
/** The Python venv, the Maven repository, the Go module and build caches. */
export const WORK = path.join(ROOT, '.languages');
export const VERSIONS: { tests: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(__dirname, 'versions.json'), 'utf8'));
/** The aws-cdk-lib every language's example runs on: the one the library is compiled against (npm's copy in node_modules). */
export const CDK_VERSION = VERSIONS.tests['aws-cdk-lib-compile'];

/** Runs a command with its output passed through; throws with the command line if it fails. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: 'inherit' });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` (in ${path.relative(ROOT, options.cwd ?? ROOT) || '.'}) exited with ${result.status ?? result.signal}`);
}

/** Runs `step`, then prints how long it took. */
export function timed<T>(label: string, step: () => T): T {
  const started = Date.now();
  const result = step();
  console.log(`   ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The venv's own python, created (with `packages` installed from PyPI) on first use. */
export function pythonVenv(packages: string[]): string {
  const venv = path.join(WORK, 'venv');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) run('python3', ['-m', 'venv', venv]);
  if (packages.length) run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...packages]);
  return python;
}
