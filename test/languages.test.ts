import * as fs from 'fs';
import * as path from 'path';

// The examples that `npx projen languages` runs in Python, Java and Go (compat/languages.ts, in
// .ci/run) must stay the README's example: these checks need no toolchain.
const root = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const normalize = (code: string) => code.split('\n').map(line => line.trimEnd()).filter(line => line !== '').join('\n');
const versions = JSON.parse(read('compat/versions.json'));

test('examples/python/app.py runs the README\'s Python example verbatim', () => {
  const section = read('README.md').slice(read('README.md').indexOf('## Use it'));
  const readme = /```python\n([\s\S]*?)```/.exec(section)![1];
  const app = /# --- README example ---\n([\s\S]*?)# --- end of README example ---/.exec(read('examples/python/app.py'))![1];
  expect(normalize(app)).toEqual(normalize(readme));
});

test('the Java and Go examples are built on the aws-cdk-lib the library compiles against', () => {
  const cdk = versions.tests['aws-cdk-lib-compile'];
  expect(read('examples/go/go.mod')).toContain(`github.com/aws/aws-cdk-go/awscdk/v2 v${cdk}\n`);
  expect(read('examples/java/pom.xml')).toContain(`<aws-cdk-lib.version>${cdk}</aws-cdk-lib.version>`);
});

test.each(['examples/java/src/main/java/example/ExampleApp.java', 'examples/go/main.go'])('%s builds the README example\'s stacks with its values', file => {
  const code = read(file);
  for (const value of ['"ImageStack"', '"GoldenImage"', '"ami-0123456789abcdef0"', '"Golden Windows image"', '"FleetStack"', '"Fleet"', '"golden-fleet"', '"GeneralPurpose.t3.large"']) {
    expect(code).toContain(value);
  }
});
