/**
 * Cross-stack use of an image: the SSM parameter that carries its ARN to other stacks, and the
 * warning for a plain cross-stack reference (a CloudFormation export, which blocks rotation, or a
 * weak reference, which a rotation does not move).
 * Not part of the public API.
 */
import { Annotations, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** Acknowledge with `Annotations.of(image).acknowledgeWarning('cdk-appstream-imported-image:crossStackExport')`. */
const CROSS_STACK_EXPORT_WARNING = 'cdk-appstream-imported-image:crossStackExport';
/** The same for a weak reference (`Fn::GetStackOutput`). */
const CROSS_STACK_WEAK_REFERENCE_WARNING = 'cdk-appstream-imported-image:crossStackWeakReference';
/** aws-cdk-lib 2.258+: `strong` (the default), `weak` or `both`. */
const CROSS_STACK_REFERENCES_CONTEXT = '@aws-cdk/core:defaultCrossStackReferences';

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
 * attributes through a cross-stack reference, under any reference strength
 * (`@aws-cdk/core:defaultCrossStackReferences`, aws-cdk-lib 2.258+). Strong references read a
 * CloudFormation export (`Exports`), weak ones a plain output (`Publish`, read with
 * `Fn::GetStackOutput`), `both` makes the two and reads the output. Never an error: the warning
 * can be acknowledged.
 */
export function warnAboutExports(image: Construct, attributes: Construct): string[] {
  const stack = Stack.of(image);
  const resource = attributes.node.defaultChild as CfnResource;
  const logicalId = stack.resolve(resource.logicalId);
  const readers = (scopeId: string) => (stack.node.tryFindChild(scopeId)?.node.children ?? [])
    .filter((child): child is CfnOutput => child instanceof CfnOutput)
    .filter(output => JSON.stringify(stack.resolve(output.value)).includes(`"${logicalId}"`));
  const exports = readers('Exports');
  const outputs = readers('Publish');
  const strength = image.node.tryGetContext(CROSS_STACK_REFERENCES_CONTEXT);
  const flag = strength === undefined ? '' : ` (${CROSS_STACK_REFERENCES_CONTEXT} is '${strength}')`;
  const fix = 'Use image.referenceFrom(otherStack).imageArn (an SSM parameter the other stack re-reads on every deploy) instead.';
  // On the attributes resource (what the reference reads): acknowledging on the image, or on
  // any scope above it, then silences it (aws-cdk-lib matches acknowledgements on parent paths).
  if (outputs.length > 0) {
    const names = outputs.map(output => `'${stack.resolve(output.logicalId)}'`).join(', ');
    const alsoExported = exports.length > 0
      ? ' The export that is also made (for stacks deployed before) blocks the rotation as well while one of them still imports it.'
      : '';
    Annotations.of(attributes).addWarningV2(CROSS_STACK_WEAK_REFERENCE_WARNING,
      `Another stack reads this image's imageArn or imageName through a weak cross-stack reference${flag}: Fn::GetStackOutput of ${names} of stack '${stack.stackName}'. ` +
      'A new AMI replaces the image, but the other stack\'s template does not change, so cdk deploy skips that stack and its fleet stays on the old image; ' +
      'the old image, still in use, is then left in the account (tagged cdk-appstream-imported-image:retired) after replacedImageDeleteTimeout.' + alsoExported + ' ' + fix);
  } else if (exports.length > 0) {
    Annotations.of(attributes).addWarningV2(CROSS_STACK_EXPORT_WARNING,
      `Another stack reads this image's imageArn or imageName through a CloudFormation export (Fn::ImportValue)${flag}. ` +
      'A new AMI replaces the image, and CloudFormation refuses to change an export that another stack imports, so the rotation\'s deployment fails. ' +
      fix);
  }
  return [];
}
