/**
 * The `Custom::AppStreamImageCopyParameter` resource: an SSM String parameter in a copy's Region
 * holding the copy's ARN, for the fleet stacks of that Region (read there with an SSM-typed
 * CloudFormation parameter, as `referenceFrom` does in the image's Region). Its value comes from
 * the copy's attributes, so it is written once the copy is AVAILABLE.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { CopyParameterProperties } from '../../src/copy-contract';
import { deleteParameter, putParameter } from '../aws/parameters';
import { log } from '../shared/log';

/** `<region>|<parameter name>`: a new Region or name is a new parameter, and CloudFormation deletes the old one. */
const physicalIdOf = (region: string, name: string) => `${region}|${name}`;

export async function copyParameterOnEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  const properties = event.ResourceProperties as unknown as CopyParameterProperties;
  const region = String(properties.Region);
  const name = String(properties.ParameterName);
  if (event.RequestType === 'Delete') {
    const [oldRegion, ...rest] = event.PhysicalResourceId.split('|');
    // Anything else is the framework's CREATE_FAILED marker: nothing was written.
    if (rest.length > 0) await deleteParameter(oldRegion, rest.join('|'));
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  await putParameter(region, name, String(properties.Value), properties.Description ? String(properties.Description) : undefined);
  log('copy ARN published', { imageName: name, state: region });
  return { PhysicalResourceId: physicalIdOf(region, name) };
}
