import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ImageSource, ImportedImage, ImportedImageProps } from '../../src';

export const ENV = { account: '111111111111', region: 'us-east-1' };
export const AMI_ID = 'ami-0123456789abcdef0';

/** A stack with one image from an AMI, and its template. */
export function imageStack(props: Partial<ImportedImageProps> = {}, beforeSynth?: (stack: Stack) => void) {
  const app = new App();
  const stack = new Stack(app, 'ImageStack', { env: ENV });
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), ...props });
  beforeSynth?.(stack);
  return { app, stack, image, template: Template.fromStack(stack) };
}

/** A state machine's definition with its token parts dropped, as one string. */
export function definitionText(resource: any): string {
  const definition = resource.Properties.DefinitionString;
  if (typeof definition === 'string') return definition;
  return definition['Fn::Join'][1].filter((part: unknown) => typeof part === 'string').join('');
}

/** The one resource of a type in a template, with its logical id. */
export function onlyResource(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return { id: ids[0], resource: found[ids[0]] };
}
