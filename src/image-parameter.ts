/**
 * Cross-stack use of an image: the SSM parameter that carries its ARN to other stacks, and the
 * warning for a plain cross-stack reference (a CloudFormation export, which blocks rotation).
 * Not part of the public API.
 */
import { Annotations, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** Acknowledge with `Annotations.of(image).acknowledgeWarning('cdk-appstream-imported-image:crossStackExport')`. */
const CROSS_STACK_EXPORT_WARNING = 'cdk-appstream-imported-image:crossStackExport';

/** `/cdk-appstream-imported-image/<stack name>/<construct path in the stack>`: stable, and unique per image and stack. */
export function defaultParameterName(image: Construct): string {
  const stack = Stack.of(image);
  if (Token.isUnresolved(stack.stackName)) {
    throw new Error(`ImportedImage '${image.node.path}': the stack name is only known at deploy time, so no SSM parameter name can be generated; set parameterName.`);
  }
  const path = image.node.scopes.slice(image.node.scopes.indexOf(stack) + 1).map(scope => scope.node.id.replace(/[^a-zA-Z0-9_.-]/g, '-'));
  return `/cdk-appstream-imported-image/${stack.stackName}/${path.join('/')}`;
}

/** The parameter that holds the image's ARN; it reads the ARN after the wait, so it is written once the image is AVAILABLE. */
export function arnParameter(image: Construct, parameterName: string, imageArn: string): ssm.StringParameter {
  if (!Token.isUnresolved(parameterName) && !/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(parameterName)) {
    throw new Error(`ImportedImage '${image.node.path}': parameterName '${parameterName}' is not a valid SSM parameter name; use 1 to 1011 letters, digits, '_', '.', '-' and '/'.`);
  }
  return new ssm.StringParameter(image, 'ArnParameter', {
    parameterName,
    stringValue: imageArn,
    description: `ARN of the WorkSpaces Applications image ${image.node.path} (cdk-appstream-imported-image)`,
  });
}

/** SSM parameters are per account and Region: a consumer elsewhere could never read it. */
export function checkSameEnvironment(image: Construct, consumer: Stack): void {
  const producer = Stack.of(image);
  const differ = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
  if (differ(producer.account, consumer.account) || differ(producer.region, consumer.region)) {
    throw new Error(
      `ImportedImage '${image.node.path}' (account ${producer.account}, Region ${producer.region}) cannot be referenced from stack ` +
      `'${consumer.node.path}' (account ${consumer.account}, Region ${consumer.region}): images and SSM parameters belong to one ` +
      'account and Region. Import the image in the consumer\'s account and Region, or share it (sharedWith, sharedParameter) and use ' +
      'ImportedImage.fromSharedParameterArn there.',
    );
  }
}

/**
 * At synth (after references are resolved): warns when another stack reads this image's
 * attributes through a CloudFormation export. Never an error: the warning can be acknowledged.
 */
export function warnAboutExports(image: Construct, attributes: Construct): string[] {
  const stack = Stack.of(image);
  const exports = stack.node.tryFindChild('Exports');
  const resource = attributes.node.defaultChild as CfnResource;
  const logicalId = stack.resolve(resource.logicalId);
  const exported = (exports?.node.children ?? [])
    .filter((child): child is CfnOutput => child instanceof CfnOutput)
    .some(output => JSON.stringify(stack.resolve(output.value)).includes(`"${logicalId}"`));
  if (exported) {
    // On the attributes resource (what the export reads): acknowledging on the image, or on
    // any scope above it, then silences it (aws-cdk-lib matches acknowledgements on parent paths).
    Annotations.of(attributes).addWarningV2(CROSS_STACK_EXPORT_WARNING,
      'Another stack reads this image\'s imageArn or imageName through a CloudFormation export (Fn::ImportValue). ' +
      'A new AMI replaces the image, and CloudFormation refuses to change an export that another stack imports, so the rotation\'s deployment fails. ' +
      'Use image.referenceFrom(otherStack).imageArn (an SSM parameter the other stack re-reads on every deploy) instead.');
  }
  return [];
}
