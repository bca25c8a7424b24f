/**
 * What rotation support adds to an image stack (sizes only: no timing, so one run is exact):
 * - an image alone, as before (literal AMI id, no other stack);
 * - the same image referenced from a fleet stack (`referenceFrom`: the SSM parameter in the
 *   image stack, an SSM-typed parameter in the fleet stack, no export);
 * - the same image with a plain cross-stack reference (an export: the layout rotation breaks);
 * - an AMI id read from SSM at deploy time (wait segments instead of the wait condition), for
 *   the default 2 h timeout and for 12 h.
 *
 *   npx ts-node --project tsconfig.dev.json bench/rotation.ts
 */
import { App, aws_appstream as appstream, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { printTable } from './util';
import { ImageSource, ImportedImage, ImportedImageProps } from '../src';

type Layout = 'alone' | 'referenceFrom' | 'export';

interface Figures {
  readonly resources: number;
  readonly bytes: number;
  readonly fleetResources: number;
  readonly fleetParameters: number;
  readonly exports: number;
}

function measure(layout: Layout, props: Partial<ImportedImageProps> = {}): Figures {
  const app = new App();
  const env = { account: '111111111111', region: 'us-east-1' };
  const images = new Stack(app, 'Images', { env });
  const image = new ImportedImage(images, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), ...props });
  const fleets = new Stack(app, 'Fleets', { env });
  if (layout !== 'alone') {
    const imageArn = layout === 'referenceFrom' ? image.referenceFrom(fleets).imageArn : image.imageArn;
    new appstream.CfnFleet(fleets, 'Fleet', { name: 'f', instanceType: 'GeneralPurpose.t3.large', imageArn, computeCapacity: { desiredInstances: 1 } });
  }
  const assembly = app.synth();
  const template = assembly.getStackByName('Images').template;
  const fleet = assembly.getStackByName('Fleets').template;
  return {
    resources: Object.keys(template.Resources ?? {}).length,
    bytes: JSON.stringify(template).length,
    fleetResources: Object.keys(fleet.Resources ?? {}).length,
    // BootstrapVersion is the CDK's own SSM-typed parameter, in every stack.
    fleetParameters: Object.entries<any>(fleet.Parameters ?? {}).filter(([id, p]) => id !== 'BootstrapVersion' && String(p.Type).startsWith('AWS::SSM::Parameter::Value')).length,
    exports: Object.values<any>(template.Outputs ?? {}).filter(o => o.Export).length,
  };
}

const ssmAmi = { source: ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami')) };
const base = measure('alone');
const rows: Array<[string, Figures]> = [
  ['image alone (literal AMI id)', base],
  ['fleet in another stack: referenceFrom', measure('referenceFrom')],
  ['fleet in another stack: plain imageArn (export)', measure('export')],
  ['AMI id from SSM, timeout 2 h (segments)', measure('alone', ssmAmi)],
  ['AMI id from SSM, timeout 12 h (segments)', measure('alone', { ...ssmAmi, timeout: Duration.hours(12) })],
];
printTable(
  ['layout', 'image stack resources', 'Δ resources', 'template bytes', 'Δ bytes', 'exports', 'fleet SSM-typed parameters'],
  rows.map(([name, f]) => [name, f.resources, f.resources - base.resources, f.bytes, f.bytes - base.bytes, f.exports, f.fleetParameters]),
);
const reference = rows[1][1];
console.log(`SUMMARY rotation: referenceFrom adds ${reference.resources - base.resources} resource and ${reference.bytes - base.bytes} bytes to the image stack, ` +
  `${reference.exports} exports; the fleet stack reads ${reference.fleetParameters} SSM-typed parameter`);
