import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENV } from './stacks';
import { ImageSource, ImportedImage } from '../../src';
import { inlinePolicyCharacters, resolveIntrinsics, ROLE_INLINE_POLICY_LIMIT } from '../fixtures/policy-size';

const STACK_NAME = 'GoldenImagesProductionEuropeWest';

/** A stack of n images: mostly generated names from AMIs, some fixed names, some from WorkSpaces images. */
function stackOf(images: number) {
  const stack = new Stack(new App(), STACK_NAME, { env: ENV });
  for (let i = 0; i < images; i++) {
    const source = i % 10 === 9
      ? ImageSource.fromWorkspaceImageId(`wsi-${String(i).padStart(9, '0')}`)
      : ImageSource.fromAmiId(`ami-${String(i).padStart(17, '0')}`);
    new ImportedImage(stack, `WindowsServer2022GoldenImage${i}`, { source, imageName: i % 5 === 4 ? `golden-image-${i}` : undefined });
  }
  return Template.fromStack(stack).toJSON();
}

const sizes = new Map([1, 10, 50].map(n => [n, inlinePolicyCharacters(stackOf(n), STACK_NAME)]));
const handlerRole = (n: number) => Object.entries(sizes.get(n)!).find(([id]) => id.startsWith('AppStreamImportedImageProviderHandlerRole'))![1];

test('a stack of 50 images: every role\'s inline policies stay under IAM\'s 10,240 characters', () => {
  const fifty = sizes.get(50)!;
  expect(Object.keys(fifty).length).toBeGreaterThan(5);
  for (const [role, characters] of Object.entries(fifty)) {
    expect({ role, characters, under: characters < ROLE_INLINE_POLICY_LIMIT }).toEqual({ role, characters, under: true });
  }
});

test('the handler role grows by an import role ARN per image, not by a policy per image', () => {
  const perImage = (handlerRole(50) - handlerRole(1)) / 49;
  // One role ARN (about 90 characters with a generated name) per AMI image; nothing for WorkSpaces ones.
  expect(perImage).toBeGreaterThan(0);
  expect(perImage).toBeLessThan(120);
});

test('the check role does not grow at all', () => {
  const checkRole = (n: number) => Object.entries(sizes.get(n)!).find(([id]) => id.startsWith('AppStreamImportedImageProviderPollerCheckRole'))![1];
  expect(checkRole(50)).toBe(checkRole(1));
});

test('the measure resolves intrinsics to realistic ARNs', () => {
  const template = stackOf(1);
  expect(resolveIntrinsics({ 'Fn::GetAtt': ['AppStreamImportedImageProviderHandlerRole7ABD392A', 'Arn'] }, { Resources: { AppStreamImportedImageProviderHandlerRole7ABD392A: { Type: 'AWS::IAM::Role' } } }, STACK_NAME))
    .toBe('arn:aws:iam::111111111111:role/GoldenImagesProductionEuropeWest-AppStreamImportedI-ABCDEFGHIJKL');
  expect(resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' }, template, STACK_NAME))
    .toBe(`arn:aws:cloudformation:us-east-1:111111111111:stack/${STACK_NAME}/*`);
});
