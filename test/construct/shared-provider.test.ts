import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENV } from './stacks';
import { ImageSource, ImportedImage } from '../../src';

describe('three images in one stack', () => {
  const stack = new Stack(new App(), 'Images', { env: ENV });
  for (const n of [1, 2, 3]) {
    new ImportedImage(stack, `Image${n}`, { source: ImageSource.fromAmiId(`ami-0000000${n}`) });
  }
  const template = Template.fromStack(stack);

  test('share one provider and one poller', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const handlers = Object.values(functions).map((fn: any) => fn.Properties.Handler).filter(h => h.startsWith('index.'));
    expect(handlers.sort()).toEqual(['index.isComplete', 'index.onEvent', 'index.poll']);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2); // the poller and the provider's waiter
    const tokens = new Set(Object.values(template.findResources('Custom::AppStreamImportedImage'))
      .map((r: any) => JSON.stringify(r.Properties.ServiceToken)));
    expect(tokens.size).toBe(1);
  });

  test('each image gets its own import role, wait condition and resources, and no policy of its own', () => {
    template.resourceCountIs('Custom::AppStreamImportedImage', 3);
    template.resourceCountIs('Custom::AppStreamImportedImageAttributes', 3);
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 3);
    template.resourceCountIs('AWS::CloudFormation::WaitConditionHandle', 3);
    const shared = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ImportedImages' } });
    expect(Object.keys(shared)).toHaveLength(1);
    // One PassRole statement lists the three import roles; every import depends on the one policy.
    const passRole = (Object.values(shared)[0] as any).Properties.PolicyDocument.Statement.find((s: any) => s.Action === 'iam:PassRole');
    expect(passRole.Resource.map((r: any) => r['Fn::GetAtt'][0])).toEqual([
      expect.stringMatching(/^Image1ImportRole/), expect.stringMatching(/^Image2ImportRole/), expect.stringMatching(/^Image3ImportRole/),
    ]);
    for (const resource of Object.values<any>(template.findResources('Custom::AppStreamImportedImage'))) {
      expect(resource.DependsOn).toEqual(Object.keys(shared));
    }
  });

  test('each image adds at most five resources', () => {
    const one = new Stack(new App(), 'One', { env: ENV });
    new ImportedImage(one, 'Image1', { source: ImageSource.fromAmiId('ami-00000001') });
    const count = (t: Template) => Object.keys(t.toJSON().Resources).length;
    expect((count(template) - count(Template.fromStack(one))) / 2).toBeLessThanOrEqual(5);
  });
});

test('images in two stacks get a provider each', () => {
  const app = new App();
  const a = new Stack(app, 'A', { env: ENV });
  const b = new Stack(app, 'B', { env: ENV });
  new ImportedImage(a, 'Image', { source: ImageSource.fromAmiId('ami-00000001') });
  new ImportedImage(b, 'Image', { source: ImageSource.fromAmiId('ami-00000002') });
  for (const stack of [a, b]) {
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.onEvent' }, 1);
  }
});
