/** How the image is shared with another AWS account. */
export interface ImageShareOptions {
  /**
   * The account may run fleets from the image.
   *
   * @default true
   */
  readonly allowFleet?: boolean;

  /**
   * The account may start image builders from the image.
   *
   * @default false
   */
  readonly allowImageBuilder?: boolean;
}

/** An AWS account the image is shared with. */
export interface ImageShare extends ImageShareOptions {
  /** The 12-digit AWS account id. */
  readonly account: string;
}
