import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Settings of the parts every image of a stack shares (the custom resource provider and the
 * poller). Every image of a stack that sets them must set the same values.
 */
export interface ImportedImageProviderOptions {
  /**
   * How long the handler functions' and the poller's logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Run the handler functions in this VPC. They call the WorkSpaces Applications, EC2 and Step
   * Functions APIs and PUT to an S3 presigned URL: the subnets need a NAT gateway or the
   * matching VPC endpoints.
   *
   * @default - the functions run outside any VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` the functions use.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the functions in `vpc`.
   *
   * @default - a security group that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Turn on the CDK Provider framework's own logging (INFO). It writes each custom resource
   * event, with its properties, to CloudWatch Logs: the app catalog (launch parameters included)
   * ends up in the logs. Use it to debug, then turn it off.
   *
   * @default false - the framework logs nothing; the handler logs only names and states
   */
  readonly frameworkLogging?: boolean;

  /**
   * Encrypt the log groups (the functions' and, with `stateMachineLogLevel`, the state
   * machines') with this KMS key (AWS Control Tower control CT.CLOUDWATCH.PR.3).
   *
   * CloudWatch Logs must be allowed to use the key. For a key defined in your CDK app, the
   * library adds that statement to the key policy (principal `logs.<region>.amazonaws.com`,
   * limited to log groups of this account and Region); for an imported key, add it yourself.
   *
   * @default - the log groups are encrypted with a key that CloudWatch Logs owns
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * Log the executions of both state machines (the poller's and the Provider framework's
   * waiter) at this level, to a log group of their own (AWS Control Tower control
   * CT.STEPFUNCTIONS.PR.1 accepts `ERROR` or `ALL`). Execution data is never logged: it holds
   * the wait condition's presigned URL and the app catalog.
   *
   * @default - the state machines do not log (sfn.LogLevel.OFF)
   */
  readonly stateMachineLogLevel?: sfn.LogLevel;

  /**
   * Trace both state machines with AWS X-Ray (AWS Control Tower control CT.STEPFUNCTIONS.PR.2).
   * X-Ray bills per trace: each poll of each image is one.
   *
   * @default false
   */
  readonly stateMachineTracing?: boolean;
}
