import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Fact, FactName } from 'aws-cdk-lib/region-info';
import { AMI_ID } from './stacks';
import { ImageSource, ImportedImage } from '../../src';

/** Runtime of every function of a stack with one image: the library's three and the Provider framework's. */
function runtimes(env?: { account: string; region: string }): { ours: unknown[]; framework: unknown[]; stack: Stack } {
  const stack = new Stack(new App(), 'ImageStack', { env });
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  const ours = functions.filter(f => String(f.Properties.Handler).match(/^index\.(onEvent|isComplete|poll)$/));
  const framework = functions.filter(f => !ours.includes(f));
  expect(ours).toHaveLength(3);
  expect(framework.length).toBeGreaterThan(0);
  return { ours: ours.map(f => f.Properties.Runtime), framework: framework.map(f => f.Properties.Runtime), stack };
}

test('in a known Region, the handler runs where the Provider framework runs: the latest Node.js runtime of aws-cdk-lib', () => {
  const { ours, framework, stack } = runtimes({ account: '111111111111', region: 'eu-west-1' });
  const latest = lambda.determineLatestNodeRuntime(stack).name;
  expect(latest).toMatch(/^nodejs\d+\.x$/);
  expect(new Set(ours)).toEqual(new Set([latest]));
  expect(new Set(framework)).toEqual(new Set([latest]));
});

test('in a Region whose latest runtime is older than the bundle\'s target, the handler gets nodejs22.x', () => {
  // As the isolated Regions on aws-cdk-lib 2.206.0 (nodejs18.x).
  Fact.register({ region: 'xx-older-1', name: FactName.LATEST_NODE_RUNTIME, value: 'nodejs20.x' });
  const { ours, framework } = runtimes({ account: '111111111111', region: 'xx-older-1' });
  expect(new Set(framework)).toEqual(new Set(['nodejs20.x']));
  expect(new Set(ours)).toEqual(new Set(['nodejs22.x']));
});

test('in a stack without a Region, the handler and the framework take the same value', () => {
  const { ours, framework } = runtimes();
  expect(new Set([...ours, ...framework].map(r => JSON.stringify(r))).size).toBe(1);
});
