/**
 * Fleets in other accounts: the advanced-tier SSM parameter that publishes the image's ARN, the
 * RAM share that lets those accounts read it (updated in place when the accounts change), and the
 * consumer's SSM-typed parameter by ARN.
 */
import * as path from 'path';
import { App, aws_appstream as appstream, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AMI_ID, ENV, imageStack, onlyResource } from './stacks';
import { ImageSource, ImportedImage } from '../../src';

// The CloudFormation resource specification aws-cdk-lib's L1 classes are generated from, in the
// copy integ-runner (a devDependency) ships: declaring it would make projen warn of a CDK v1 dep.
const integRunner = path.dirname(require.resolve('@aws-cdk/integ-runner/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadAwsServiceSpec } = require(path.dirname(require.resolve('@aws-cdk/aws-service-spec/package.json', { paths: [integRunner] })));

const shared = (accounts: string[], extra: Record<string, unknown> = {}) =>
  imageStack({ sharedWith: accounts.map(account => ({ account })), sharedParameter: {}, ...extra });

describe('the shared parameter', () => {
  test('an advanced-tier String parameter holds the ARN read after the wait (so written once the image is AVAILABLE and shared)', () => {
    const { template } = shared(['222233334444']);
    const attributes = onlyResource(template, 'Custom::AppStreamImportedImageAttributes');
    expect(attributes.resource.Properties.Shares).toEqual([{ Account: '222233334444', AllowFleet: 'true', AllowImageBuilder: 'false' }]);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-appstream-imported-image/shared/ImageStack/Image',
      Type: 'String',
      Tier: 'Advanced',
      Value: { 'Fn::GetAtt': [attributes.id, 'Arn'] },
    });
  });

  test('a RAM share gives the sharedWith accounts read access to the parameter, external accounts allowed by default', () => {
    const { template } = shared(['222233334444', '555566667777']);
    const parameter = onlyResource(template, 'AWS::SSM::Parameter');
    const share = onlyResource(template, 'AWS::RAM::ResourceShare').resource.Properties;
    expect(share.Principals).toEqual(['222233334444', '555566667777']);
    expect(share.AllowExternalPrincipals).toBe(true);
    expect(share.Name).toMatch(/^ImageStack-Image-[A-Z0-9]{8}-arn$/);
    // The parameter's ARN, from a reference to it: the share is made after the parameter.
    expect(share.ResourceArns).toEqual([{
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:111111111111:parameter', { Ref: parameter.id }]],
    }]);
  });

  test('accounts added later with shareWith() are principals too', () => {
    const { template } = imageStack({ sharedWith: [{ account: '222233334444' }], sharedParameter: {} }, stack => {
      (stack.node.findChild('Image') as ImportedImage).shareWith('333333333333');
    });
    expect(onlyResource(template, 'AWS::RAM::ResourceShare').resource.Properties.Principals).toEqual(['222233334444', '333333333333']);
  });

  test('an organization or OU as principals, external accounts refused, a name of your own', () => {
    const org = 'arn:aws:organizations::999999999999:organization/o-abcdefghij';
    const ou = 'arn:aws:organizations::999999999999:ou/o-abcdefghij/ou-ab12-cdefghij';
    const { template } = shared(['222233334444'], {
      sharedParameter: { principals: [org, ou], allowExternalPrincipals: false, parameterName: '/golden/shared-image-arn' },
    });
    const share = onlyResource(template, 'AWS::RAM::ResourceShare').resource.Properties;
    expect(share.Principals).toEqual([org, ou]);
    expect(share.AllowExternalPrincipals).toBe(false);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/golden/shared-image-arn', Tier: 'Advanced' });
  });

  test('when the accounts change, the share keeps its logical id and name: only Principals changes, which CloudFormation updates in place', () => {
    const before = shared(['222233334444']).template;
    const after = shared(['222233334444', '555566667777']).template;
    const [a, b] = [onlyResource(before, 'AWS::RAM::ResourceShare'), onlyResource(after, 'AWS::RAM::ResourceShare')];
    expect(b.id).toBe(a.id);
    const changed = Object.keys({ ...a.resource.Properties, ...b.resource.Properties })
      .filter(key => JSON.stringify(a.resource.Properties[key]) !== JSON.stringify(b.resource.Properties[key]));
    expect(changed).toEqual(['Principals']);
    // AWS::RAM::ResourceShare has no property whose change replaces it (the resource specification).
    const db = loadAwsServiceSpec();
    return db.then((spec: any) => {
      const [resource] = spec.lookup('resource', 'cloudFormationType', 'equals', 'AWS::RAM::ResourceShare');
      const replacing = Object.entries(resource.properties).filter(([, p]: [string, any]) => p.causesReplacement === 'yes').map(([k]) => k);
      expect(replacing).toEqual([]);
      expect(Object.keys(resource.properties)).toContain('Principals');
    });
  });

  test('no principals at all is refused at synth, with the fix', () => {
    expect(() => shared([])).toThrow(/sharedParameter is set but the image is shared with no account: add sharedWith \(or call shareWith\(\)\), or give sharedParameter.principals/);
  });

  test('a principal RAM cannot share with is refused, naming it', () => {
    expect(() => shared(['222233334444'], { sharedParameter: { principals: ['arn:aws:iam::222233334444:root', '12345'] } })).toThrow(
      "sharedParameter.principals 'arn:aws:iam::222233334444:root' is not a RAM principal this parameter can be shared with",
    );
  });

  test('without sharedParameter: no advanced parameter, no share, and the Import resource has no grace property', () => {
    const { template } = imageStack({ sharedWith: [{ account: '222233334444' }] });
    template.resourceCountIs('AWS::RAM::ResourceShare', 0);
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(onlyResource(template, 'Custom::AppStreamImportedImage').resource.Properties.SharedGraceSeconds).toBeUndefined();
  });

  test('sharedImageGracePeriod reaches the handler, and is checked', () => {
    const { template } = imageStack({ sharedImageGracePeriod: Duration.days(3) });
    expect(onlyResource(template, 'Custom::AppStreamImportedImage').resource.Properties.SharedGraceSeconds).toBe('259200');
    expect(() => imageStack({ sharedImageGracePeriod: Duration.minutes(5) })).toThrow(
      '- sharedImageGracePeriod 5 minutes is out of range: use between Duration.hours(1) and Duration.days(90).',
    );
  });
});

