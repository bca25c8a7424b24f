import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { handlerCode, handlerRuntime } from './handler-code';
import { DESCRIBE_IMAGES_REASON, suppressNagFindings } from './nag-suppressions';

/** Properties of the poller. */
export interface ImagePollerProps {
  /** Log group of the check function. */
  readonly logGroup: logs.ILogGroup;
  /** Where the check function runs (see ImportedImageProviderOptions). */
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * A Step Functions loop that checks an image's state every poll interval and signals its wait
 * condition when the image settles or the deadline passes. It outlives the custom resource's
 * one-hour limit; the check function itself enforces each image's deadline.
 */
export class ImagePoller extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ImagePollerProps) {
    super(scope, id);

    const role = new iam.Role(this, 'CheckRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        CheckImage: new iam.PolicyDocument({
          statements: [
            // DescribeImages supports no resource-level permissions.
            new iam.PolicyStatement({ actions: ['appstream:DescribeImages'], resources: ['*'] }),
            logWriteStatement(props.logGroup),
          ],
        }),
      },
    });
    const check = new lambda.Function(this, 'CheckFunction', {
      description: 'Checks an imported AppStream image and signals its wait condition',
      runtime: handlerRuntime(this),
      code: handlerCode(),
      handler: 'index.poll',
      timeout: Duration.minutes(1),
      memorySize: 256,
      role,
      logGroup: props.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
    });

    const checkImage = new tasks.LambdaInvoke(this, 'CheckImage', {
      lambdaFunction: check,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    checkImage.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 4, backoffRate: 2 });
    const waitInterval = new sfn.Wait(this, 'WaitPollInterval', {
      time: sfn.WaitTime.secondsPath('$.pollIntervalSeconds'),
    });
    // A check that keeps failing does not end the loop: the next check (or the deadline) decides.
    checkImage.addCatch(waitInterval, { resultPath: '$.checkError' });
    const definition = checkImage.next(
      new sfn.Choice(this, 'Settled')
        .when(sfn.Condition.booleanEquals('$.done', true), new sfn.Succeed(this, 'Signalled'))
        .otherwise(waitInterval.next(checkImage)),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // The longest wait (12 h) plus room for the last check and its signal.
      timeout: Duration.hours(13),
    });

    suppressNagFindings(role, [{ id: 'AwsSolutions-IAM5', reason: DESCRIBE_IMAGES_REASON, appliesTo: ['Resource::*'] }]);
    suppressNagFindings(this.stateMachine, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Lets the poller invoke its one check function; `<function ARN>:*` covers that function\'s versions and aliases, nothing else.',
        appliesTo: [{ regex: '/^Resource::<AppStreamImportedImageProviderPollerCheckFunction[A-Za-z0-9]+\\.Arn>:\\*$/' }],
      },
      {
        id: 'AwsSolutions-SF1',
        reason: 'Execution data holds the wait condition handle\'s presigned URL, a credential; the check function logs each state it sees instead.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason: 'The poller calls one Lambda function in a loop; X-Ray tracing would add cost per poll and show nothing the function logs do not.',
      },
    ]);
  }
}

/** Lets a function write to the given log group only. */
export function logWriteStatement(logGroup: logs.ILogGroup): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    // A log group's ARN attribute already ends in `:*`, which covers its streams.
    resources: [logGroup.logGroupArn],
  });
}
