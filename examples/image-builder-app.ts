/**
 * From an EC2 Image Builder recipe to fleets in three Regions, in one app: the recipe (parent: a
 * TPM-enabled Windows Server 2022 Full Base) builds an AMI; the AMI becomes a WorkSpaces
 * Applications image in us-east-1, copied to eu-west-1 and ap-southeast-2; a fleet stack in each
 * Region reads its Region's image through an SSM parameter. A new recipe version rotates all of it
 * in one `cdk deploy --all`.
 */
import { App, Aws, Stack, StackProps, aws_appstream as appstream, aws_iam as iam, aws_imagebuilder as imagebuilder } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ImageSource, ImportedImage } from '../src';

export const ACCOUNT = '111111111111';
export const HOME_REGION = 'us-east-1';
export const COPY_REGIONS = ['eu-west-1', 'ap-southeast-2'];

/** The recipe, the Image Builder image it builds, and the WorkSpaces Applications image with its copies. */
export class GoldenPipelineStack extends Stack {
  public readonly image: ImportedImage;

  constructor(scope: Construct, id: string, props: StackProps & { readonly recipeVersion: string }) {
    super(scope, id, props);
    const instanceRole = new iam.Role(this, 'BuildInstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('EC2InstanceProfileForImageBuilder'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
      ],
    });
    const instanceProfile = new iam.CfnInstanceProfile(this, 'BuildInstanceProfile', { roles: [instanceRole.roleName] });
    const infrastructure = new imagebuilder.CfnInfrastructureConfiguration(this, 'Infrastructure', {
      name: 'golden-windows-build',
      instanceProfileName: instanceProfile.ref,
      instanceTypes: ['m5.large'],
    });
    // A new version replaces the recipe, hence the Image Builder image and its AMI.
    const recipe = new imagebuilder.CfnImageRecipe(this, 'Recipe', {
      name: 'golden-windows',
      version: props.recipeVersion,
      // UEFI and TPM v2.0, as the import requires.
      parentImage: 'ssm:/aws/service/ami-windows-latest/TPM-Windows_Server-2022-English-Full-Base',
      components: [{ componentArn: `arn:${Aws.PARTITION}:imagebuilder:${Aws.REGION}:aws:component/update-windows/x.x.x` }],
    });
    const build = new imagebuilder.CfnImage(this, 'Build', {
      imageRecipeArn: recipe.attrArn,
      infrastructureConfigurationArn: infrastructure.attrArn,
    });

    this.image = new ImportedImage(this, 'GoldenImage', {
      source: ImageSource.fromImageBuilderImage(build),
      displayName: 'Golden Windows image',
      description: 'Built by EC2 Image Builder from the golden-windows recipe',
      copyToRegions: COPY_REGIONS,
    });
  }
}

/** A fleet in one Region; it reads that Region's image (the image itself, or its copy) from SSM. */
export class RegionalFleetStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly image: ImportedImage }) {
    super(scope, id, props);
    new appstream.CfnFleet(this, 'Fleet', {
      name: `golden-fleet-${this.region}`,
      instanceType: 'GeneralPurpose.t3.large',
      imageArn: props.image.referenceFrom(this).imageArn,
      fleetType: 'ON_DEMAND',
      computeCapacity: { desiredInstances: 1 },
    });
  }
}

/** Builds the app: the pipeline stack and a fleet stack per Region. The recipe version comes from the `recipeVersion` context. */
export function buildImageBuilderApp(app: App): { pipeline: GoldenPipelineStack; fleets: RegionalFleetStack[] } {
  const recipeVersion = app.node.tryGetContext('recipeVersion') ?? '1.0.0';
  const pipeline = new GoldenPipelineStack(app, 'GoldenPipelineStack', { env: { account: ACCOUNT, region: HOME_REGION }, recipeVersion });
  const fleets = [HOME_REGION, ...COPY_REGIONS].map(region =>
    new RegionalFleetStack(app, `GoldenFleet-${region}`, { env: { account: ACCOUNT, region }, image: pipeline.image }));
  return { pipeline, fleets };
}
