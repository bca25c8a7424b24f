/**
 * Cross-stack use and rotation at synth: the example's fleet stack follows the image through an
 * SSM parameter (no export that a replacement would have to change), a plain cross-stack
 * reference is warned about, and deploy-time sources wait in segments.
 */
import { Annotations as CoreAnnotations, App, aws_appstream as appstream, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AMI_ID, ENV, onlyResource } from './stacks';
import { buildApp } from '../../examples/app';
import { ImageSource, ImportedImage } from '../../src';

const WARNING_ID = 'cdk-appstream-imported-image:crossStackExport';

function exampleTemplates(amiId?: string) {
  const app = new App({ context: amiId ? { amiId } : {} });
  const { imageStack, fleetStack } = buildApp(app);
  return { images: Template.fromStack(imageStack), fleets: Template.fromStack(fleetStack), imageStack, fleetStack };
}

describe('the example: a fleet in another stack', () => {
  const { images, fleets, imageStack, fleetStack } = exampleTemplates();

  test('the image publishes its ARN, read after the wait, in an SSM parameter', () => {
    const attributes = onlyResource(images, 'Custom::AppStreamImportedImageAttributes');
    const wait = onlyResource(images, 'AWS::CloudFormation::WaitCondition');
    expect(attributes.resource.DependsOn).toEqual([wait.id]);
    images.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-appstream-imported-image/GoldenImageStack/GoldenImage',
      Type: 'String',
      Value: { 'Fn::GetAtt': [attributes.id, 'Arn'] },
    });
  });

  test('no export: the fleet reads an SSM-typed parameter, which the CDK CLI redeploys every time', () => {
    expect(Object.values(images.toJSON().Outputs ?? {}).filter((output: any) => output.Export)).toEqual([]);
    const parameterName = onlyResource(images, 'AWS::SSM::Parameter').resource.Properties.Name;
    const parameters = fleets.toJSON().Parameters;
    const [id] = Object.keys(parameters).filter(key => parameters[key].Type === 'AWS::SSM::Parameter::Value<String>');
    expect(parameters[id].Default).toBe(parameterName);
    expect(onlyResource(fleets, 'AWS::AppStream::Fleet').resource.Properties.ImageArn).toEqual({ Ref: id });
  });

  test('the fleet stack is deployed after the image stack, with no addDependency from the user', () => {
    expect(fleetStack.dependencies).toContain(imageStack);
  });

  test('a rotation (another AMI) replaces the image; the fleet stack\'s template does not change and no export changes', () => {
    const rotated = exampleTemplates('ami-0fedcba9876543210');
    expect(rotated.fleets.toJSON()).toEqual(fleets.toJSON());
    const importOf = (t: Template) => onlyResource(t, 'Custom::AppStreamImportedImage').resource.Properties;
    expect(importOf(rotated.images).SourceAmiId).toBe('ami-0fedcba9876543210');
    expect(importOf(images).SourceAmiId).toBe(AMI_ID);
    // A new wait condition for the new image; the parameter (same name) gets the new ARN.
    expect(onlyResource(rotated.images, 'AWS::CloudFormation::WaitCondition').id).not.toBe(onlyResource(images, 'AWS::CloudFormation::WaitCondition').id);
    expect(onlyResource(rotated.images, 'AWS::SSM::Parameter').resource.Properties.Name).toBe(onlyResource(images, 'AWS::SSM::Parameter').resource.Properties.Name);
    expect(Object.values(rotated.images.toJSON().Outputs ?? {}).filter((output: any) => output.Export)).toEqual([]);
  });

  test('no export warning', () => {
    Annotations.fromStack(imageStack).hasNoWarning('*', Match.stringLikeRegexp('export'));
  });
});

