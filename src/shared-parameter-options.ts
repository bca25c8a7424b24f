/** How the image's ARN is published to other accounts (see `ImportedImageProps.sharedParameter`). */
export interface SharedParameterOptions {
  /**
   * Name of the advanced-tier SSM parameter that holds the image's ARN.
   *
   * @default `/cdk-appstream-imported-image/shared/<stack name>/<construct path in the stack>`
   */
  readonly parameterName?: string;

  /**
   * Who may read the parameter, as AWS RAM principals: 12-digit account ids, an organization ARN
   * (`arn:aws:organizations::<management account>:organization/o-…`) or an OU ARN
   * (`arn:aws:organizations::<management account>:ou/o-…/ou-…`). The image itself is only shared
   * with the accounts of `sharedWith` / `shareWith()`: WorkSpaces Applications shares images with
   * accounts, never with an organization.
   *
   * @default - the accounts the image is shared with (`sharedWith` and `shareWith()`)
   */
  readonly principals?: string[];

  /**
   * Whether accounts outside your AWS Organization may be principals (they must accept the RAM
   * invitation). `false` refuses them.
   *
   * @default true
   */
  readonly allowExternalPrincipals?: boolean;
}
