import { App, CfnParameter, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AMI_ID, ENV, imageStack } from './stacks';
import { ImageSource, ImportedImage } from '../../src';

const COPY = 'Custom::AppStreamImageCopy';
const SEGMENT = 'Custom::AppStreamImportedImageWait';
const ATTRIBUTES = 'Custom::AppStreamImportedImageAttributes';
const PARAMETER = 'Custom::AppStreamImageCopyParameter';

test('each copy: CopyImage after the image\'s attributes, wait segments and attributes in its Region; copies do not wait for each other', () => {
  const { template } = imageStack({ copyToRegions: ['eu-west-1', 'ap-southeast-2'], sharedWith: [{ account: '222222222222' }] });
  const copies = template.findResources(COPY);
  expect(Object.keys(copies).sort()).toEqual([expect.stringMatching(/^ImageCopyToApSoutheast2Copy/), expect.stringMatching(/^ImageCopyToEuWest1Copy/)]);
  for (const [id, copy] of Object.entries<any>(copies)) {
    // Reading the image's name from its attributes orders the copy after the wait.
    expect(copy.Properties.SourceImageName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ImageAttributes/), 'Name'] });
    expect(copy.Properties).toMatchObject({ RemovalPolicy: 'destroy', RetireTimeoutSeconds: '604800', SchemaVersion: '1' });
    expect(copy.DependsOn.some((d: string) => Object.keys(copies).includes(d))).toBe(false);
    const region = copy.Properties.DestinationRegion;
    const segments = Object.values<any>(template.findResources(SEGMENT)).filter(s => s.Properties.ImageName['Fn::GetAtt']?.[0] === id);
    // Default timeout 2 hours: three segments of 50 minutes, each waiting in the copy's Region.
    expect(segments.map(s => [s.Properties.Segment, s.Properties.Region])).toEqual([['1', region], ['2', region], ['3', region]]);
    const attributes = Object.values<any>(template.findResources(ATTRIBUTES)).filter(a => a.Properties.Region === region);
    expect(attributes).toHaveLength(1);
    // Shared in every Region, like the image.
    expect(attributes[0].Properties.Shares).toEqual([{ Account: '222222222222', AllowFleet: 'true', AllowImageBuilder: 'false' }]);
  }
  // No parameter until a stack in the copy's Region references it.
  template.resourceCountIs(PARAMETER, 0);
});

test('IAM: CopyImage on this stack\'s images only, the copies\' Regions by the ownership tag, and tagging a fresh copy only with that tag', () => {
  const { template } = imageStack({ copyToRegions: ['eu-west-1'] });
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ImageCopies' } });
  const statements = (Object.values<any>(policies)[0]).Properties.PolicyDocument.Statement;
  const owner = { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' };
  expect(statements[0]).toEqual({
    Action: 'appstream:CopyImage',
    Effect: 'Allow',
    Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':appstream:', { Ref: 'AWS::Region' }, ':111111111111:image/*']] },
    Condition: { StringLike: { 'aws:ResourceTag/cdk-appstream-imported-image:owner': owner } },
  });
  const euImages = [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':appstream:eu-west-1:111111111111:image/*']] }];
  expect(statements[1]).toMatchObject({ Resource: euImages, Condition: { StringLike: { 'aws:ResourceTag/cdk-appstream-imported-image:owner': owner } } });
  expect(statements[2]).toEqual({
    Action: 'appstream:TagResource',
    Effect: 'Allow',
    Resource: euImages,
    Condition: {
      StringLike: { 'aws:RequestTag/cdk-appstream-imported-image:owner': owner },
      Null: { 'aws:ResourceTag/cdk-appstream-imported-image:owner': 'true' },
    },
  });
  expect(statements).toHaveLength(3);
  const check = Object.values<any>(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'DeleteReplacedCopies' } }))[0];
  expect(check.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({ Resource: euImages, Action: expect.arrayContaining(['appstream:DeleteImage']) })]);
  // The copy's resources depend on both policies: they exist before Create and outlive Delete.
  const copy = Object.values<any>(template.findResources(COPY))[0];
  expect(copy.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/CopyPermissionsHandler/), expect.stringMatching(/ImagePermissionsHandler/)]));
});

