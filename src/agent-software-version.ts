/**
 * Which WorkSpaces Applications agent the imported image runs.
 *
 * An enum-like class rather than an enum, so that a later release can add the values AWS adds
 * without breaking the API.
 */
export class AgentSoftwareVersion {
  /** The agent current when the image is imported, kept until you update the image. */
  public static readonly CURRENT_LATEST = new AgentSoftwareVersion('CURRENT_LATEST');

  /** The newest agent, updated automatically by the service. */
  public static readonly ALWAYS_LATEST = new AgentSoftwareVersion('ALWAYS_LATEST');

  /**
   * A value as the API spells it, for example a CfnParameter's value (checked by the handler at
   * deploy time). Only `CURRENT_LATEST` and `ALWAYS_LATEST` are accepted.
   */
  public static of(value: string): AgentSoftwareVersion {
    return new AgentSoftwareVersion(value);
  }

  private constructor(
    /** The API value. */
    public readonly value: string,
  ) {}
}