describe('the consumer: ImportedImage.fromSharedParameterArn', () => {
  const ARN = 'arn:aws:ssm:us-east-1:111111111111:parameter/cdk-appstream-imported-image/shared/ImageStack/Image';

  test('an SSM-typed CloudFormation parameter whose default is the full ARN; the name is cut from the ARN at deploy time', () => {
    const stack = new Stack(new App(), 'WorkloadStack', { env: { account: '222233334444', region: 'us-east-1' } });
    const image = ImportedImage.fromSharedParameterArn(stack, 'Golden', ARN);
    new appstream.CfnFleet(stack, 'Fleet', { name: 'golden', instanceType: 'GeneralPurpose.t3.large', imageArn: image.imageArn, computeCapacity: { desiredInstances: 1 } });
    const template = Template.fromStack(stack);
    const parameters = template.toJSON().Parameters;
    const [id] = Object.keys(parameters).filter(key => parameters[key].Type === 'AWS::SSM::Parameter::Value<String>');
    expect(parameters[id].Default).toBe(ARN);
    expect(stack.resolve(image.imageArn)).toEqual({ Ref: id });
    expect(stack.resolve(image.imageName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: id }] }] });
  });

  test('another Region, a token or not an SSM parameter ARN: refused with the fix', () => {
    const stack = new Stack(new App(), 'WorkloadStack', { env: { account: '222233334444', region: 'eu-west-1' } });
    expect(() => ImportedImage.fromSharedParameterArn(stack, 'A', ARN)).toThrow(
      "parameter '" + ARN + "' is in us-east-1, but stack 'WorkloadStack' is in eu-west-1: a shared parameter can only be read in its own Region.",
    );
    expect(() => ImportedImage.fromSharedParameterArn(stack, 'B', '/golden/image-arn')).toThrow(
      "parameterArn '/golden/image-arn' is not an SSM parameter ARN; expected arn:aws:ssm:<region>:<account>:parameter/<name>",
    );
    expect(() => ImportedImage.fromSharedParameterArn(stack, 'C', new CfnParameter(stack, 'Arn').valueAsString)).toThrow(/must be the parameter's ARN as a literal string/);
  });

  test('referenceFrom a stack of another account names the way to go', () => {
    const app = new App();
    const images = new Stack(app, 'Images', { env: ENV });
    const image = new ImportedImage(images, 'Image', { source: ImageSource.fromAmiId(AMI_ID) });
    const workload = new Stack(app, 'Workload', { env: { account: '222233334444', region: 'us-east-1' } });
    expect(() => image.referenceFrom(workload)).toThrow(/share it \(sharedWith, sharedParameter\) and use ImportedImage.fromSharedParameterArn there/);
  });
});
