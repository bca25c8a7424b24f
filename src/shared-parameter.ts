import { CfnParameter, Fn, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { SharedParameterOptions } from './shared-parameter-options';

/** What `publishShared` made: the parameter and the RAM share. */
export interface SharedArnParameter {
  readonly parameter: ssm.StringParameter;
  readonly share: ram.CfnResourceShare;
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^arn:aws[a-z-]*:organizations::\d{12}:(organization\/o-[a-z0-9]{10,32}|ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$/;

/** `/cdk-appstream-imported-image/shared/<stack name>/<construct path>`: stable per image and stack. */
export function defaultSharedParameterName(image: Construct): string {
  const stack = Stack.of(image);
  if (Token.isUnresolved(stack.stackName)) {
    throw new Error(`ImportedImage '${image.node.path}': the stack name is only known at deploy time, so no SSM parameter name can be generated; set sharedParameter.parameterName.`);
  }
  const path = image.node.scopes.slice(image.node.scopes.indexOf(stack) + 1).map(scope => scope.node.id.replace(/[^a-zA-Z0-9_.-]/g, '-'));
  return `/cdk-appstream-imported-image/shared/${stack.stackName}/${path.join('/')}`;
}

/**
 * An advanced-tier SSM parameter (only those can be shared) holding the image's ARN, read from
 * the attributes resource, so it is written once the image is AVAILABLE and shared, and a RAM
 * resource share that lets the principals read it. The share's logical id and name do not depend
 * on the principals: CloudFormation updates its Principals in place when the accounts change.
 */
export function publishShared(
  image: Construct, imageArn: string, options: SharedParameterOptions, sharedAccounts: () => string[],
): SharedArnParameter {
  const parameterName = options.parameterName ?? defaultSharedParameterName(image);
  if (!Token.isUnresolved(parameterName) && !/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(parameterName)) {
    throw new Error(`ImportedImage '${image.node.path}': sharedParameter.parameterName '${parameterName}' is not a valid SSM parameter name; use 1 to 1011 letters, digits, '_', '.', '-' and '/'.`);
  }
  const parameter = new ssm.StringParameter(image, 'SharedArnParameter', {
    parameterName,
    stringValue: imageArn,
    // Standard parameters cannot be shared.
    tier: ssm.ParameterTier.ADVANCED,
    description: `ARN of the WorkSpaces Applications image ${image.node.path}, shared with other accounts (cdk-appstream-imported-image)`,
  });
  const principals = () => options.principals ?? sharedAccounts();
  const share = new ram.CfnResourceShare(image, 'SharedArnParameterShare', {
    name: Names.uniqueResourceName(image, { maxLength: 200, separator: '-' }) + '-arn',
    resourceArns: [parameter.parameterArn],
    principals: Lazy.list({ produce: () => principals() }),
    allowExternalPrincipals: options.allowExternalPrincipals ?? true,
  });
  image.node.addValidation({ validate: () => checkPrincipals(principals(), options.principals !== undefined) });
  return { parameter, share };
}

function checkPrincipals(principals: string[], given: boolean): string[] {
  if (principals.length === 0) {
    return [given
      ? 'sharedParameter.principals is empty: give at least one account id, organization ARN or OU ARN.'
      : 'sharedParameter is set but the image is shared with no account: add sharedWith (or call shareWith()), or give sharedParameter.principals.'];
  }
  return principals
    .filter(principal => !Token.isUnresolved(principal) && !ACCOUNT.test(principal) && !ORGANIZATION.test(principal))
    .map(principal => `sharedParameter.principals '${principal}' is not a RAM principal this parameter can be shared with: ` +
      'use a 12-digit account id, an organization ARN (arn:aws:organizations::<account>:organization/o-…) or an OU ARN (arn:aws:organizations::<account>:ou/o-…/ou-…).');
}

/** `arn:<partition>:ssm:<region>:<account>:parameter/<name>` */
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter\/[a-zA-Z0-9_.\-/]+$/;

/**
 * The image ARN in a parameter another account shares with this one: a CloudFormation parameter
 * of type `AWS::SSM::Parameter::Value<String>` whose default is the parameter's full ARN (a
 * shared parameter can be read no other way: no dynamic reference reaches it). The CDK CLI
 * redeploys a stack with an SSM-typed parameter on every deploy, so a fleet follows each new image.
 * Made here rather than with `ssm.StringParameter.fromStringParameterArn` (which synthesizes the
 * same parameter) so that it works on every aws-cdk-lib this library supports.
 */
export function sharedParameterValue(scope: Construct, parameterArn: string): string {
  if (Token.isUnresolved(parameterArn)) {
    throw new Error(`ImportedImage.fromSharedParameterArn: parameterArn must be the parameter's ARN as a literal string (a CloudFormation parameter's default cannot be a token); got ${parameterArn}.`);
  }
  const match = PARAMETER_ARN.exec(parameterArn);
  if (!match) {
    throw new Error(`ImportedImage.fromSharedParameterArn: parameterArn '${parameterArn}' is not an SSM parameter ARN; expected arn:aws:ssm:<region>:<account>:parameter/<name>, as the image account publishes it (sharedParameter).`);
  }
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && match[1] !== region) {
    throw new Error(`ImportedImage.fromSharedParameterArn: parameter '${parameterArn}' is in ${match[1]}, but stack '${Stack.of(scope).node.path}' is in ${region}: ` +
      'a shared parameter can only be read in its own Region. Publish the image in this Region, or deploy the stack to ' + match[1] + '.');
  }
  return new CfnParameter(scope, 'Parameter', {
    type: 'AWS::SSM::Parameter::Value<String>',
    default: parameterArn,
    description: `ARN of a WorkSpaces Applications image, read from the shared SSM parameter ${parameterArn} on every deploy`,
  }).valueAsString;
}

/** `arn:<partition>:appstream:<region>:<account>:image/<name>` → the name, at deploy time. */
export function imageNameOfArn(imageArn: string): string {
  return Fn.select(1, Fn.split('/', imageArn));
}
