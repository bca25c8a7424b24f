import { createHash } from 'crypto';
import {
  ArnFormat, CfnWaitCondition, CfnWaitConditionHandle, CustomResource, Duration, Fn, IResource,
  ITaggable, Lazy, Names, RemovalPolicy, Resource, Stack, TagManager, TagType, Token,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  ATTRIBUTE_KEYS, CREATE_ONLY_PROPERTIES,
  IMPORT_RESOURCE_TYPE, ImportProperties, SCHEMA_VERSION, ShareProperty,
} from './contract';
import { CopyPermissions } from './copy-permissions';
import { checkCopyRegion, duplicateCopyRegion } from './copy-rules';
import { imageAttributes } from './image-attributes';
import { ImageCopy } from './image-copy';
import { IImageCopy, ImageCopyOptions } from './image-copy-options';
import { arnParameter, checkSameEnvironment, defaultParameterName, warnAboutExports } from './image-parameter';
import { ImageShare, ImageShareOptions } from './image-share';
import { ImageSourceConfig } from './image-source';
import { ImportProvider } from './import-provider';
import { ImportedImageProps } from './imported-image-props';
import { DESCRIBE_IMAGES_REASON, suppressNagFindings } from './nag-suppressions';
import { imageNameOfArn, publishShared, sharedParameterValue } from './shared-parameter';
import { addStackDependency } from './stack-dependency';
import { checkUniqueImageName, validateImportedImageProps, validateTags } from './validation';
import { waitSegments } from './wait-segments';
import { waitTiming } from './wait-timing';

/** How long a replaced image that is still in use keeps being retried for deletion, by default. */
const DEFAULT_RETIRE_TIMEOUT = Duration.days(7);

/** An Amazon WorkSpaces Applications (AppStream 2.0) image. */
export interface IImportedImage extends IResource {
  /**
   * The image's ARN, for `CfnFleet.imageArn` or `CfnImageBuilder.imageArn`.
   *
   * @attribute
   */
  readonly imageArn: string;

  /**
   * The image's name, for `CfnFleet.imageName`.
   *
   * @attribute
   */
  readonly imageName: string;
}

/** Attributes of an image made elsewhere. */
abstract class ImportedImageBase extends Resource implements IImportedImage {
  public abstract readonly imageArn: string;
  public abstract readonly imageName: string;
}

/**
 * An Amazon WorkSpaces Applications (AppStream 2.0) image imported from an EC2 AMI or an Amazon
 * WorkSpaces image with `CreateImportedImage`.
 *
 * The deployment waits (up to `timeout`) until the image is AVAILABLE, and `imageArn` /
 * `imageName` are only available to other resources after that, so a fleet that uses them
 * never starts before the image can run.
 *
 * @resource Custom::AppStreamImportedImage
 */
export class ImportedImage extends ImportedImageBase implements ITaggable {
  /** An image made elsewhere, by name, in this stack's account and Region. */
  public static fromImageName(scope: Construct, id: string, imageName: string): IImportedImage {
    class Import extends ImportedImageBase {
      public readonly imageName = imageName;
      public readonly imageArn = Stack.of(scope).formatArn({
        service: 'appstream',
        resource: 'image',
        resourceName: imageName,
      });
    }
    return new Import(scope, id);
  }

  /**
   * An image whose ARN another stack or app publishes in an SSM String parameter (see
   * `parameterName`), read with an SSM-typed CloudFormation parameter: the stack reads the
   * current value on every deployment, and the CDK CLI redeploys it on every `cdk deploy`.
   */
  public static fromParameterName(scope: Construct, id: string, parameterName: string): IImportedImage {
    class Import extends ImportedImageBase {
      public readonly imageArn = ssm.StringParameter.valueForStringParameter(this, parameterName);
      // arn:<partition>:appstream:<region>:<account>:image/<name>
      public readonly imageName = Fn.select(1, Fn.split('/', this.imageArn));
    }
    return new Import(scope, id);
  }

