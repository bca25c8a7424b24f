import { Aws, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OWNER_TAG_KEY } from './contract';
import { suppressNagFindings } from './nag-suppressions';

/** Properties of the stack's image permissions. */
export interface ImagePermissionsProps {
  /** Role of the onEvent and isComplete functions. */
  readonly handlerRole: iam.IRole;
  /** Role of the poller's check function. */
  readonly checkRole: iam.IRole;
}

/**
 * What the shared functions may do to the stack's images, in policies whose size does not grow
 * with the number of images (IAM allows 10,240 characters of inline policy per role).
 *
 * Images are scoped by the ownership tag, whose value starts with the owning stack's ARN:
 * any stack of this name (a re-created stack has a new id but adopts its images). Per the
 * Service Authorization Reference, on `image` resources AppStream evaluates
 * `aws:ResourceTag/${TagKey}` for DeleteImage, TagResource, UntagResource and the image
 * permission actions; CreateImportedImage evaluates `aws:RequestTag/${TagKey}` and
 * `aws:TagKeys` only (no resource tag: the image does not exist yet); ListTagsForResource
 * evaluates neither. The one part that grows is `iam:PassRole`: one ARN per import role.
 *
 * Each image's import resource depends on `dependable`, so the policies exist before any
 * Create and outlive any Delete. They never shrink below what a Delete needs (the tag-scoped
 * statements are constant; only the PassRole list shrinks, and no Delete passes a role).
 */
export class ImagePermissions extends Construct {
  /** The resource every image's import resource depends on. */
  public readonly dependable: iam.CfnPolicy;
  private readonly passedRoles: iam.IRole[] = [];

  constructor(scope: Construct, id: string, props: ImagePermissionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ownedImages = { StringLike: { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: ownerPattern() } };
    const imageArns = stack.formatArn({ service: 'appstream', resource: 'image', resourceName: '*', region: Aws.REGION, account: Aws.ACCOUNT_ID });
    // Reads of this stack only. Each role gets the reads its code makes (test/iam.test.ts
    // derives them from lambda/): whether a delete is an update's cleanup (the handler), whether
    // the stack tracks an image (the poller).
    const thisStack = (...actions: string[]) => ({ Action: actions.map(a => `cloudformation:${a}`), Effect: 'Allow', Resource: Aws.STACK_ID });
    // Read-only, and needed on images that may not be ours (to check whose they are).
    const listTags = { Action: 'appstream:ListTagsForResource', Effect: 'Allow', Resource: '*' };

    const handlerStatements = [
      {
        Action: 'appstream:CreateImportedImage',
        Effect: 'Allow',
        Resource: '*',
        Condition: { StringLike: { [`aws:RequestTag/${OWNER_TAG_KEY}`]: ownerPattern() } },
      },
      {
        Action: [
          'appstream:DeleteImage',
          'appstream:TagResource',
          'appstream:UntagResource',
          'appstream:UpdateImagePermissions',
          'appstream:DeleteImagePermissions',
          'appstream:DescribeImagePermissions',
        ],
        Effect: 'Allow',
        Resource: imageArns,
        Condition: ownedImages,
      },
      listTags,
      thisStack('DescribeStacks', 'DescribeStackResource', 'ListStackResources'),
    ];
    this.dependable = new iam.CfnPolicy(this, 'Handler', {
      policyName: 'ImportedImages',
      roles: [props.handlerRole.roleName],
      // Lazy: images add their import roles after this policy is made.
      policyDocument: Lazy.any({ produce: () => policyDocument(...handlerStatements, ...this.passRoleStatements()) }),
    });

    const check = new iam.CfnPolicy(this, 'Check', {
      policyName: 'DeleteReplacedImages',
      roles: [props.checkRole.roleName],
      policyDocument: policyDocument(
        {
          Action: [
            'appstream:DeleteImage',
            'appstream:TagResource',
            'appstream:DescribeImagePermissions',
            'appstream:DeleteImagePermissions',
          ],
          Effect: 'Allow',
          Resource: imageArns,
          Condition: ownedImages,
        },
        listTags,
        thisStack('DescribeStackResource'),
      ),
    });

    const reasons = [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'CreateImportedImage and ListTagsForResource take no image condition key on the resource (Service Authorization Reference): CreateImportedImage is limited by aws:RequestTag to images tagged as this stack\'s; ListTagsForResource only reads tags, to check whose an image is.',
        appliesTo: ['Resource::*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Image names are generated per replacement or chosen by the user; the statement is limited by aws:ResourceTag to images whose ownership tag names a stack of this name.',
        appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:appstream:<AWS::Region>:<AWS::AccountId>:image\\/\\*$/' }],
      },
    ];
    suppressNagFindings(this.dependable, reasons);
    suppressNagFindings(check, reasons);
  }

  /** Lets the handler pass this import role to the service (one ARN per role). */
  public allowPassRole(role: iam.IRole): void {
    if (!this.passedRoles.includes(role)) this.passedRoles.push(role);
  }

  private passRoleStatements(): Array<Record<string, unknown>> {
    if (this.passedRoles.length === 0) return [];
    const arns = this.passedRoles.map(role => role.roleArn);
    return [{
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: arns.length === 1 ? arns[0] : arns,
      Condition: { StringEquals: { 'iam:PassedToService': 'appstream.amazonaws.com' } },
    }];
  }
}

/** The ownership tag's value of an image made by any stack of this stack's name: `<stack ARN>/<logical id>`. */
function ownerPattern(): string {
  return Fn.sub('arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*');
}

/** An IAM policy document in its CloudFormation form. */
function policyDocument(...statements: Array<Record<string, unknown>>) {
  return { Version: '2012-10-17', Statement: statements };
}
