/**
 * The two-account example (examples/cross-account.ts), as the README describes it: the image
 * account publishes the ARN in a shared advanced-tier parameter, the workload account's fleet
 * reads it by ARN, and a rotation changes nothing in the workload account's template.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { onlyResource } from './stacks';
import { buildCrossAccountApp, SHARED_PARAMETER_NAME } from '../../examples/cross-account';

function templates(amiId?: string) {
  const app = new App({ context: amiId ? { amiId } : {} });
  const { imageStack, workloadStack } = buildCrossAccountApp(app);
  return { images: Template.fromStack(imageStack), workload: Template.fromStack(workloadStack), imageStack, workloadStack };
}

const { images, workload, imageStack, workloadStack } = templates();

test('image account: the image is shared with the workload account, and its ARN is in a shared advanced-tier parameter', () => {
  const attributes = onlyResource(images, 'Custom::AppStreamImportedImageAttributes');
  expect(attributes.resource.Properties.Shares).toEqual([{ Account: '222222222222', AllowFleet: 'true', AllowImageBuilder: 'false' }]);
  const parameter = onlyResource(images, 'AWS::SSM::Parameter');
  expect(parameter.resource.Properties).toMatchObject({ Name: SHARED_PARAMETER_NAME, Tier: 'Advanced', Value: { 'Fn::GetAtt': [attributes.id, 'Arn'] } });
  expect(onlyResource(images, 'AWS::RAM::ResourceShare').resource.Properties).toMatchObject({
    Principals: ['222222222222'],
    ResourceArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:111111111111:parameter', { Ref: parameter.id }]] }],
  });
});

test('workload account: the fleet reads the image from an SSM-typed parameter whose default is the shared parameter\'s ARN', () => {
  const parameters = workload.toJSON().Parameters;
  const [id] = Object.keys(parameters).filter(key => key !== 'BootstrapVersion' && parameters[key].Type === 'AWS::SSM::Parameter::Value<String>');
  expect(parameters[id].Default).toBe('arn:aws:ssm:us-east-1:111111111111:parameter/golden/shared-image-arn');
  expect(onlyResource(workload, 'AWS::AppStream::Fleet').resource.Properties.ImageArn).toEqual({ Ref: id });
  expect(workloadStack.account).toBe('222222222222');
  expect(workloadStack.dependencies).toEqual([imageStack]);
});

test('a rotation (another AMI): a new image in the image account; the workload account\'s template is identical, the parameter and the share unchanged', () => {
  const rotated = templates('ami-0fedcba9876543210');
  expect(rotated.workload.toJSON()).toEqual(workload.toJSON());
  const share = (t: Template) => onlyResource(t, 'AWS::RAM::ResourceShare');
  expect(share(rotated.images)).toEqual(share(images));
  expect(onlyResource(rotated.images, 'AWS::SSM::Parameter').id).toBe(onlyResource(images, 'AWS::SSM::Parameter').id);
  expect(onlyResource(rotated.images, 'Custom::AppStreamImportedImage').resource.Properties.SourceAmiId).toBe('ami-0fedcba9876543210');
});
