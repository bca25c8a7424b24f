import { App, Stack, aws_imagebuilder as imagebuilder } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildImageBuilderApp } from '../../examples/image-builder-app';
import { ImageSource, ImportedImage } from '../../src';

function synth(recipeVersion: string) {
  const app = new App({ context: { recipeVersion } });
  buildImageBuilderApp(app);
  const assembly = app.synth();
  return Object.fromEntries(assembly.stacks.map(stack => [stack.stackName, stack.template]));
}

test('the Image Builder example: a new recipe version changes only the recipe\'s version; no stack has an export', () => {
  const v1 = synth('1.0.0');
  const v2 = synth('1.1.0');
  expect(Object.keys(v1).sort()).toEqual(['GoldenFleet-ap-southeast-2', 'GoldenFleet-eu-west-1', 'GoldenFleet-us-east-1', 'GoldenPipelineStack']);
  for (const name of Object.keys(v1)) {
    const expected = JSON.parse(JSON.stringify(v1[name]).replace(/"Version":"1\.0\.0"/g, '"Version":"1.1.0"'));
    expect(v2[name]).toEqual(expected);
    expect(JSON.stringify(v2[name])).not.toMatch(/Fn::ImportValue|"Export"/);
  }
  const pipeline = v1.GoldenPipelineStack.Resources;
  const recipe = Object.values<any>(pipeline).find(r => r.Type === 'AWS::ImageBuilder::ImageRecipe');
  expect(recipe.Properties.ParentImage).toBe('ssm:/aws/service/ami-windows-latest/TPM-Windows_Server-2022-English-Full-Base');
  // The AMI is a deploy-time value: the import reads the Image Builder image's AMI, and waits in segments.
  const imported = Object.values<any>(pipeline).find(r => r.Type === 'Custom::AppStreamImportedImage');
  expect(imported.Properties.SourceAmiId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Build/), 'ImageId'] });
  expect(Object.values<any>(pipeline).filter(r => r.Type === 'AWS::CloudFormation::WaitCondition')).toEqual([]);
  const copies = Object.values<any>(pipeline).filter(r => r.Type === 'Custom::AppStreamImageCopy');
  expect(copies.map(c => c.Properties.DestinationRegion).sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
  // Each fleet reads its Region's image from an SSM-typed parameter, which the CDK CLI always redeploys.
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    const fleet = v1[`GoldenFleet-${region}`];
    const parameter = Object.values<any>(fleet.Parameters).find(p => p.Default === '/cdk-appstream-imported-image/GoldenPipelineStack/GoldenImage');
    expect(parameter.Type).toBe('AWS::SSM::Parameter::Value<String>');
  }
});

test('fromImageBuilderImage: an Image Builder image in another stack is refused (its AMI id would be a CloudFormation export)', () => {
  const app = new App();
  const builderStack = new Stack(app, 'BuilderStack');
  const build = new imagebuilder.CfnImage(builderStack, 'Build', { imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:111111111111:image-recipe/golden/1.0.0' });
  const imageStack = new Stack(app, 'ImageStack');
  expect(() => new ImportedImage(imageStack, 'Image', { source: ImageSource.fromImageBuilderImage(build) })).toThrow(
    "ImageSource.fromImageBuilderImage: the Image Builder image 'BuilderStack/Build' is in stack 'BuilderStack', the ImportedImage " +
    "'ImageStack/Image' in stack 'ImageStack'. Its AMI id would cross stacks through a CloudFormation export, which a new recipe version " +
    '(a new AMI) cannot change. Create both in one stack, or publish the AMI id in an SSM parameter and use ' +
    'ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter(...)).');
  // In one stack: the import role may modify exactly that AMI.
  const same = new ImportedImage(builderStack, 'Image', { source: ImageSource.fromImageBuilderImage(build) });
  expect(same.role).toBeDefined();
  Template.fromStack(builderStack).hasResourceProperties('Custom::AppStreamImportedImage', { SourceAmiId: { 'Fn::GetAtt': ['Build', 'ImageId'] } });
});
