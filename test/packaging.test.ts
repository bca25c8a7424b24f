import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** The files `npm pack` would put in the tarball. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
}

describe('the npm tarball', () => {
  const files = packedFiles();

  test('ships the bundled handler and the check command', () => {
    expect(fs.existsSync(path.join(root, 'assets', 'handler', 'index.js'))).toBe(true);
    expect(files).toContain('assets/handler/index.js');
    expect(files).toContain('assets/cli/index.js');
  });

  test('ships no handler sources, tests or examples', () => {
    expect(files.filter(f => /^(lambda|test|examples|bench|src)\//.test(f))).toEqual([]);
  });
});
