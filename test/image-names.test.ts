/**
 * Generated image names always satisfy the service's name rule (IMAGE_NAME_PATTERN), whatever
 * the stack's name and the construct's path, and whatever NamePrefix a template holds.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { imageNameFor } from '../lambda/shared/properties';
import { ImageSource, ImportedImage } from '../src';
import { IMAGE_NAME_PATTERN, isImageName } from '../src/rules';

const STACKS: Array<[stackName: string, path: string[]]> = [
  ['S', ['Image']],
  ['My-Stack-2', ['_golden', 'Image']],
  ['a', ['-x', '__', '.', 'Image']],
  ['Stack', ['Ω', 'Ünïcödé image']],
  ['x'.repeat(128), ['y'.repeat(200), 'z'.repeat(200)]],
  ['Lives9', ['0', 'Image']],
];

test.each(STACKS)('stack %j, path %j: the generated name matches the rule', (stackName, path) => {
  const stack = new Stack(new App(), 'Stack', { stackName, env: { account: '111111111111', region: 'us-east-1' } });
  let scope: Construct = stack;
  for (const id of path.slice(0, -1)) scope = new Construct(scope, id);
  new ImportedImage(scope, path[path.length - 1], { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  const [properties] = Object.values(Template.fromStack(stack).findResources('Custom::AppStreamImportedImage')).map(r => r.Properties);
  const name = imageNameFor(properties);
  expect(name).toMatch(IMAGE_NAME_PATTERN);
  expect(name.length).toBeLessThanOrEqual(100);
});

test.each([
  'TestStackImage', '', '_leading', '...dots', '-', 'has space/and:colon', 'Ωmega', 'p'.repeat(200), `_${'q'.repeat(120)}`,
])('NamePrefix %j from a template: the generated name matches the rule', prefix => {
  const name = imageNameFor({ NamePrefix: prefix, SourceAmiId: 'ami-0123456789abcdef0' });
  expect(isImageName(name)).toBe(true);
  expect(name).toMatch(/-[0-9a-f]{10}$/);
});

test('a prefix that already fits is kept as it was (names made by earlier releases do not change)', () => {
  expect(imageNameFor({ NamePrefix: 'MyStack-Image-1A2B3C4D', SourceAmiId: 'ami-0123456789abcdef0' })).toMatch(/^MyStack-Image-1A2B3C4D-[0-9a-f]{10}$/);
  expect(imageNameFor({ NamePrefix: 'p'.repeat(120), SourceAmiId: 'ami-0123456789abcdef0' })).toMatch(new RegExp(`^${'p'.repeat(89)}-[0-9a-f]{10}$`));
});
