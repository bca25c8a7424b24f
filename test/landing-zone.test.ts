/**
 * AWS Control Tower's proactive controls, run with the ecosystem's own tool: the cfn-guard
 * validator (`@cdklabs/cdk-validator-cfnguard`, which ships the guard binary and the Control
 * Tower rules) as a CDK policy validation plugin, over a stack with every landing-zone setting on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageSource, ImportedImage } from '../src';
import { ENV } from './construct/stacks';
import { landingZoneImages, landingZoneOptions } from './fixtures/landing-zone';

interface Violation { readonly ruleName: string; readonly description: string; readonly resources: string[] }

/**
 * Synthesizes the app and runs the validator on its template, as a CDK policy validation plugin
 * is run (`validate({ templatePaths })`). Called directly rather than through
 * `policyValidationBeta1`: how aws-cdk-lib prints and fails on plugin reports differs between
 * its versions (the tests run on the newest one), the plugin's own report does not.
 */
function validate(build: (stack: Stack) => void): { violations: Violation[]; success: boolean; pretty: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfnguard-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'LandingZone', { env: ENV });
  build(stack);
  const assembly = app.synth();
  const report = new CfnGuardValidator().validate({ templatePaths: [assembly.getStackByName(stack.stackName).templateFullPath] });
  fs.rmSync(outdir, { recursive: true, force: true });
  const violations: Violation[] = report.violations.map(v => ({
    ruleName: v.ruleName,
    description: v.description,
    resources: v.violatingResources.map(r => `${r.resourceLogicalId} (${r.locations.join(', ')})`),
  }));
  const pretty = [
    `cdk-validator-cfnguard: ${report.success ? 'success' : 'failure'}, ${violations.length} violations`,
    ...violations.map(v => `  ${v.ruleName}: ${v.description}\n    ${v.resources.join('\n    ')}`),
  ].join('\n');
  return { violations, success: report.success, pretty };
}

describe('every landing-zone setting on', () => {
  const result = validate(landingZoneImages);

  test('the cfn-guard validator (Control Tower rules) reports no violation', () => {
    const ruleIds = new CfnGuardValidator().ruleIds ?? [];
    expect(ruleIds).toEqual(expect.arrayContaining(['lambdapr3', 'cloudwatchpr2', 'cloudwatchpr3', 'stepfunctionspr1', 'stepfunctionspr2']));
    // The plugin's own report, for the record.
    console.log(`cdk-validator-cfnguard ${new CfnGuardValidator().version}, ${ruleIds.length} Control Tower rules, report:\n${result.pretty}`);
    expect(result.violations).toEqual([]);
    expect(result.success).toBe(true);
  });
});

test('with default settings the same validator does find the library\'s resources (the check can fail)', () => {
  const result = validate(stack => {
    new ImportedImage(stack, 'Golden', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  });
  const rules = [...new Set(result.violations.map(v => v.ruleName))].sort();
  expect(rules).toEqual(expect.arrayContaining([
    'cloudwatch_log_group_encrypted_check',
    'cloudwatch_log_group_retention_period_check',
    'lambda_inside_vpc_check',
    'step_functions_state_machine_logging_enabled_check',
    'step_functions_state_machine_tracing_enabled_check',
  ]));
  expect(result.success).toBe(false);
});

describe('what the settings write', () => {
  const stack = new Stack(new App(), 'S', { env: ENV });
  new ImportedImage(stack, 'Golden', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions: landingZoneOptions(stack) });
  const template = Template.fromStack(stack);

  test('both state machines log at the level asked, never with execution data, and are traced', () => {
    const machines = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ERROR', IncludeExecutionData: false });
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  test('every log group is encrypted with the key and kept a year; CloudWatch Logs may use the key', () => {
    const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBe(2);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] } });
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('the waiter\'s role may send traces', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('waiterstatemachineRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['xray:PutTraceSegments']), Resource: '*' })]) },
    });
  });
});

test('defaults stay cheap: no state machine logging, no tracing, no key, one log group', () => {
  const stack = new Stack(new App(), 'S', { env: ENV });
  new ImportedImage(stack, 'Golden', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  const template = Template.fromStack(stack);
  for (const machine of Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'))) {
    expect(machine.Properties.LoggingConfiguration).toBeUndefined();
    expect(machine.Properties.TracingConfiguration).toBeUndefined();
  }
  template.resourceCountIs('AWS::Logs::LogGroup', 1);
  expect(JSON.stringify(template.toJSON())).not.toContain('KmsKeyId');
});

test('an imported key: a warning says what its key policy must allow', () => {
  const stack = new Stack(new App(), 'S', { env: ENV });
  const logEncryptionKey = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012');
  new ImportedImage(stack, 'Golden', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions: { logEncryptionKey } });
  Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('providerOptions.logEncryptionKey S/Key is imported.*logs.us-east-1.amazonaws.com'));
});

test('images that give the same key, by construct, share the provider; another key is refused', () => {
  const stack = new Stack(new App(), 'S', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  const other = new kms.Key(stack, 'Other');
  new ImportedImage(stack, 'A', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions: { logEncryptionKey: key, stateMachineTracing: true } });
  new ImportedImage(stack, 'B', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions: { logEncryptionKey: key, stateMachineTracing: true } });
  expect(() => new ImportedImage(stack, 'C', {
    source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions: { logEncryptionKey: other, stateMachineTracing: true },
  })).toThrow(/providerOptions .*"logEncryptionKey":"S\/Other".* differ from .*"logEncryptionKey":"S\/Key"/);
});