  /**
   * An image that another account imports and publishes with `sharedParameter`: `parameterArn`
   * is that parameter's full ARN (`arn:aws:ssm:<region>:<image account>:parameter/<name>`), which
   * the image account shares with this one through AWS RAM. Read with an SSM-typed CloudFormation
   * parameter: the stack reads the current image at every deployment, and the CDK CLI redeploys
   * it on every `cdk deploy`, so its fleets follow each new image. The stack must be in the
   * parameter's Region.
   */
  public static fromSharedParameterArn(scope: Construct, id: string, parameterArn: string): IImportedImage {
    class Import extends ImportedImageBase {
      public readonly imageArn = sharedParameterValue(this, parameterArn);
      public readonly imageName = imageNameOfArn(this.imageArn);
    }
    return new Import(scope, id);
  }

  /** An image made elsewhere, by ARN (`arn:aws:appstream:<region>:<account>:image/<name>`). */
  public static fromImageArn(scope: Construct, id: string, imageArn: string): IImportedImage {
    const name = Stack.of(scope).splitArn(imageArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName;
    if (!name) {
      throw new Error(`ImportedImage.fromImageArn: imageArn '${imageArn}' has no image name; expected arn:aws:appstream:<region>:<account>:image/<name>.`);
    }
    class Import extends ImportedImageBase {
      public readonly imageArn = imageArn;
      public readonly imageName = name!;
    }
    return new Import(scope, id, { environmentFromArn: imageArn });
  }

  public readonly imageArn: string;
  public readonly imageName: string;

  /**
   * The image's platform, for example `WINDOWS_SERVER_2022`.
   *
   * @attribute
   */
  public readonly imagePlatform: string;

  /**
   * The image's type, `CUSTOM` for an imported image.
   *
   * @attribute
   */
  public readonly imageType: string;

  /**
   * The version of the agent the image runs.
   *
   * @attribute
   */
  public readonly imageAgentVersion: string;

  /**
   * The instance families the image runs on, for example `GENERAL_PURPOSE`.
   *
   * @attribute
   */
  public readonly imageSupportedInstanceFamilies: string[];

  /** The role the service uses to import the AMI (undefined for a WorkSpaces image source). */
  public readonly role?: iam.IRole;

  public readonly tags: TagManager;

  /**
   * The SSM parameter that holds `imageArn` (see `parameterName` and `referenceFrom`), once there is one.
   */
  public parameterName?: string;

  /**
   * The ARN of the advanced-tier SSM parameter that other accounts read the image's ARN from
   * (see `sharedParameter`), when there is one.
   */
  public readonly sharedParameterArn?: string;

  private readonly shares = new Map<string, ImageShare>();
  private readonly copies = new Map<string, ImageCopy>();
  private readonly copyConfig: Omit<ConstructorParameters<typeof ImageCopy>[2], 'region' | 'options' | 'permissions'>;
  private readonly provider: ImportProvider;

  constructor(scope: Construct, id: string, props: ImportedImageProps) {
    super(scope, id, { physicalName: props.imageName });

    const source = props.source.bind(this);
    const problems = [...validateImportedImageProps(props, source), ...checkUniqueImageName(this, props.imageName)];
    if (problems.length > 0) {
      throw new Error(`ImportedImage '${this.node.path}' has invalid properties:\n${problems.map(p => `- ${p}`).join('\n')}`);
    }

    this.tags = new TagManager(TagType.KEY_VALUE, IMPORT_RESOURCE_TYPE);
    // Tags.of() applies tags with an aspect, after construction: check them at synth.
    this.node.addValidation({ validate: () => validateTags(this.tags.renderTags() ?? []) });
    this.role = source.amiId ? (props.role ?? this.createImportRole(source.amiId)) : undefined;

    const provider = ImportProvider.of(this, props.providerOptions);
    for (const share of props.sharedWith ?? []) this.shareWith(share.account, share);
    const fixedName = props.imageName;
    const namePrefix = fixedName ? undefined : Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const timeout = props.timeout ?? Duration.hours(2);
    const pollInterval = props.pollInterval ?? Duration.seconds(30);

    const createOnly = this.createOnlyProperties(props, source, fixedName, namePrefix);
    // A deploy-time value (a CfnParameter, an SSM-parameter AMI id) can replace the image with
    // no change to the template: a wait condition, whose logical id is fixed at synth, would
    // not wait for the new image. Wait segments (custom resources) wait for whichever it is.
    const deployTimeSource = hasDeployTimeValue(createOnly, this.role && !props.role ? ['IamRoleArn'] : []);
    const timing = waitTiming(timeout.toSeconds(), pollInterval.toSeconds());
    // A new handle and wait condition whenever the image is replaced or the timeout changes:
    // CloudFormation cannot update a wait condition, and a signalled handle cannot be reused.
    const waitId = hashOf(Stack.of(this).resolve({ createOnly, timeout: timeout.toSeconds() }));
    const handle = deployTimeSource ? undefined : new CfnWaitConditionHandle(this, `WaitHandle${waitId}`);

    if (this.role) provider.permissions.allowPassRole(this.role);

    const importProperties: ImportProperties = {
      SchemaVersion: SCHEMA_VERSION,
      ...createOnly,
      Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }) as any,
      WaitHandle: handle?.ref,
      TimeoutSeconds: String(timing.pollerDeadlineSeconds),
      PollIntervalSeconds: String(pollInterval.toSeconds()),
      Preflight: String(props.preflight ?? true),
      RemovalPolicy: props.removalPolicy === RemovalPolicy.RETAIN ? 'retain' : 'destroy',
      RetireTimeoutSeconds: String((props.replacedImageDeleteTimeout ?? DEFAULT_RETIRE_TIMEOUT).toSeconds()),
      // Absent, the handler applies the same default (7 days): templates without it stay as they were.
      SharedGraceSeconds: props.sharedImageGracePeriod ? String(props.sharedImageGracePeriod.toSeconds()) : undefined,
    };
    const importResource = new CustomResource(this, 'Import', {
      serviceToken: provider.serviceToken,
      resourceType: IMPORT_RESOURCE_TYPE,
      properties: importProperties,
      serviceTimeout: Duration.hours(1),
    });
    // The handler's permissions exist before Create and outlive Delete.
    importResource.node.addDependency(provider.permissions.dependable);

