/**
 * `npx projen package-all`: jsii-pacmak for every language the library is configured for, as far
 * as this machine can. A language whose toolchain is missing is skipped, and said so; the
 * release workflow builds and publishes all five on GitHub's runners, one job per language
 * (`npx projen package:<language>`), so nothing here decides what is released.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

interface Language {
  readonly name: string;
  /** Commands that must answer `--version` (or `version`) for the package to be built. */
  readonly needs: string[][];
  readonly install: string;
}

const LANGUAGES: Language[] = [
  { name: 'js', needs: [['node', '--version']], install: 'Node.js' },
  { name: 'java', needs: [['java', '-version'], ['mvn', '--version']], install: 'a JDK and Maven (and Maven Central)' },
  { name: 'python', needs: [['python3', '--version']], install: 'Python 3 with pip and venv (and PyPI)' },
  { name: 'dotnet', needs: [['dotnet', '--version']], install: 'the .NET SDK 6 or later (and NuGet)' },
  { name: 'go', needs: [['go', 'version']], install: 'Go (and the Go module proxy)' },
];

const answers = (command: string[]) => {
  const result = spawnSync(command[0], command.slice(1), { stdio: 'ignore' });
  return !result.error && result.status === 0;
};

const built: string[] = [];
const skipped: string[] = [];
const failed: string[] = [];
for (const language of LANGUAGES) {
  const missing = language.needs.filter(command => !answers(command)).map(command => command[0]);
  if (missing.length) {
    const why = `${missing.map(m => `\`${m}\``).join(' and ')} not found on PATH: install ${language.install}, then run \`npx projen package:${language.name}\``;
    console.log(`== package:${language.name} SKIPPED: ${why}`);
    skipped.push(`${language.name} (${why})`);
    continue;
  }
  console.log(`== package:${language.name}`);
  const result = spawnSync('npx', ['projen', `package:${language.name}`], { cwd: ROOT, stdio: ['inherit', 'pipe', 'pipe'], encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  if (result.status === 0) {
    built.push(`${language.name} (dist/${language.name})`);
    continue;
  }
  // jsii-pacmak's Go target writes dist/go, then checks it with `go mod tidy` and `go build`: a
  // module version the Go module proxy refuses (a partial mirror) fails that check, not the code.
  const refused = language.name === 'go' && /go: (\S+)@(\S+): reading \S+: 40[34] [^\n]*\n[^\n]*server response: ([^\n]*)/.exec(`${result.stderr}${result.stdout}`);
  if (refused && fs.existsSync(path.join(ROOT, 'dist', 'go'))) {
    for (const leftover of ['local.go.mod', 'local.go.sum']) fs.rmSync(path.join(ROOT, 'dist', 'go', 'cdkappstreamimportedimage', leftover), { force: true });
    const why = `jsii-pacmak wrote dist/go, but its build check could not fetch ${refused[1]}@${refused[2]} from the Go module proxy ("${refused[3].trim()}"); `
      + '`npx projen languages go` compiles the package in examples/go, which pins that module to a version the proxy serves';
    console.log(`== package:go NOT BUILD-CHECKED: ${why}`);
    skipped.push(`go build check (${why})`);
    continue;
  }
  failed.push(language.name);
}

console.log('== package-all');
console.log(`built: ${built.join(', ') || 'none'}`);
console.log(`skipped: ${skipped.join('; ') || 'none'}`);
if (failed.length) {
  console.error(`FAILED: ${failed.map(f => `package:${f}`).join(', ')} (see above)`);
  process.exitCode = 1;
}
