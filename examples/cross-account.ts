import { App, Stack, StackProps, aws_appstream as appstream } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ImageSource, ImportedImage } from '../src';

/** The image account (shared services) and one workload account, in one Region. */
export const IMAGE_ACCOUNT = { account: '111111111111', region: 'us-east-1' };
export const WORKLOAD_ACCOUNT = { account: '222222222222', region: 'us-east-1' };

/** Where the image account publishes the image's ARN. */
export const SHARED_PARAMETER_NAME = '/golden/shared-image-arn';

/**
 * The image account: the golden AMI imported once, shared with the workload accounts, and its
 * ARN published in an advanced-tier SSM parameter that RAM shares with them.
 */
export class SharedImageStack extends Stack {
  public readonly image: ImportedImage;

  constructor(scope: Construct, id: string, props: StackProps & { readonly amiId: string; readonly workloadAccounts: string[] }) {
    super(scope, id, props);
    this.image = new ImportedImage(this, 'GoldenImage', {
      source: ImageSource.fromAmiId(props.amiId),
      displayName: 'Golden Windows image',
      sharedWith: props.workloadAccounts.map(account => ({ account })),
      sharedParameter: { parameterName: SHARED_PARAMETER_NAME },
    });
  }
}

/**
 * A workload account's fleet. It knows only the parameter's ARN, which does not change between
 * images: the SSM-typed parameter is read again at every deploy, so the fleet moves to each new
 * image at the stack's next deploy (the image account keeps the old one shared meanwhile).
 */
export class WorkloadFleetStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly parameterArn: string }) {
    super(scope, id, props);
    const image = ImportedImage.fromSharedParameterArn(this, 'GoldenImage', props.parameterArn);
    new appstream.CfnFleet(this, 'Fleet', {
      name: 'golden-fleet',
      instanceType: 'GeneralPurpose.t3.large',
      imageArn: image.imageArn,
      fleetType: 'ON_DEMAND',
      computeCapacity: { desiredInstances: 1 },
    });
  }
}

/**
 * Both accounts in one app, as a landing zone's pipeline would deploy them (each stack with the
 * other account's CDK bootstrap trusting the pipeline account). The workload team could as well
 * keep its stack in an app of its own: all it needs is the parameter's ARN.
 */
export function buildCrossAccountApp(app: App): { imageStack: SharedImageStack; workloadStack: WorkloadFleetStack } {
  const amiId = app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0';
  const imageStack = new SharedImageStack(app, 'GoldenImageSharedStack', {
    env: IMAGE_ACCOUNT, amiId, workloadAccounts: [WORKLOAD_ACCOUNT.account],
  });
  const parameterArn = `arn:aws:ssm:${IMAGE_ACCOUNT.region}:${IMAGE_ACCOUNT.account}:parameter${SHARED_PARAMETER_NAME}`;
  const workloadStack = new WorkloadFleetStack(app, 'WorkloadFleetStack', { env: WORKLOAD_ACCOUNT, parameterArn });
  // Deployed after the image stack by `cdk deploy --all`, so it reads the image just made.
  workloadStack.node.addDependency(imageStack);
  return { imageStack, workloadStack };
}