    const wait = handle
      ? new CfnWaitCondition(this, `Wait${waitId}`, { handle: handle.ref, timeout: String(timing.waitConditionTimeoutSeconds), count: 1 })
      : waitSegments(this, provider.serviceToken, importResource.ref, timeout.toSeconds());
    wait.node.addDependency(importResource);

    // Everything that reads the image's attributes comes after the wait, so a fleet that uses
    // them is only created once the image is AVAILABLE.
    const attributes = imageAttributes(this, {
      serviceToken: provider.serviceToken, imageName: importResource.ref, shares: () => this.renderShares(), after: wait,
    });
    this.parameterName = props.parameterName;
    this.node.addValidation({ validate: () => warnAboutExports(this, attributes) });

    this.imageArn = attributes.getAttString(ATTRIBUTE_KEYS.arn);
    this.imageName = attributes.getAttString(ATTRIBUTE_KEYS.name);
    this.imagePlatform = attributes.getAttString(ATTRIBUTE_KEYS.platform);
    this.imageType = attributes.getAttString(ATTRIBUTE_KEYS.imageType);
    this.imageAgentVersion = attributes.getAttString(ATTRIBUTE_KEYS.agentVersion);
    this.imageSupportedInstanceFamilies = Token.asList(
      Fn.split(',', attributes.getAttString(ATTRIBUTE_KEYS.supportedInstanceFamilies)),
    );
    if (props.parameterName !== undefined) this.publishArn();
    if (props.sharedParameter) {
      const shared = publishShared(this, this.imageArn, props.sharedParameter, () => [...this.shares.keys()]);
      this.sharedParameterArn = shared.parameter.parameterArn;
    }

