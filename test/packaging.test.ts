import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Runs in `npx projen build`, after the jsii compile and the bundle: it looks at what
// `npm pack` would publish.
const root = path.join(__dirname, '..');

/** The files `npm pack` would put in the tarball. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path).sort();
}

describe('the npm tarball', () => {
  beforeAll(() => {
    for (const built of ['lib/index.js', '.jsii', 'assets/handler/index.js']) {
      if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npx projen build\` (it compiles and bundles before testing)`);
    }
  });

  test('holds exactly the compiled library, the bundled assets, the jsii assembly and the docs', () => {
    const files = packedFiles();
    const expected = [
      /^lib\/[a-z-]+\.(js|d\.ts)$/,
      /^assets\/handler\/index\.js$/,
      /^assets\/cli\/index\.js$/,
      /^\.jsii$/,
      /^README\.md$/,
      /^API\.md$/,
      /^LICENSE$/,
      /^package\.json$/,
    ];
    expect(files.filter(file => !expected.some(pattern => pattern.test(file)))).toEqual([]);
    for (const required of ['lib/index.js', 'lib/index.d.ts', 'lib/imported-image.js', 'assets/handler/index.js', 'assets/cli/index.js', '.jsii', 'README.md', 'API.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(required);
    }
  });

  test('ships no tests and no sources of the handler', () => {
    const files = packedFiles();
    expect(files.filter(file => /^(lambda|test|examples|bench|src|rosetta)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  test('the check command is the package\'s bin', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk-appstream-imported-image': 'assets/cli/index.js' });
    expect(fs.readFileSync(path.join(root, 'assets', 'cli', 'index.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
