import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The TypeScript examples are compiled by jsii-rosetta (--strict) in the build's post-compile
// step. Python has no aws-cdk-lib here (no PyPI), so its examples are checked for syntax and
// for naming only what the construct's Python API has.
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);

test('the README has TypeScript and Python examples', () => {
  expect(blocks('ts').length).toBeGreaterThanOrEqual(3);
  expect(blocks('python').length).toBeGreaterThanOrEqual(1);
});

test.each(blocks('python').map((code, i) => [i, code]))('Python example %i parses', (_i, code) => {
  expect(() => execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code as string })).not.toThrow();
});

test('the Python example uses the snake_case names jsii generates', () => {
  const python = blocks('python').join('\n');
  expect(python).toContain('from cdk_appstream_imported_image import ImageSource, ImportedImage');
  expect(python).toContain('ImageSource.from_ami_id(');
  expect(python).toContain('image.image_arn');
  expect(python).not.toMatch(/\b(imageArn|fromAmiId|displayName)\b/);
});
