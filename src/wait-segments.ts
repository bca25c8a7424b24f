import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { SCHEMA_VERSION, WAIT_SEGMENT_RESOURCE_TYPE, WaitSegmentProperties } from './contract';
import { segmentCount } from './wait-timing';

/**
 * The wait as a chain of custom resources, each waiting under CloudFormation's hour and handing
 * on to the next until the image is AVAILABLE (or FAILED, or the timeout counted from the
 * image's creation passes). Each segment reads the image's name, so a replacement updates every
 * segment and waits again, however the new name came about. Returns the last segment. With a
 * `region`, the image waited for is a copy in that Region.
 */
export function waitSegments(scope: Construct, serviceToken: string, imageName: string, timeoutSeconds: number, region?: string): IConstruct {
  const segments = segmentCount(timeoutSeconds);
  let previous: CustomResource | undefined;
  for (let segment = 1; segment <= segments; segment++) {
    const properties: WaitSegmentProperties = {
      SchemaVersion: SCHEMA_VERSION,
      ImageName: imageName,
      Segment: String(segment),
      Segments: String(segments),
      TimeoutSeconds: String(timeoutSeconds),
      // An image copy: the segments wait in the copy's Region.
      Region: region,
    };
    const current = new CustomResource(scope, `WaitSegment${segment}`, {
      serviceToken,
      resourceType: WAIT_SEGMENT_RESOURCE_TYPE,
      properties,
      serviceTimeout: Duration.hours(1),
    });
    if (previous) current.node.addDependency(previous);
    previous = current;
  }
  return previous!;
}
