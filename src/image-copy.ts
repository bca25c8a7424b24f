import { CustomResource, Duration, Fn, Lazy, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { ATTRIBUTE_KEYS, SCHEMA_VERSION, ShareProperty, TagProperty } from './contract';
import { COPY_ATTRIBUTE_KEYS, COPY_PARAMETER_RESOURCE_TYPE, COPY_RESOURCE_TYPE, CopyParameterProperties, CopyProperties } from './copy-contract';
import { CopyPermissions } from './copy-permissions';
import { imageAttributes } from './image-attributes';
import { IImageCopy, ImageCopyOptions } from './image-copy-options';
import type { IImportedImage } from './imported-image';
import { addStackDependency } from './stack-dependency';
import { waitSegments } from './wait-segments';

/** What the image gives each of its copies. Not part of the public API. */
export interface ImageCopyConfig {
  readonly region: string;
  readonly options: ImageCopyOptions;
  readonly serviceToken: string;
  readonly dependables: IDependable[];
  readonly permissions: CopyPermissions;
  /** The image's name, from its attributes (the copy starts once the image is AVAILABLE and shared). */
  readonly sourceImageName: string;
  readonly description?: string;
  readonly tags: () => TagProperty[] | undefined;
  readonly shares: () => ShareProperty[];
  readonly removalPolicy: 'retain' | 'destroy';
  readonly retireTimeoutSeconds: number;
  /** The image's sharedImageGracePeriod, when set: a replaced copy shared with other accounts waits as long. */
  readonly sharedGraceSeconds?: number;
  readonly timeoutSeconds: number;
  readonly parameterName: () => string;
}

/** One copy: CopyImage (`Copy`), the wait for AVAILABLE in its Region (`WaitSegment…`), its attributes and shares (`Attributes`). */
export class ImageCopy extends Resource implements IImageCopy {
  public readonly copyRegion: string;
  public readonly imageArn: string;
  public readonly imageName: string;
  /** The SSM parameter in the copy's Region, once `referenceFrom` published one. */
  public parameterName?: string;

  constructor(scope: Construct, id: string, private readonly config: ImageCopyConfig) {
    super(scope, id, { region: config.region });
    this.copyRegion = config.region;
    config.permissions.allowRegion(config.region);

    const copyProperties: CopyProperties = {
      SchemaVersion: SCHEMA_VERSION,
      SourceImageName: config.sourceImageName,
      DestinationRegion: config.region,
      DestinationImageDescription: config.options.description ?? config.description,
      Tags: Lazy.any({ produce: () => config.tags() }, { omitEmptyArray: true }) as any,
      RemovalPolicy: config.removalPolicy,
      RetireTimeoutSeconds: String(config.retireTimeoutSeconds),
      SharedGraceSeconds: config.sharedGraceSeconds === undefined ? undefined : String(config.sharedGraceSeconds),
    };
    const copy = new CustomResource(this, 'Copy', {
      serviceToken: config.serviceToken,
      resourceType: COPY_RESOURCE_TYPE,
      properties: copyProperties,
      serviceTimeout: Duration.hours(1),
    });
    // The permissions exist before Create and outlive Delete.
    for (const dependable of [...config.dependables, config.permissions.dependable]) copy.node.addDependency(dependable);

    const copyName = copy.getAttString(COPY_ATTRIBUTE_KEYS.name);
    const wait = waitSegments(this, config.serviceToken, copyName, config.timeoutSeconds, config.region);
    wait.node.addDependency(copy);

    const attributes = imageAttributes(this, {
      serviceToken: config.serviceToken, imageName: copyName, shares: config.shares, region: config.region, after: wait,
    });
    this.imageArn = attributes.getAttString(ATTRIBUTE_KEYS.arn);
    this.imageName = attributes.getAttString(ATTRIBUTE_KEYS.name);
  }

  public referenceFrom(scope: Construct): IImportedImage {
    const consumer = Stack.of(scope);
    const producer = Stack.of(this);
    if (consumer === producer) return this;
    const differ = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
    if (differ(consumer.region, this.copyRegion) || differ(consumer.account, producer.account)) {
      throw new Error(
        `The copy of ImportedImage '${this.node.scope!.node.path}' in ${this.copyRegion} (account ${producer.account}) cannot be referenced ` +
        `from stack '${consumer.node.path}' (account ${consumer.account}, Region ${consumer.region}): a copy and its SSM parameter belong ` +
        'to one account and Region. Copy the image to that Region (copyToRegions) and reference that copy.',
      );
    }
    const parameterName = this.publishArn();
    addStackDependency(consumer, producer, `${this.node.path} publishes its ARN in the SSM parameter ${parameterName} in ${this.copyRegion}`);
    const id = `ImageCopy${Names.uniqueId(this)}`;
    return (consumer.node.tryFindChild(id) as IImportedImage | undefined) ?? new PublishedCopy(consumer, id, parameterName);
  }

  /** Writes the ARN in an SSM parameter in the copy's Region (once) and returns its name. */
  private publishArn(): string {
    if (this.parameterName) return this.parameterName;
    const name = this.config.options.parameterName ?? this.config.parameterName();
    if (!Token.isUnresolved(name) && !/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(name)) {
      throw new Error(`The copy of ImportedImage '${this.node.scope!.node.path}' in ${this.copyRegion}: parameterName '${name}' is not a valid SSM parameter name; use 1 to 1011 letters, digits, '_', '.', '-' and '/'.`);
    }
    this.config.permissions.allowParameter(this.copyRegion, name);
    const properties: CopyParameterProperties = {
      SchemaVersion: SCHEMA_VERSION,
      Region: this.copyRegion,
      ParameterName: name,
      Value: this.imageArn,
      Description: `ARN of the copy in ${this.copyRegion} of the WorkSpaces Applications image ${this.node.scope!.node.path} (cdk-appstream-imported-image)`,
    };
    const parameter = new CustomResource(this, 'ArnParameter', {
      serviceToken: this.config.serviceToken,
      resourceType: COPY_PARAMETER_RESOURCE_TYPE,
      properties,
      serviceTimeout: Duration.hours(1),
    });
    // Its permission exists before Create and outlives Delete.
    parameter.node.addDependency(this.config.permissions.dependable);
    this.parameterName = name;
    return name;
  }
}

/** The copy as its Region's stacks read it: the ARN from the SSM parameter, at every deploy. */
class PublishedCopy extends Resource implements IImportedImage {
  public readonly imageArn: string;
  public readonly imageName: string;

  constructor(scope: Construct, id: string, parameterName: string) {
    super(scope, id);
    this.imageArn = ssm.StringParameter.valueForStringParameter(this, parameterName);
    // arn:<partition>:appstream:<region>:<account>:image/<name>
    this.imageName = Fn.select(1, Fn.split('/', this.imageArn));
  }
}
