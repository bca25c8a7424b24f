/**
 * Which WorkSpaces Applications agent the imported image runs.
 *
 * An enum-like class: AWS may add values, which `AgentSoftwareVersion.of()` can name before
 * this library knows them.
 */
export class AgentSoftwareVersion {
  /** The agent current when the image is imported, kept until you update the image. */
  public static readonly CURRENT_LATEST = new AgentSoftwareVersion('CURRENT_LATEST');

  /** The newest agent, updated automatically by the service. */
  public static readonly ALWAYS_LATEST = new AgentSoftwareVersion('ALWAYS_LATEST');

  /** A value this library does not know yet, exactly as the API spells it. */
  public static of(value: string): AgentSoftwareVersion {
    return new AgentSoftwareVersion(value);
  }

  private constructor(
    /** The API value. */
    public readonly value: string,
  ) {}
}
