import { Aws, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { handlerCode, handlerRuntime } from './handler-code';
import { DESCRIBE_IMAGES_REASON, suppressNagFindings } from './nag-suppressions';

/**
 * Checks one execution runs before it continues in a new one. Step Functions keeps 25,000
 * history events per execution; one round of the loop costs at most 43 (the check task with
 * every retry of both retriers, 11 attempts of 3 events plus 2; then 2 for each of the four
 * other states), so 500 rounds stay under 21,600 events.
 */
export const CHECKS_PER_EXECUTION = 500;

/** Properties of the poller. */
export interface ImagePollerProps {
  /** Log group of the check function. */
  readonly logGroup: logs.ILogGroup;
  /** Where the check function runs (see ImportedImageProviderOptions). */
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Execution logging of the state machine (never with execution data). */
  readonly logs?: sfn.LogOptions;
  /** X-Ray tracing of the state machine. */
  readonly tracing?: boolean;
  /** Checks per execution before continuing in a new one (tests set it low). */
  readonly checksPerExecution?: number;
}

/**
 * A Step Functions loop that checks an image's state every poll interval and signals its wait
 * condition when the image settles or the deadline passes. It outlives the custom resource's
 * one-hour limit; the check function itself enforces each image's deadline.
 *
 * The state is `{ poll, continuation }`: `poll` is the check function's own state (the
 * execution input the handler sends, passed through untouched), `continuation` counts the
 * checks of this execution. Past `checksPerExecution` the loop starts a new execution of the
 * same state machine with the same `poll`, so no wait is too long for one execution's history.
 */
export class ImagePoller extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  /** Role of the check function. */
  public readonly checkRole: iam.Role;

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
    this.checkRole = role;
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
      // The function sees and returns only its own state.
      inputPath: '$.poll',
      resultPath: '$.poll',
    });
    checkImage.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 4, backoffRate: 2 });
    const waitInterval = new sfn.Wait(this, 'WaitPollInterval', {
      time: sfn.WaitTime.secondsPath('$.poll.pollIntervalSeconds'),
    });
    const countCheck = new sfn.Pass(this, 'CountCheck', {
      parameters: {
        'checks.$': 'States.MathAdd($.continuation.checks, 1)',
        'execution.$': '$.continuation.execution',
        'root.$': '$.continuation.root',
      },
      resultPath: '$.continuation',
    });
    // A check that keeps failing does not end the loop: the next check (or the deadline) decides.
    checkImage.addCatch(countCheck, { resultPath: '$.checkError' });

    const continueAsNew = new sfn.CustomState(this, 'ContinueInNewExecution', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Aws.PARTITION}:states:::states:startExecution`,
        // The execution ends with its state, not StartExecution's answer.
        ResultPath: null,
        Parameters: {
          // From the context object: a reference to the state machine's own ARN would be circular.
          'StateMachineArn.$': '$$.StateMachine.Id',
          // Deterministic per continuation (a retried start finds the execution it started), at most 42 characters.
          'Name.$': "States.Format('{}-{}', States.Hash($.continuation.root, 'MD5'), States.MathAdd($.continuation.execution, 1))",
          'Input': {
            'poll.$': '$.poll',
            'continuation': {
              'checks': 0,
              'execution.$': 'States.MathAdd($.continuation.execution, 1)',
              'root.$': '$.continuation.root',
            },
          },
        },
      },
    });
    continueAsNew.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(2), maxAttempts: 5, backoffRate: 2 });
    // If no new execution can be started, keep polling here: the next count tries again.
    continueAsNew.addCatch(waitInterval, { resultPath: '$.continueError' });
    continueAsNew.next(new sfn.Succeed(this, 'ContinuedInNewExecution'));

    const loop = checkImage.next(
      new sfn.Choice(this, 'Settled')
        .when(sfn.Condition.booleanEquals('$.poll.done', true), new sfn.Succeed(this, 'Signalled'))
        .otherwise(countCheck.next(
          new sfn.Choice(this, 'HistoryFull')
            .when(sfn.Condition.numberGreaterThanEquals('$.continuation.checks', props.checksPerExecution ?? CHECKS_PER_EXECUTION), continueAsNew)
            .otherwise(waitInterval.next(checkImage)),
        )),
    );
    const definition = new sfn.Choice(this, 'Continued')
      // A continued execution waits first: its predecessor has just checked.
      .when(sfn.Condition.isPresent('$.continuation'), waitInterval)
      .otherwise(new sfn.Pass(this, 'StartCounting', {
        parameters: { 'poll.$': '$', 'continuation': { 'checks': 0, 'execution': 0, 'root.$': '$$.Execution.Name' } },
      }).next(loop));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // An execution ends after at most 500 checks (it continues in a new one): at the retire
      // interval (5 minutes) that is under two days; a wait (12 h at most) is shorter.
      timeout: Duration.days(3),
      logs: props.logs,
      tracingEnabled: props.tracing || undefined,
    });
    // Its own policy, which the state machine does not depend on (its ARN would make a cycle).
    new iam.Policy(this, 'ContinuePolicy', {
      roles: [this.stateMachine.role],
      statements: [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] })],
    });

    suppressNagFindings(role, [{ id: 'AwsSolutions-IAM5', reason: DESCRIBE_IMAGES_REASON, appliesTo: ['Resource::*'] }]);
    suppressNagFindings(this.stateMachine, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Lets the poller invoke its one check function; `<function ARN>:*` covers that function\'s versions and aliases, nothing else.',
        appliesTo: [{ regex: '/^Resource::<AppStreamImportedImageProviderPollerCheckFunction[A-Za-z0-9]+\\.Arn>:\\*$/' }],
      },
    ]);
    if (props.logs) {
      suppressNagFindings(this.stateMachine, [{
        id: 'AwsSolutions-IAM5',
        reason: 'Step Functions log delivery: the CloudWatch Logs delivery actions support no resource-level permissions (Step Functions developer guide, "IAM policies for logging to CloudWatch Logs").',
        appliesTo: ['Resource::*'],
      }]);
    } else {
      suppressNagFindings(this.stateMachine, [{
        id: 'AwsSolutions-SF1',
        reason: 'Logging is off by default (providerOptions.stateMachineLogLevel turns it on, without execution data): execution data holds the wait condition handle\'s presigned URL, a credential; the check function logs each state it sees instead.',
      }]);
    }
    if (props.tracing) {
      suppressNagFindings(this.stateMachine, [{
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray\'s PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets support no resource-level permissions.',
        appliesTo: ['Resource::*'],
      }]);
    } else {
      suppressNagFindings(this.stateMachine, [{
        id: 'AwsSolutions-SF2',
        reason: 'Tracing is off by default (providerOptions.stateMachineTracing turns it on): the poller calls one Lambda function in a loop, and X-Ray would bill a trace per poll.',
      }]);
    }
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
