import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `npx projen bump` as the release workflow runs it, on a scratch git repository that has this
// project's package.json and projen tasks: the first version, then versions from the commits.
const root = path.join(__dirname, '..');
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });

describe('npx projen bump', () => {
  let repo: string;
  const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
  const commit = (message: string) => {
    fs.appendFileSync(path.join(repo, 'CHANGES'), `${message}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', message);
  };
  const bump = () => execFileSync('npx', ['projen', 'bump'], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
  const unbump = () => execFileSync('npx', ['projen', 'unbump'], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
    fs.mkdirSync(path.join(repo, '.projen'));
    fs.copyFileSync(path.join(root, '.projen', 'tasks.json'), path.join(repo, '.projen', 'tasks.json'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(repo, 'package.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(repo, '.gitignore'), '/node_modules\n/dist/\n');
    git(repo, 'init', '-q', '-b', 'main');
    commit('Scaffold the library (not a conventional commit)');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the first release, with no tag, is 0.1.0', () => {
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
    bump();
    expect(read('dist/version.txt')).toBe('0.1.0');
    expect(read('dist/releasetag.txt')).toBe('v0.1.0');
    expect(read('dist/changelog.md')).toMatch(/^## 0\.1\.0 \(\d{4}-\d\d-\d\d\)/m);
    expect(JSON.parse(read('package.json')).version).toBe('0.1.0');
    unbump();
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
  }, 180_000);

  test('after a tag, the commits decide: a breaking change bumps the minor version and the fixes and features make the changelog', () => {
    git(repo, 'tag', 'v0.1.0');
    commit('fix(handler): retry a throttled DescribeImages');
    commit('feat!: imageArn is a token of the image, not of the wait');
    commit('chore: tidy');
    fs.rmSync(path.join(repo, 'dist'), { recursive: true, force: true });
    bump();
    expect(read('dist/version.txt')).toBe('0.2.0');
    expect(read('dist/releasetag.txt')).toBe('v0.2.0');
    const changelog = read('dist/changelog.md');
    expect(changelog).toContain('compare/v0.1.0...v0.2.0');
    expect(changelog).toContain('### ⚠ BREAKING CHANGES');
    expect(changelog).toContain('* **handler:** retry a throttled DescribeImages');
    expect(changelog).not.toContain('tidy');
    unbump();
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 180_000);
});
