import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// jsii-rosetta compiles every TypeScript example of the README in strict mode (post-compile,
// before the tests) and translates each to the other languages into .jsii.tabl.json. Python's
// aws-cdk-lib cannot be installed here (no PyPI), so the Python side is checked as far as it
// can be: every translation parses, and the README's Python example is rosetta's translation.
const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
const normalize = (code: string) => code.split('\n').map(line => line.trimEnd()).filter(line => line !== '').join('\n');

interface Snippet { readonly didCompile?: boolean; readonly translations: Record<string, { readonly source: string }> }

function tablet(): Snippet[] {
  const file = path.join(root, '.jsii.tabl.json');
  if (!fs.existsSync(file)) throw new Error('.jsii.tabl.json is missing: run `npx projen build` (rosetta runs after the jsii compile)');
  return Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).snippets);
}

test('every TypeScript example of the README compiled in rosetta', () => {
  const snippets = tablet();
  expect(snippets.length).toBe(blocks('ts').length);
  expect(snippets.every(snippet => snippet.didCompile === true)).toBe(true);
});

test('every Python translation parses', () => {
  for (const snippet of tablet()) {
    const python = snippet.translations.python.source;
    expect(() => execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: python })).not.toThrow();
  }
});

test('the README\'s Python example is rosetta\'s translation of a compiled TypeScript example', () => {
  const translations = tablet().filter(snippet => snippet.didCompile).map(snippet => normalize(snippet.translations.python.source));
  const python = blocks('python');
  expect(python.length).toBeGreaterThanOrEqual(1);
  for (const example of python) expect(translations).toContain(normalize(example));
});