test('referenceFrom in a copy\'s Region: an SSM parameter there (after the copy is AVAILABLE), read with an SSM-typed parameter; no export', () => {
  const app = new App();
  const stack = new Stack(app, 'ImageStack', { env: ENV });
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), copyToRegions: ['eu-west-1'] });
  const fleetStack = new Stack(app, 'FleetStackEu', { env: { account: ENV.account, region: 'eu-west-1' } });
  new appstream.CfnFleet(fleetStack, 'Fleet', {
    name: 'eu-fleet',
    instanceType: 'GeneralPurpose.t3.large',
    computeCapacity: { desiredInstances: 1 },
    imageArn: image.referenceFrom(fleetStack).imageArn,
  });
  const other = new Stack(app, 'OtherFleetStackEu', { env: { account: ENV.account, region: 'eu-west-1' } });
  image.copyIn('eu-west-1')!.referenceFrom(other);
  const template = Template.fromStack(stack);
  const parameter = Object.values<any>(template.findResources(PARAMETER))[0];
  expect(parameter.Properties).toMatchObject({
    Region: 'eu-west-1',
    ParameterName: '/cdk-appstream-imported-image/ImageStack/Image',
    Value: { 'Fn::GetAtt': [expect.stringMatching(/^ImageCopyToEuWest1Attributes/), 'Arn'] },
  });
  const ssmStatement = Object.values<any>(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ImageCopies' } }))[0]
    .Properties.PolicyDocument.Statement.find((s: any) => String(s.Action).includes('ssm:'));
  expect(ssmStatement).toEqual({
    Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
    Effect: 'Allow',
    Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:parameter/cdk-appstream-imported-image/ImageStack/Image']] }],
  });
  const fleet = Template.fromStack(fleetStack).toJSON();
  const ssmParameter = Object.values<any>(fleet.Parameters).find(p => p.Default === '/cdk-appstream-imported-image/ImageStack/Image');
  expect(ssmParameter.Type).toBe('AWS::SSM::Parameter::Value<String>');
  expect(JSON.stringify(fleet)).not.toContain('Fn::ImportValue');
  expect(template.toJSON().Outputs).toBeUndefined();
  expect(fleetStack.dependencies).toEqual([stack]);
  // The same copy from two fleet stacks of the Region: one parameter.
  template.resourceCountIs(PARAMETER, 1);
});

test('a stack in a Region the image is not copied to is still refused', () => {
  const app = new App();
  const stack = new Stack(app, 'ImageStack', { env: ENV });
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), copyToRegions: ['eu-west-1'] });
  const elsewhere = new Stack(app, 'FleetStackAp', { env: { account: ENV.account, region: 'ap-southeast-2' } });
  expect(() => image.referenceFrom(elsewhere)).toThrow(/cannot be referenced from stack 'FleetStackAp'/);
  expect(() => image.copyIn('eu-west-1')!.referenceFrom(elsewhere)).toThrow(
    "The copy of ImportedImage 'ImageStack/Image' in eu-west-1 (account 111111111111) cannot be referenced from stack 'FleetStackAp' " +
    '(account 111111111111, Region ap-southeast-2): a copy and its SSM parameter belong to one account and Region. ' +
    'Copy the image to that Region (copyToRegions) and reference that copy.');
});

test('validation: Region names, not the image\'s own Region, no duplicates, every problem at once; a token is allowed', () => {
  expect(() => imageStack({ copyToRegions: ['eu-west-1', 'Europe', 'us-east-1', 'eu-west-1'] })).toThrow(
    "ImportedImage 'ImageStack/Image' has invalid properties:\n" +
    "- copyToRegions 'Europe' is not a Region name: expected e.g. 'eu-west-1' or 'ap-southeast-2'.\n" +
    "- copyToRegions 'us-east-1' is the image's own Region: fleets there use the image itself; remove it from copyToRegions.\n" +
    "- copyToRegions 'eu-west-1' is listed twice: an image has at most one copy per Region.");
  const { image } = imageStack({ copyToRegions: ['eu-west-1'] });
  expect(() => image.copyTo('eu-west-1')).toThrow(/copyToRegions 'eu-west-1' is listed twice/);

  const app = new App();
  const stack = new Stack(app, 'ImageStack', { env: ENV });
  const region = new CfnParameter(stack, 'CopyRegion').valueAsString;
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), copyToRegions: [region] });
  const copy = Object.values<any>(Template.fromStack(stack).findResources(COPY))[0];
  expect(copy.Properties.DestinationRegion).toEqual({ Ref: 'CopyRegion' });
});

test('copyTo with a description and a parameter name of its own', () => {
  const app = new App();
  const stack = new Stack(app, 'ImageStack', { env: ENV });
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), description: 'Golden' });
  const copy = image.copyTo('eu-central-1', { description: 'Golden (Frankfurt)', parameterName: '/golden/eu-central-1/image-arn' });
  expect(copy.copyRegion).toBe('eu-central-1');
  const fleetStack = new Stack(app, 'FleetStack', { env: { account: ENV.account, region: 'eu-central-1' } });
  copy.referenceFrom(fleetStack);
  const template = Template.fromStack(stack);
  template.hasResourceProperties(COPY, { DestinationRegion: 'eu-central-1', DestinationImageDescription: 'Golden (Frankfurt)' });
  template.hasResourceProperties(PARAMETER, { Region: 'eu-central-1', ParameterName: '/golden/eu-central-1/image-arn' });
});
