import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { onlyResource } from './stacks';
import { buildApp } from '../../examples/app';

describe('a fleet in another stack', () => {
  const { imageStack, fleetStack } = buildApp(new App());
  const images = Template.fromStack(imageStack);
  const fleets = Template.fromStack(fleetStack);

  test('imports the image ARN exported from the resource that follows the wait', () => {
    const attributes = onlyResource(images, 'Custom::AppStreamImportedImageAttributes');
    const wait = onlyResource(images, 'AWS::CloudFormation::WaitCondition');
    expect(attributes.resource.DependsOn).toEqual([wait.id]);

    const outputs = images.toJSON().Outputs;
    const exported = Object.values(outputs).find((o: any) => o.Export);
    expect(exported).toEqual({
      Value: { 'Fn::GetAtt': [attributes.id, 'Arn'] },
      Export: { Name: expect.any(String) },
    });

    const fleet = onlyResource(fleets, 'AWS::AppStream::Fleet');
    expect(fleet.resource.Properties.ImageArn).toEqual({ 'Fn::ImportValue': (exported as any).Export.Name });
    expect(fleet.resource.Properties.InstanceType).toBe('GeneralPurpose.t3.large');
  });

  test('the fleet stack depends on the image stack', () => {
    expect(fleetStack.dependencies).toContain(imageStack);
  });
});
