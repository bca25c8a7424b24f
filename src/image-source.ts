import * as ec2 from 'aws-cdk-lib/aws-ec2';
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
