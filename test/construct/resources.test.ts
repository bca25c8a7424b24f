import { Duration, RemovalPolicy, Tags, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AMI_ID, definitionText, imageStack, onlyResource } from './stacks';
import { AgentSoftwareVersion, ImageSource, ImportedImage } from '../../src';

describe('one ImportedImage from an AMI', () => {
  const { template } = imageStack({
    description: 'golden',
    displayName: 'Golden',
    applications: [{ name: 'Notepad', absoluteAppPath: 'C:\\Windows\\notepad.exe', launchParameters: '--x' }],
    runtimeValidationInstanceType: 'GeneralPurpose.t3.large',
    agentSoftwareVersion: AgentSoftwareVersion.ALWAYS_LATEST,
  }, stack => Tags.of(stack).add('team', 'euc'));

  test('the import role is trusted by appstream.amazonaws.com and may only modify this AMI', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'appstream.amazonaws.com' } }],
      },
      Policies: [{
        PolicyName: 'ImportAmi',
        PolicyDocument: {
          Statement: [
            { Action: 'ec2:DescribeImages', Effect: 'Allow', Resource: '*' },
            {
              Action: 'ec2:ModifyImageAttribute',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ec2:us-east-1::image/${AMI_ID}`]] },
            },
          ],
        },
      }],
    });
  });

  test('the import resource carries every property as CloudFormation strings', () => {
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    const p = resource.Properties;
    expect(p.SchemaVersion).toBe('1');
    expect(p.SourceAmiId).toBe(AMI_ID);
    expect(p.ImageName).toBeUndefined();
    expect(p.NamePrefix).toMatch(/^ImageStack-Image-[0-9A-F]{8}$/);
    expect(p.IamRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ImageImportRole/), 'Arn'] });
    expect(p.Description).toBe('golden');
    expect(p.DisplayName).toBe('Golden');
    expect(p.Applications).toEqual([{ Name: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe', LaunchParameters: '--x' }]);
    expect(p.RuntimeValidationInstanceType).toBe('GeneralPurpose.t3.large');
    expect(p.AgentSoftwareVersion).toBe('ALWAYS_LATEST');
    expect(p.TimeoutSeconds).toBe('7200');
    expect(p.PollIntervalSeconds).toBe('30');
    expect(p.Preflight).toBe('true');
    expect(p.RemovalPolicy).toBe('destroy');
    expect(p.Tags).toEqual([{ Key: 'team', Value: 'euc' }]);
    expect(p.WaitHandle).toEqual({ Ref: expect.stringMatching(/^ImageWaitHandle/) });
    expect(p.ServiceTimeout).toBe('3600');
  });

  test('the wait condition waits for the import, on the handle the import signals, one interval and a last check past the timeout', () => {
    const handle = onlyResource(template, 'AWS::CloudFormation::WaitConditionHandle');
    const importResource = onlyResource(template, 'Custom::AppStreamImportedImage');
    const wait = onlyResource(template, 'AWS::CloudFormation::WaitCondition');
    // The poller's deadline is the timeout (7200 s); the wait condition waits 30 s + 300 s longer,
    // so that the poller's own message (last state, time waited) is the one users see.
    expect(importResource.resource.Properties.TimeoutSeconds).toBe('7200');
    expect(wait.resource.Properties).toEqual({ Handle: { Ref: handle.id }, Timeout: '7530', Count: 1 });
    expect(wait.resource.DependsOn).toEqual([importResource.id]);
  });

  test('the attributes resource comes after the wait and reads the image the import made', () => {
    const importResource = onlyResource(template, 'Custom::AppStreamImportedImage');
    const wait = onlyResource(template, 'AWS::CloudFormation::WaitCondition');
    const attributes = onlyResource(template, 'Custom::AppStreamImportedImageAttributes');
    expect(attributes.resource.Properties.ImageName).toEqual({ Ref: importResource.id });
    expect(attributes.resource.DependsOn).toEqual([wait.id]);
  });

  test('the import resource depends on the handler\'s image permissions, so they exist before Create and outlive Delete', () => {
    const importResource = onlyResource(template, 'Custom::AppStreamImportedImage');
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ImportedImages' } });
    expect(Object.keys(policies)).toHaveLength(1);
    expect(importResource.resource.DependsOn).toEqual(Object.keys(policies));
  });
});

const OWNER_PATTERN = { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' };
const ANY_IMAGE = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':appstream:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':image/*']] };
// Each role reads this stack only, and only what its code calls (test/iam.test.ts).
const HANDLER_STACK_READS = { Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } };
const CHECK_STACK_READS = { Action: ['cloudformation:DescribeStackResource'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } };

describe('handler permissions', () => {
  test('by the ownership tag of any stack of this name; PassRole for the import role only, to appstream only', () => {
    const { template } = imageStack();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'ImportedImages',
      Roles: [{ Ref: Match.stringLikeRegexp('^AppStreamImportedImageProviderHandlerRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'appstream:CreateImportedImage',
            Effect: 'Allow',
            Resource: '*',
            Condition: { StringLike: { 'aws:RequestTag/cdk-appstream-imported-image:owner': OWNER_PATTERN } },
          },
          {
            Action: [
              'appstream:DeleteImage', 'appstream:TagResource', 'appstream:UntagResource',
              'appstream:UpdateImagePermissions', 'appstream:DeleteImagePermissions', 'appstream:DescribeImagePermissions',
            ],
            Effect: 'Allow',
            Resource: ANY_IMAGE,
            Condition: { StringLike: { 'aws:ResourceTag/cdk-appstream-imported-image:owner': OWNER_PATTERN } },
          },
          { Action: 'appstream:ListTagsForResource', Effect: 'Allow', Resource: '*' },
          HANDLER_STACK_READS,
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImageImportRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'appstream.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('a fixed imageName needs nothing of its own: the same statements cover it', () => {
    const { template } = imageStack({ imageName: 'golden-2025' });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ImportedImages' } });
    expect(Object.keys(policies)).toHaveLength(1);
    expect(JSON.stringify(policies)).not.toContain('golden-2025');
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    expect(resource.Properties.ImageName).toBe('golden-2025');
    expect(resource.Properties.NamePrefix).toBeUndefined();
  });

  test('the check function may delete and tag owned images, and read this stack', () => {
    const { template } = imageStack();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'DeleteReplacedImages',
      Roles: [{ Ref: Match.stringLikeRegexp('^AppStreamImportedImageProviderPollerCheckRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['appstream:DeleteImage', 'appstream:TagResource', 'appstream:DescribeImagePermissions', 'appstream:DeleteImagePermissions'],
            Effect: 'Allow',
            Resource: ANY_IMAGE,
            Condition: { StringLike: { 'aws:ResourceTag/cdk-appstream-imported-image:owner': OWNER_PATTERN } },
          },
          { Action: 'appstream:ListTagsForResource', Effect: 'Allow', Resource: '*' },
          CHECK_STACK_READS,
        ],
      },
    });
  });

  test('shared role: Describe* on * only, logs on its log group, StartExecution on the poller', () => {
    const { template } = imageStack();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      Policies: [{
        PolicyName: 'ImportImages',
        PolicyDocument: {
          Statement: [
            { Action: ['appstream:DescribeImages', 'ec2:DescribeImages'], Effect: 'Allow', Resource: '*' },
            {
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppStreamImportedImageProviderLogs'), 'Arn'] },
            },
          ],
        },
      }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^AppStreamImportedImageProviderHandlerRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: [{
          Action: 'states:StartExecution',
          Effect: 'Allow',
          Resource: { Ref: Match.stringLikeRegexp('^AppStreamImportedImageProviderPollerStateMachine') },
        }],
      },
    });
  });

  test('the poller check role may only describe images and write its logs', () => {
    const { template } = imageStack();
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'CheckImage',
        PolicyDocument: {
          Statement: [
            { Action: 'appstream:DescribeImages', Effect: 'Allow', Resource: '*' },
            Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
          ],
        },
      }],
    });
  });
});

describe('functions and poller', () => {
  const { stack, template } = imageStack();

  test('handler functions run the bundled asset on the latest Node.js runtime of aws-cdk-lib', () => {
    for (const handler of ['index.onEvent', 'index.isComplete', 'index.poll']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: handler,
        Runtime: lambda.determineLatestNodeRuntime(stack).name,
        Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AppStreamImportedImageProviderLogs') } },
      });
    }
  });

  test('onEvent knows the poller', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.onEvent',
      Environment: { Variables: { POLLER_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^AppStreamImportedImageProviderPollerStateMachine') } } },
    });
  });

  test('the poller loops: check, settled?, count, history full?, wait pollIntervalSeconds, check', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const poller = Object.entries(machines).find(([id]) => id.startsWith('AppStreamImportedImageProviderPollerStateMachine'))!;
    const text = definitionText(poller[1]);
    expect(text).toMatch(/^\{"StartAt":"Continued"/);
    expect(text).toContain('"InputPath":"$.poll","ResultPath":"$.poll"');
    expect(text).toContain('"Settled":{"Type":"Choice","Choices":[{"Variable":"$.poll.done","BooleanEquals":true,"Next":"Signalled"}],"Default":"CountCheck"}');
    expect(text).toContain('"HistoryFull":{"Type":"Choice","Choices":[{"Variable":"$.continuation.checks","NumericGreaterThanEquals":500,"Next":"ContinueInNewExecution"}],"Default":"WaitPollInterval"}');
    expect(text).toContain('"WaitPollInterval":{"Type":"Wait","SecondsPath":"$.poll.pollIntervalSeconds","Next":"CheckImage"}');
  });

  test('the poller may start executions of itself, through a policy it does not depend on', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [pollerId, poller] = Object.entries<any>(machines).find(([id]) => id.startsWith('AppStreamImportedImageProviderPollerStateMachine'))!;
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: [{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: pollerId } }] } },
    });
    const own = Object.entries<any>(policies).filter(([, p]) => p.Properties.Roles[0].Ref.startsWith('AppStreamImportedImageProviderPollerStateMachineRole'));
    expect(own).toHaveLength(1);
    expect(poller.DependsOn ?? []).not.toContain(own[0][0]);
  });

  test('the log group keeps logs for a finite time', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the framework logs nothing below FATAL', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('onEvent'),
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'FATAL' }),
    });
  });
});

describe('other sources and options', () => {
  test('a WorkSpaces image source needs no role and grants no PassRole', () => {
    const stack = new Stack();
    new ImportedImage(stack, 'Image', { source: ImageSource.fromWorkspaceImageId('wsi-0123456789') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 3 + 4);
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    expect(resource.Properties.WorkspaceImageId).toBe('wsi-0123456789');
    expect(resource.Properties.IamRoleArn).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('iam:PassRole');
  });

  test('a given role is used as is and no import role is created', () => {
    const stack = new Stack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/appstream-import');
    new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), role });
    const template = Template.fromStack(stack);
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    expect(resource.Properties.IamRoleArn).toBe('arn:aws:iam::111111111111:role/appstream-import');
    expect(Object.keys(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'appstream.amazonaws.com' } })] } } }))).toHaveLength(0);
  });

  test('timeout, poll interval, removal policy and pre-flight reach the handler', () => {
    const { template } = imageStack({
      timeout: Duration.hours(5), pollInterval: Duration.minutes(1), removalPolicy: RemovalPolicy.RETAIN, preflight: false,
    });
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    expect(resource.Properties).toMatchObject({
      TimeoutSeconds: '18000', PollIntervalSeconds: '60', RemovalPolicy: 'retain', Preflight: 'false', RetireTimeoutSeconds: '604800',
    });
    template.hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '18360' });
  });

  test('at the 12-hour ceiling the poller gives up early enough for its message to arrive before the wait condition times out', () => {
    const { template } = imageStack({ timeout: Duration.hours(12), pollInterval: Duration.minutes(15) });
    const { resource } = onlyResource(template, 'Custom::AppStreamImportedImage');
    expect(resource.Properties.TimeoutSeconds).toBe(String(43200 - 900 - 300));
    template.hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '43200' });
  });

  test('replacedImageDeleteTimeout reaches the handler', () => {
    const { template } = imageStack({ replacedImageDeleteTimeout: Duration.days(2) });
    expect(onlyResource(template, 'Custom::AppStreamImportedImage').resource.Properties.RetireTimeoutSeconds).toBe('172800');
  });

  test('fromMachineImage imports the machine image\'s AMI', () => {
    const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ImportedImage(stack, 'Image', {
      source: ImageSource.fromMachineImage(ec2.MachineImage.genericWindows({ 'eu-west-1': 'ami-0fedcba9876543210' })),
    });
    const template = Template.fromStack(stack);
    expect(onlyResource(template, 'Custom::AppStreamImportedImage').resource.Properties.SourceAmiId).toBe('ami-0fedcba9876543210');
  });
});
