import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as imagebuilder from 'aws-cdk-lib/aws-imagebuilder';
import { Construct } from 'constructs';

/** What an `ImageSource` resolves to when bound to an image. */
export interface ImageSourceConfig {
  /**
   * The EC2 AMI to import.
   *
   * @default - not an AMI source
   */
  readonly amiId?: string;

  /**
   * The Amazon WorkSpaces image to import.
   *
   * @default - not a WorkSpaces image source
   */
  readonly workspaceImageId?: string;
}

/** Where the imported image comes from: an EC2 AMI or an Amazon WorkSpaces image. */
export abstract class ImageSource {
  /**
   * An AMI owned by this account, by id (`ami-` and 8 or 17 hex digits).
   *
   * The AMI must meet the import requirements: Windows Server 2022 Full Base (the documented OS), x86_64,
   * HVM, UEFI boot, TPM v2.0, ENA, one unencrypted gp2 or gp3 EBS volume of at most 500 GB on `/dev/sda1`.
   */
  public static fromAmiId(amiId: string): ImageSource {
    return new StaticImageSource({ amiId });
  }

  /**
   * An AMI from an `ec2.IMachineImage`, for example `ec2.MachineImage.lookup()` or
   * `ec2.MachineImage.genericWindows()`.
   */
  public static fromMachineImage(machineImage: ec2.IMachineImage): ImageSource {
    return new MachineImageSource(machineImage);
  }

  /**
   * The AMI an EC2 Image Builder image builds (`imagebuilder.CfnImage`, its `attrImageId`), in
   * the same stack. A new recipe version replaces the Image Builder image, so its new AMI
   * replaces the imported image (and its copies) in the same deployment: the template does not
   * change, the AMI id does, and the wait is made of wait segments, which wait for whichever
   * image that is. The AMI must meet the import requirements (start the recipe from a TPM-enabled
   * Windows Server 2022 Full Base parent, e.g.
   * `ssm:/aws/service/ami-windows-latest/TPM-Windows_Server-2022-English-Full-Base`); the
   * pre-flight checks it before the import.
   *
   * The Image Builder image must be in the image's stack: across stacks its AMI id would travel
   * through a CloudFormation export, which a new recipe version cannot change.
   */
  public static fromImageBuilderImage(image: imagebuilder.CfnImage): ImageSource {
    return new ImageBuilderImageSource(image);
  }

  /** An Amazon WorkSpaces image, by id (`wsi-` and 9 to 63 lowercase letters or digits). No import role is used. */
  public static fromWorkspaceImageId(workspaceImageId: string): ImageSource {
    return new StaticImageSource({ workspaceImageId });
  }

  /** Resolves the source in the scope of the image that uses it. */
  public abstract bind(scope: Construct): ImageSourceConfig;

  /**
   * The machine image this source reads its AMI id from, if any: the construct's checks tell a
   * context lookup's placeholder and a public Amazon AMI by it.
   *
   * @internal
   */
  public _machineImage(): ec2.IMachineImage | undefined {
    return undefined;
  }
}

class StaticImageSource extends ImageSource {
  constructor(private readonly config: ImageSourceConfig) {
    super();
  }

  public bind(_scope: Construct): ImageSourceConfig {
    return this.config;
  }
}

class MachineImageSource extends ImageSource {
  constructor(private readonly machineImage: ec2.IMachineImage) {
    super();
  }

  public bind(scope: Construct): ImageSourceConfig {
    return { amiId: this.machineImage.getImage(scope).imageId };
  }

  /** @internal */
  public _machineImage(): ec2.IMachineImage {
    return this.machineImage;
  }
}

class ImageBuilderImageSource extends ImageSource {
  constructor(private readonly image: imagebuilder.CfnImage) {
    super();
  }

  public bind(scope: Construct): ImageSourceConfig {
    const builder = Stack.of(this.image);
    const user = Stack.of(scope);
    if (builder !== user) {
      throw new Error(
        `ImageSource.fromImageBuilderImage: the Image Builder image '${this.image.node.path}' is in stack '${builder.node.path}', ` +
        `the ImportedImage '${scope.node.path}' in stack '${user.node.path}'. Its AMI id would cross stacks through a CloudFormation ` +
        'export, which a new recipe version (a new AMI) cannot change. Create both in one stack, or publish the AMI id in an SSM ' +
        'parameter and use ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter(...)).',
      );
    }
    return { amiId: this.image.attrImageId };
  }
}
