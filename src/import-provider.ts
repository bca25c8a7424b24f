import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerCode, handlerRuntime, suppressRuntimeFindingWhereBehind } from './handler-code';
import { ImagePermissions } from './image-permissions';
import { ImagePoller, logWriteStatement } from './image-poller';
import { allowLogsToUseKey, traceWaiter } from './landing-zone';
import { DESCRIBE_IMAGES_REASON, suppressNagFindings } from './nag-suppressions';
import { ImportedImageProviderOptions } from './provider-options';

/**
 * The parts every image of a stack shares: the custom resource provider (onEvent and
 * isComplete functions), the poller, their roles and the permissions on the stack's images
 * (constant in size: see ImagePermissions). Created once per stack.
 */
export class ImportProvider extends Construct {
  /**
   * The stack's provider, created on first use. An image that gives options must give the ones
   * the provider was created with: shared parts cannot honour two settings.
   */
  public static of(scope: Construct, options?: ImportedImageProviderOptions): ImportProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as ImportProvider | undefined;
    if (!existing) return new ImportProvider(stack, PROVIDER_ID, scope.node.path, options ?? {});
    if (options && optionsKey(options) !== optionsKey(existing.options)) {
      throw new Error(
        `ImportedImage '${scope.node.path}': providerOptions ${optionsKey(options)} differ from ${optionsKey(existing.options)}, ` +
        `with which '${existing.createdFor}' already created this stack's shared provider. All images of a stack share one provider: ` +
        'give every image that sets providerOptions the same values, and set them on the first image created in the stack.',
      );
    }
    return existing;
  }

  /** Role of the onEvent and isComplete functions. */
  public readonly handlerRole: iam.Role;
  public readonly serviceToken: string;
  public readonly poller: ImagePoller;
  /** What the functions may do to the stack's images; images add their import roles to it. */
  public readonly permissions: ImagePermissions;

  private constructor(
    scope: Construct,
    id: string,
    /** Path of the image that created the provider, for messages. */
    private readonly createdFor: string,
    private readonly options: ImportedImageProviderOptions,
  ) {
    super(scope, id);

    const logGroupProps = {
      retention: options.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: options.logEncryptionKey,
    };
    const logGroup = new logs.LogGroup(this, 'Logs', logGroupProps);
    if (options.logEncryptionKey) allowLogsToUseKey(this, options.logEncryptionKey);
    const network = options.vpc
      ? { vpc: options.vpc, vpcSubnets: options.vpcSubnets, securityGroups: options.securityGroups }
      : {};
    const level = options.stateMachineLogLevel ?? sfn.LogLevel.OFF;
    // Never execution data: it holds the wait handle's presigned URL and the app catalog.
    const stateMachineLogs = level === sfn.LogLevel.OFF ? undefined : {
      destination: new logs.LogGroup(this, 'StateMachineLogs', logGroupProps),
      level,
      includeExecutionData: false,
    };
    const tracing = options.stateMachineTracing ?? false;
    this.poller = new ImagePoller(this, 'Poller', { logGroup, ...network, logs: stateMachineLogs, tracing });

    this.handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        ImportImages: new iam.PolicyDocument({
          statements: [
            // Neither AppStream's nor EC2's DescribeImages supports resource-level permissions.
            new iam.PolicyStatement({ actions: ['appstream:DescribeImages', 'ec2:DescribeImages'], resources: ['*'] }),
            logWriteStatement(logGroup),
          ],
        }),
      },
    });
    this.poller.stateMachine.grantStartExecution(this.handlerRole);
    this.permissions = new ImagePermissions(this, 'ImagePermissions', { handlerRole: this.handlerRole, checkRole: this.poller.checkRole });

    const environment = { POLLER_STATE_MACHINE_ARN: this.poller.stateMachine.stateMachineArn };
    const handlerFunction = (fnId: string, handler: string, description: string, timeout: Duration) =>
      new lambda.Function(this, fnId, {
        description,
        runtime: handlerRuntime(this),
        code: handlerCode(),
        handler,
        timeout,
        memorySize: 256,
        role: this.handlerRole,
        logGroup,
        environment,
        ...network,
      });

    const provider = new cr.Provider(this, 'Provider', {
      // Room for pre-flight, IAM propagation retries and the import call.
      onEventHandler: handlerFunction('OnEvent', 'index.onEvent', 'Creates, updates and deletes imported AppStream images', Duration.minutes(10)),
      isCompleteHandler: handlerFunction('IsComplete', 'index.isComplete', 'Waits for imported AppStream images to settle', Duration.minutes(1)),
      queryInterval: Duration.seconds(30),
      // Under CloudFormation's one-hour limit for a custom resource, so that the handler's own
      // message (what is left behind) is the one users see.
      totalTimeout: Duration.minutes(55),
      // The framework would otherwise log resource properties, which hold the app catalog.
      frameworkLambdaLoggingLevel: options.frameworkLogging ? lambda.ApplicationLogLevel.INFO : lambda.ApplicationLogLevel.FATAL,
      logGroup,
      ...network,
      waiterStateMachineLogOptions: stateMachineLogs,
      disableWaiterStateMachineLogging: !stateMachineLogs,
    });
    this.serviceToken = provider.serviceToken;
    if (tracing) traceWaiter(provider);

    suppressNagFindings(this.handlerRole, [{ id: 'AwsSolutions-IAM5', reason: DESCRIBE_IMAGES_REASON, appliesTo: ['Resource::*'] }]);
    // The library's three functions and the framework's: the poller's, the handlers, the provider's.
    suppressRuntimeFindingWhereBehind(this);
    suppressNagFindings(provider, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'Roles made by aws-cdk-lib\'s Provider framework for its own functions; AWSLambdaBasicExecutionRole only lets them write their logs.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The Provider framework invokes this stack\'s handler functions; `<function ARN>:*` covers their versions and aliases, nothing else.',
        appliesTo: [{ regex: '/^Resource::<AppStreamImportedImageProvider[A-Za-z0-9]+\\.Arn>:\\*$/' }],
      },
    ]);
    if (options.vpc) {
      suppressNagFindings(provider, [{
        id: 'AwsSolutions-IAM4',
        reason: 'Roles made by aws-cdk-lib\'s Provider framework for its own functions in the VPC; AWSLambdaVPCAccessExecutionRole only lets them manage their network interfaces and write their logs.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'],
      }]);
    }
    if (stateMachineLogs) {
      suppressNagFindings(provider, [{
        id: 'AwsSolutions-IAM5',
        reason: 'Step Functions log delivery (added by the Provider framework to its waiter\'s role): the CloudWatch Logs delivery actions support no resource-level permissions.',
        appliesTo: ['Resource::*'],
      }]);
    } else {
      suppressNagFindings(provider, [{
        id: 'AwsSolutions-SF1',
        reason: 'The framework\'s waiter only retries isComplete; its logging is off by default (providerOptions.stateMachineLogLevel turns it on, without execution data, which holds resource properties and so the app catalog).',
      }]);
    }
    if (tracing) {
      suppressNagFindings(provider, [{
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray\'s PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets support no resource-level permissions.',
        appliesTo: ['Resource::*'],
      }]);
    } else {
      suppressNagFindings(provider, [{
        id: 'AwsSolutions-SF2',
        reason: 'Tracing is off by default (providerOptions.stateMachineTracing turns it on): the framework\'s waiter calls one Lambda function in a loop, and X-Ray would bill a trace per retry.',
      }]);
    }
  }
}

const PROVIDER_ID = 'AppStreamImportedImageProvider';

/** What makes two option sets the same: values, and constructs by path. */
function optionsKey(options: ImportedImageProviderOptions): string {
  return JSON.stringify({
    logRetention: options.logRetention ?? logs.RetentionDays.ONE_MONTH,
    vpc: options.vpc?.node.path,
    vpcSubnets: options.vpcSubnets ? JSON.stringify(options.vpcSubnets, (key, value) => (key === 'subnets' ? value?.map((s: ec2.ISubnet) => s.node.path) : value)) : undefined,
    securityGroups: options.securityGroups?.map(group => group.node.path),
    frameworkLogging: options.frameworkLogging ?? false,
    logEncryptionKey: options.logEncryptionKey?.node.path,
    stateMachineLogLevel: options.stateMachineLogLevel ?? sfn.LogLevel.OFF,
    stateMachineTracing: options.stateMachineTracing ?? false,
  });
}
