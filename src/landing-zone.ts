import { Annotations, ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/**
 * Lets CloudWatch Logs use the key for this account's and Region's log groups (the key policy
 * statement of the CloudWatch Logs user guide, "Encrypt log data using AWS KMS"). Scoped by
 * the encryption context to log groups, not to ours by name: naming them would make a cycle
 * (the log groups reference the key). An imported key's policy cannot be changed: warn.
 */
export function allowLogsToUseKey(scope: Construct, key: kms.IKey): void {
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }), /* allowNoOp */ true);
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-appstream-imported-image:logEncryptionKey',
      `providerOptions.logEncryptionKey ${key.node.path} is imported, so its key policy cannot be changed here: ` +
      `allow the service principal logs.${Stack.of(scope).region}.amazonaws.com to use it (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, ` +
      'kms:GenerateDataKey*, kms:Describe*), or the log groups cannot be created.');
  }
}

/**
 * X-Ray tracing for the Provider framework's waiter state machine, which `cr.Provider` does
 * not expose: set on its L1 resource, with the permissions Step Functions needs to send traces.
 */
export function traceWaiter(provider: cr.Provider): void {
  const waiter = provider.node.findChild('waiter-state-machine');
  const stateMachine = waiter.node.findChild('Resource') as sfn.CfnStateMachine;
  stateMachine.tracingConfiguration = { enabled: true };
  const role = waiter.node.findChild('Role') as iam.Role;
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    resources: ['*'],
  }));
}
