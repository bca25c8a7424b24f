import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ImageSource, ImportedImage } from '../src';
import {
  copiesInTwoRegions, everySettingOn, findingsV2, findingsV3, fixedNameAndWorkspaces, imageAndFleet, onTheLibrary, stackWith, wildcardOfTheUser,
} from './fixtures/nag-scenarios';

// cdk-nag 3 (a policy validation plugin, reading `Validations` acknowledgements) and cdk-nag 2
// (an aspect, reading `cdk_nag` metadata; the one that runs on older aws-cdk-lib) both run here.

describe.each([
  ['cdk-nag 3', findingsV3],
  ['cdk-nag 2', findingsV2],
])('%s', (_name, findings) => {
  test('an image with a generated name and a fleet: no unsuppressed AwsSolutions findings', () => {
    expect(findings(imageAndFleet)).toEqual([]);
  });

  test('images with a fixed name and from WorkSpaces: no unsuppressed AwsSolutions findings', () => {
    expect(findings(fixedNameAndWorkspaces)).toEqual([]);
  });

  test('an image with copies in two Regions: no unsuppressed AwsSolutions findings', () => {
    expect(findings(copiesInTwoRegions)).toEqual([]);
  });

  test('every landing-zone setting on: no unsuppressed AwsSolutions findings on the library\'s resources', () => {
    expect(onTheLibrary(findings(everySettingOn))).toEqual([]);
  });

  test('the checks do run: a wildcard policy of the user\'s own is reported', () => {
    expect(findings(wildcardOfTheUser)).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-IAM5.*Nag\/Mine\/Resource|\/Nag\/Mine\/Resource: AwsSolutions-IAM5/)]));
  });
});

test('every function runs on the latest Node.js runtime this aws-cdk-lib knows (AwsSolutions-L1 clean)', () => {
  const { app, stack } = stackWith(imageAndFleet);
  app.synth();
  const latest = lambda.Runtime.ALL.filter(r => r.family === lambda.RuntimeFamily.NODEJS).map(r => r.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
  const runtimes = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(f => f.Properties.Runtime);
  expect(runtimes.length).toBeGreaterThanOrEqual(5);
  expect(new Set(runtimes)).toEqual(new Set([latest]));
  expect(new AwsSolutionsChecks().validateScope(stack).violations.filter(v => v.ruleName.startsWith('AwsSolutions-L1'))).toEqual([]);
});

test('every landing-zone setting on: no SF1/SF2 suppression is left (their findings no longer hold)', () => {
  const { stack } = stackWith(everySettingOn);
  const text = JSON.stringify(Template.fromStack(stack).toJSON());
  expect(text).not.toContain('AwsSolutions-SF1');
  expect(text).not.toContain('AwsSolutions-SF2');
});

test('default settings: the SF1/SF2 suppressions are there, with their reasons', () => {
  const stack = new Stack(new App(), 'S');
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  const text = JSON.stringify(Template.fromStack(stack).toJSON());
  expect(text).toContain('"id":"AwsSolutions-SF1"');
  expect(text).toContain('providerOptions.stateMachineLogLevel turns it on');
  expect(text).toContain('"id":"AwsSolutions-SF2"');
  expect(text).toContain('providerOptions.stateMachineTracing turns it on');
});