    this.provider = provider;
    this.copyConfig = {
      serviceToken: provider.serviceToken,
      dependables: [provider.permissions.dependable],
      sourceImageName: this.imageName,
      description: props.description,
      tags: () => this.tags.renderTags(),
      shares: () => this.renderShares(),
      removalPolicy: importProperties.RemovalPolicy as 'retain' | 'destroy',
      retireTimeoutSeconds: Number(importProperties.RetireTimeoutSeconds),
      sharedGraceSeconds: props.sharedImageGracePeriod?.toSeconds(),
      timeoutSeconds: timeout.toSeconds(),
      parameterName: () => this.parameterName ?? defaultParameterName(this),
    };
    const copyProblems: string[] = [];
    for (const region of props.copyToRegions ?? []) {
      const found = this.copyProblems(region);
      if (found.length === 0) this.copyTo(region);
      copyProblems.push(...found);
    }
    if (copyProblems.length > 0) {
      throw new Error(`ImportedImage '${this.node.path}' has invalid properties:\n${copyProblems.map(p => `- ${p}`).join('\n')}`);
    }
  }

  /**
   * Copies the image to another Region of the account once it is AVAILABLE (`CopyImage`); the
   * deployment waits until the copy is AVAILABLE too (all copies at once, within `timeout`), or
   * fails with the service's reason and rolls back. The copy follows the image: a new image
   * brings a new copy, and the old copy is deleted like the old image. Fleets in that Region use
   * `copy.referenceFrom(stack)`, or `image.referenceFrom(stack)`, which picks the copy.
   */
  public copyTo(region: string, options: ImageCopyOptions = {}): IImageCopy {
    const problems = this.copyProblems(region);
    if (problems.length > 0) {
      throw new Error(`ImportedImage '${this.node.path}' has invalid properties:\n${problems.map(p => `- ${p}`).join('\n')}`);
    }
    const id = Token.isUnresolved(region) ? `Copy${this.copies.size + 1}` : `CopyTo${region.split('-').map(capitalize).join('')}`;
    const copy = new ImageCopy(this, id, {
      ...this.copyConfig,
      region,
      options,
      permissions: CopyPermissions.of(this.provider),
    });
    this.copies.set(region, copy);
    return copy;
  }

  /** The copy of this image in that Region, if `copyToRegions` or `copyTo` made one. */
  public copyIn(region: string): IImageCopy | undefined {
    return this.copies.get(region);
  }

  private copyProblems(region: string): string[] {
    const own = Stack.of(this).region;
    const problems = Token.isUnresolved(region) ? [] : checkCopyRegion(region, Token.isUnresolved(own) ? undefined : own);
    if (this.copies.has(region)) problems.push(duplicateCopyRegion(region));
    return problems;
  }

  /**
   * This image as another stack should use it: through the SSM parameter the image publishes
   * its ARN in (created if `parameterName` was not given), read there with an SSM-typed
   * CloudFormation parameter. The other stack is deployed after this one and redeployed by every
   * `cdk deploy`, so its fleets follow each replacement of the image (a new AMI) in the same
   * `cdk deploy --all`, and no CloudFormation export ever blocks the replacement.
   * In this image's own stack, returns the image itself.
   */
  public referenceFrom(scope: Construct): IImportedImage {
    const consumer = Stack.of(scope);
    const producer = Stack.of(this);
    if (consumer === producer) return this;
    // A stack in a Region the image is copied to gets the copy, by the same path.
    const copy = Token.isUnresolved(consumer.region) ? undefined : this.copies.get(consumer.region);
    if (copy && consumer.region !== producer.region) return copy.referenceFrom(scope);
    checkSameEnvironment(this, consumer);
    const parameterName = this.publishArn();
    addStackDependency(consumer, producer, `${this.node.path} publishes its ARN in the SSM parameter ${parameterName}`);
    const id = `ImportedImage${Names.uniqueId(this)}`;
    return (consumer.node.tryFindChild(id) as IImportedImage | undefined) ?? ImportedImage.fromParameterName(consumer, id, parameterName);
  }

  /** Publishes the ARN in the SSM parameter (once) and returns the parameter's name. */
  private publishArn(): string {
    if (!this.node.tryFindChild('ArnParameter')) {
      this.parameterName ??= defaultParameterName(this);
      arnParameter(this, this.parameterName, this.imageArn);
    }
    return this.parameterName!;
  }

  /**
   * Shares the image with another AWS account once it is AVAILABLE (`UpdateImagePermissions`).
   * Sharing again with the same account replaces its permissions.
   */
  public shareWith(account: string, options: ImageShareOptions = {}): void {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new Error(`ImportedImage '${this.node.path}': shareWith account '${account}' is not an AWS account id; expected 12 digits.`);
    }
    this.shares.set(account, { account, ...options });
  }

  private renderShares(): ShareProperty[] {
    return [...this.shares.values()].map(share => ({
      Account: share.account,
      AllowFleet: String(share.allowFleet ?? true),
      AllowImageBuilder: String(share.allowImageBuilder ?? false),
    }));
  }

  /** The documented import role: trusted by the service, allowed to read and modify only this AMI. */
  private createImportRole(amiId: string): iam.IRole {
    const amiArn = Stack.of(this).formatArn({ service: 'ec2', account: '', resource: 'image', resourceName: amiId });
    // An L1 role with plain documents: the L2 Role's machinery (lazy documents, grants,
    // validations) costs a third of an image's synth time, and this role never changes.
    const role = new iam.CfnRole(this, 'ImportRole', {
      assumeRolePolicyDocument: policyDocument({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'appstream.amazonaws.com' },
      }),
      description: `Lets WorkSpaces Applications import ${this.node.path}'s AMI`,
      policies: [{
        policyName: 'ImportAmi',
        policyDocument: policyDocument(
          // DescribeImages supports no resource-level permissions.
          { Action: 'ec2:DescribeImages', Effect: 'Allow', Resource: '*' },
          { Action: 'ec2:ModifyImageAttribute', Effect: 'Allow', Resource: amiArn },
        ),
      }],
    });
    suppressNagFindings(role, [{ id: 'AwsSolutions-IAM5', reason: DESCRIBE_IMAGES_REASON, appliesTo: ['Resource::*'] }]);
    return iam.Role.fromRoleArn(this, 'ImportRoleArn', role.attrArn, { mutable: false });
  }

  private createOnlyProperties(
    props: ImportedImageProps,
    source: ImageSourceConfig,
    fixedName: string | undefined,
    namePrefix: string | undefined,
  ): Pick<ImportProperties, typeof CREATE_ONLY_PROPERTIES[number]> {
    return {
      ImageName: fixedName,
      NamePrefix: namePrefix,
      SourceAmiId: source.amiId,
      WorkspaceImageId: source.workspaceImageId,
      IamRoleArn: this.role?.roleArn,
      DisplayName: props.displayName,
      Description: props.description,
      Applications: props.applications?.map(app => ({
        Name: app.name,
        DisplayName: app.displayName,
        AbsoluteAppPath: app.absoluteAppPath,
        AbsoluteIconPath: app.absoluteIconPath,
        AbsoluteManifestPath: app.absoluteManifestPath,
        WorkingDirectory: app.workingDirectory,
        LaunchParameters: app.launchParameters,
      })),
      RuntimeValidationInstanceType: props.runtimeValidationInstanceType,
      AgentSoftwareVersion: props.agentSoftwareVersion?.value,
    };
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** An IAM policy document in its CloudFormation form. */
function policyDocument(...statements: Array<Record<string, unknown>>) {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * True when a create-only property holds a deploy-time value (a CfnParameter, an SSM-parameter
 * AMI id, an import): only the import role this construct made (`skip`) is known to be stable.
 */
function hasDeployTimeValue(createOnly: Record<string, unknown>, skip: string[]): boolean {
  return Object.entries(createOnly).some(([key, value]) => !skip.includes(key) && value !== undefined && containsToken(value));
}

function containsToken(value: unknown): boolean {
  if (typeof value === 'string') return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(containsToken);
  if (value && typeof value === 'object') return Object.values(value).some(containsToken);
  return false;
}

/** A short, stable hash of a resolved value (tokens hash as their CloudFormation references). */
function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8).toUpperCase();
}
