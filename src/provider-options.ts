import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';

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
}