describe('a plain cross-stack reference', () => {
  function plain(acknowledge = false) {
    const app = new App();
    const imageStack = new Stack(app, 'Images', { env: ENV });
    const image = new ImportedImage(imageStack, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
    if (acknowledge) CoreAnnotations.of(image).acknowledgeWarning(WARNING_ID, 'we pin the image and never rotate');
    const fleetStack = new Stack(app, 'Fleets', { env: ENV });
    new appstream.CfnFleet(fleetStack, 'Fleet', { instanceType: 'stream.standard.medium', imageArn: image.imageArn, name: 'f', computeCapacity: { desiredInstances: 1 } });
    app.synth();
    return Annotations.fromStack(imageStack);
  }

  test('gets a warning, with an id, that names the export lock and the supported way', () => {
    plain().hasWarning('/Images/Image/Attributes', Match.stringLikeRegexp(
      'through a CloudFormation export \\(Fn::ImportValue\\).*refuses to change an export that another stack imports.*image.referenceFrom\\(otherStack\\)',
    ));
    plain().hasWarning('/Images/Image/Attributes', Match.stringLikeRegexp(`\\[ack: ${WARNING_ID}\\]`));
  });

  test('the warning can be acknowledged', () => {
    plain(true).hasNoWarning('*', Match.anyValue());
  });

  // aws-cdk-lib 2.258+: strong references read an export, weak ones Fn::GetStackOutput (no
  // export, and a template that a new image does not change), `both` makes both and reads the output.
  describe.each([
    ['strong', 'Fn::ImportValue', 'crossStackExport'],
    ['weak', 'Fn::GetStackOutput', 'crossStackWeakReference'],
    ['both', 'Fn::GetStackOutput', 'crossStackWeakReference'],
  ])('@aws-cdk/core:defaultCrossStackReferences %s', (strength, reads, warningId) => {
    function synth(attribute: 'imageArn' | 'imageName') {
      const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': strength } });
      const imageStack = new Stack(app, 'Images', { env: ENV });
      const image = new ImportedImage(imageStack, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
      const fleetStack = new Stack(app, 'Fleets', { env: ENV });
      new appstream.CfnFleet(fleetStack, 'Fleet', {
        instanceType: 'stream.standard.medium',
        name: 'f',
        computeCapacity: { desiredInstances: 1 },
        ...(attribute === 'imageArn' ? { imageArn: image.imageArn } : { imageName: image.imageName }),
      });
      app.synth();
      const fleet = Template.fromStack(fleetStack).findResources('AWS::AppStream::Fleet');
      return { warnings: Annotations.fromStack(imageStack), fleetReads: JSON.stringify(Object.values(fleet)[0]) };
    }

    test.each(['imageArn', 'imageName'] as const)(`a plain %s in another stack: the fleet reads ${reads}, and the warning says so`, attribute => {
      const { warnings, fleetReads } = synth(attribute);
      expect(fleetReads).toContain(reads);
      warnings.hasWarning('/Images/Image/Attributes', Match.stringLikeRegexp(
        `${reads.replace(/:/g, '\\:')}.*image\\.referenceFrom\\(otherStack\\)\\.imageArn.*\\[ack: cdk-appstream-imported-image:${warningId}\\]`,
      ));
      warnings.hasWarning('/Images/Image/Attributes', Match.stringLikeRegexp(`defaultCrossStackReferences is '${strength}'`));
    });
  });

  test('weak: the warning says that the rotation does not move the fleet', () => {
    const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'weak' } });
    const imageStack = new Stack(app, 'Images', { env: ENV });
    const image = new ImportedImage(imageStack, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
    const fleetStack = new Stack(app, 'Fleets', { env: ENV });
    new appstream.CfnFleet(fleetStack, 'Fleet', { instanceType: 'stream.standard.medium', imageArn: image.imageArn, name: 'f', computeCapacity: { desiredInstances: 1 } });
    app.synth();
    Annotations.fromStack(imageStack).hasWarning('/Images/Image/Attributes', Match.stringLikeRegexp(
      'template does not change, so cdk deploy skips that stack and its fleet stays on the old image.*tagged cdk-appstream-imported-image:retired',
    ));
    Annotations.fromStack(imageStack).hasNoWarning('/Images/Image/Attributes', Match.stringLikeRegexp('Fn::ImportValue'));
  });

  test('a fleet in the same stack gets no warning', () => {
    const app = new App();
    const stack = new Stack(app, 'Both', { env: ENV });
    const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
    new appstream.CfnFleet(stack, 'Fleet', { instanceType: 'stream.standard.medium', imageArn: image.imageArn, name: 'f', computeCapacity: { desiredInstances: 1 } });
    app.synth();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    expect(image.referenceFrom(stack)).toBe(image);
  });
});

