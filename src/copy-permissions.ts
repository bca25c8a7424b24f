import { Aws, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OWNER_TAG_KEY } from './contract';
import { ImportProvider } from './import-provider';
import { suppressNagFindings } from './nag-suppressions';

/**
 * What the shared functions may do for the stack's image copies, in the copies' Regions: one
 * policy per role, whatever the number of copies, growing only by a Region (and an SSM parameter
 * ARN per published copy). Scoped by the ownership tag like the image's own permissions
 * (ImagePermissions). Service Authorization Reference: `appstream:CopyImage` takes the source
 * `image` resource and `aws:ResourceTag/${TagKey}`; CopyImage copies no tags, so the handler may
 * also tag a copy that carries no ownership tag yet, and only with this stack's ownership tag
 * (`aws:RequestTag`, with `Null` on `aws:ResourceTag`).
 */
export class CopyPermissions extends Construct {
  /** The stack's copy permissions, created with the first copy. */
  public static of(provider: ImportProvider): CopyPermissions {
    return (provider.node.tryFindChild(ID) as CopyPermissions | undefined) ?? new CopyPermissions(provider, ID);
  }

  /** The resource every copy's resources depend on. */
  public readonly dependable: iam.CfnPolicy;
  private readonly regions: string[] = [];
  private readonly parameterArns: string[] = [];

  private constructor(provider: ImportProvider, id: string) {
    super(provider, id);
    const owned = { StringLike: { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: ownerPattern() } };
    const imagesInRegions = () => this.regions.map(region => Stack.of(this).formatArn({ service: 'appstream', resource: 'image', resourceName: '*', region }));
    const handlerStatements = () => [
      {
        Action: 'appstream:CopyImage',
        Effect: 'Allow',
        Resource: Stack.of(this).formatArn({ service: 'appstream', resource: 'image', resourceName: '*', region: Aws.REGION }),
        Condition: owned,
      },
      {
        Action: [
          'appstream:DeleteImage', 'appstream:TagResource', 'appstream:UntagResource',
          'appstream:UpdateImagePermissions', 'appstream:DeleteImagePermissions', 'appstream:DescribeImagePermissions',
        ],
        Effect: 'Allow',
        Resource: imagesInRegions(),
        Condition: owned,
      },
      {
        Action: 'appstream:TagResource',
        Effect: 'Allow',
        Resource: imagesInRegions(),
        Condition: {
          StringLike: { [`aws:RequestTag/${OWNER_TAG_KEY}`]: ownerPattern() },
          Null: { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: 'true' },
        },
      },
      ...(this.parameterArns.length > 0
        ? [{ Action: ['ssm:PutParameter', 'ssm:DeleteParameter'], Effect: 'Allow', Resource: [...this.parameterArns] }]
        : []),
    ];
    this.dependable = new iam.CfnPolicy(this, 'Handler', {
      policyName: 'ImageCopies',
      roles: [provider.handlerRole.roleName],
      policyDocument: Lazy.any({ produce: () => ({ Version: '2012-10-17', Statement: handlerStatements() }) }),
    });
    const check = new iam.CfnPolicy(this, 'Check', {
      policyName: 'DeleteReplacedCopies',
      roles: [provider.poller.checkRole.roleName],
      policyDocument: Lazy.any({
        produce: () => ({
          Version: '2012-10-17',
          Statement: [{
            Action: ['appstream:DeleteImage', 'appstream:TagResource', 'appstream:DescribeImagePermissions', 'appstream:DeleteImagePermissions'],
            Effect: 'Allow',
            Resource: imagesInRegions(),
            Condition: owned,
          }],
        }),
      }),
    });
    const reason = {
      id: 'AwsSolutions-IAM5',
      reason: 'Image names are generated per replacement; CopyImage, and the calls on copies in the Regions the stack copies its images to, are limited by aws:ResourceTag to images whose ownership tag names a stack of this name (and an untagged copy may only be tagged with that ownership tag).',
      appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:appstream:.+:image\\/\\*$/' }],
    };
    suppressNagFindings(this.dependable, [reason]);
    suppressNagFindings(check, [reason]);
  }

  /** Lets the functions work on copies in this Region. */
  public allowRegion(region: string): void {
    if (!this.regions.includes(region)) this.regions.push(region);
  }

  /** Lets the handler write and delete this SSM parameter in this Region. */
  public allowParameter(region: string, parameterName: string): void {
    // arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading '/'>
    const name = Token.isUnresolved(parameterName) ? Fn.select(1, Fn.split('parameter/', `parameter${parameterName}`)) : parameterName.replace(/^\//, '');
    this.parameterArns.push(Stack.of(this).formatArn({ service: 'ssm', region, resource: 'parameter', resourceName: name }));
  }
}

const ID = 'CopyPermissions';

/** The ownership tag's value of an image made by any stack of this stack's name (as in ImagePermissions). */
function ownerPattern(): string {
  return Fn.sub('arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*');
}
