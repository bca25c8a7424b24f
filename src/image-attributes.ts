import { CustomResource, Duration, Lazy } from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { ATTRIBUTES_RESOURCE_TYPE, AttributesProperties, SCHEMA_VERSION, ShareProperty } from './contract';

export interface ImageAttributesOptions {
  readonly serviceToken: string;
  readonly imageName: string;
  /** Rendered at synth: shares may be added after the construct is made. */
  readonly shares: () => ShareProperty[];
  /** The Region the image is in, for a copy; the stack's own when unset. */
  readonly region?: string;
  /** The wait: the attributes (and so everything that uses them) come once the image is AVAILABLE. */
  readonly after: IDependable;
}

/** The `Attributes` resource of an image or a copy: reads its ARN and details, and applies its shares. */
export function imageAttributes(scope: Construct, options: ImageAttributesOptions): CustomResource {
  const properties: AttributesProperties = {
    SchemaVersion: SCHEMA_VERSION,
    ImageName: options.imageName,
    Shares: Lazy.any({ produce: () => options.shares() }, { omitEmptyArray: true }) as any,
    Region: options.region,
  };
  const attributes = new CustomResource(scope, 'Attributes', {
    serviceToken: options.serviceToken,
    resourceType: ATTRIBUTES_RESOURCE_TYPE,
    properties,
    serviceTimeout: Duration.hours(1),
  });
  attributes.node.addDependency(options.after);
  return attributes;
}