describe('referenceFrom and fromParameterName', () => {
  test('a parameterName given: that parameter, and referenceFrom reads it; one reader per consumer stack', () => {
    const app = new App();
    const images = new Stack(app, 'Images', { env: ENV });
    const image = new ImportedImage(images, 'Image', { source: ImageSource.fromAmiId(AMI_ID), parameterName: '/golden/image-arn' });
    const fleets = new Stack(app, 'Fleets', { env: ENV });
    const first = image.referenceFrom(fleets);
    expect(image.referenceFrom(fleets)).toBe(first);
    expect(image.parameterName).toBe('/golden/image-arn');
    Template.fromStack(images).resourceCountIs('AWS::SSM::Parameter', 1);
    Template.fromStack(images).hasResourceProperties('AWS::SSM::Parameter', { Name: '/golden/image-arn' });
    expect(fleets.resolve(first.imageName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: expect.stringMatching(/^SsmParameterValuegoldenimagearn/) }] }] });
  });

  test('fromParameterName: an SSM-typed parameter whose default is the name', () => {
    const stack = new Stack(undefined, 'Consumer', { env: ENV });
    const image = ImportedImage.fromParameterName(stack, 'Golden', '/golden/image-arn');
    new appstream.CfnFleet(stack, 'Fleet', { instanceType: 'stream.standard.medium', imageArn: image.imageArn, name: 'f', computeCapacity: { desiredInstances: 1 } });
    const parameters = Template.fromStack(stack).toJSON().Parameters;
    expect(Object.values(parameters)).toContainEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/golden/image-arn' });
  });

  test('another account or Region: a clear error', () => {
    const app = new App();
    const image = new ImportedImage(new Stack(app, 'Images', { env: ENV }), 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ENV.account, region: 'eu-west-1' } });
    expect(() => image.referenceFrom(elsewhere)).toThrow(
      "ImportedImage 'Images/Image' (account 111111111111, Region us-east-1) cannot be referenced from stack 'Elsewhere' (account 111111111111, Region eu-west-1)",
    );
  });

  test('an invalid parameterName: a clear error', () => {
    const stack = new Stack(undefined, 'S', { env: ENV });
    expect(() => new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI_ID), parameterName: 'golden image' }))
      .toThrow("ImportedImage 'S/Image' has invalid properties:\n- parameterName 'golden image' is not a valid SSM parameter name");
  });
});

describe('a deploy-time source (SSM parameter AMI id, CfnParameter): wait segments instead of a wait condition', () => {
  function tokenStack(timeout?: Duration) {
    const stack = new Stack(undefined, 'S', { env: ENV });
    const source = ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami'));
    new ImportedImage(stack, 'Image', { source, timeout });
    return Template.fromStack(stack);
  }

  test('a chain of segments (each under CloudFormation\'s hour) covers the timeout; attributes come after the last', () => {
    const template = tokenStack(Duration.hours(3));
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 0);
    template.resourceCountIs('AWS::CloudFormation::WaitConditionHandle', 0);
    const segments = template.findResources('Custom::AppStreamImportedImageWait');
    const ids = Object.keys(segments);
    expect(ids).toHaveLength(4); // 3 h / 50 min
    const importId = onlyResource(template, 'Custom::AppStreamImportedImage').id;
    const byNumber = Object.fromEntries(ids.map(id => [segments[id].Properties.Segment, id]));
    for (let i = 1; i <= 4; i++) {
      expect(segments[byNumber[String(i)]].Properties).toMatchObject({ ImageName: { Ref: importId }, Segments: '4', TimeoutSeconds: '10800' });
      if (i > 1) expect(segments[byNumber[String(i)]].DependsOn).toContain(byNumber[String(i - 1)]);
    }
    expect(onlyResource(template, 'Custom::AppStreamImportedImageAttributes').resource.DependsOn).toEqual([byNumber['4']]);
    expect(onlyResource(template, 'Custom::AppStreamImportedImage').resource.Properties.WaitHandle).toBeUndefined();
  });

  test('a CfnParameter AMI id too; a literal AMI id keeps the wait condition', () => {
    const stack = new Stack(undefined, 'S', { env: ENV });
    const ami = new CfnParameter(stack, 'Ami');
    new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(ami.valueAsString) });
    Template.fromStack(stack).resourceCountIs('Custom::AppStreamImportedImageWait', 3); // the default 2 h
    const literal = Template.fromStack(new ImportedImage(new Stack(undefined, 'L', { env: ENV }), 'Image', { source: ImageSource.fromAmiId(AMI_ID) }).stack);
    literal.resourceCountIs('Custom::AppStreamImportedImageWait', 0);
    literal.resourceCountIs('AWS::CloudFormation::WaitCondition', 1);
  });
});
