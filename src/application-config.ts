/**
 * One application of the image's catalog (`AppCatalogConfig` in the API).
 *
 * The catalog is sent as sensitive data: launch parameters may hold secrets and are never
 * logged by this library.
 */
export interface ApplicationConfig {
  /**
   * Unique name of the application: a letter or digit, then up to 99 letters, digits, `_`, `.` or `-`.
   */
  readonly name: string;

  /**
   * Name shown to users: a letter or digit, then up to 99 letters, digits, spaces, `_`, `.` or `-`.
   *
   * @default - the service shows `name`
   */
  readonly displayName?: string;

  /** Absolute path of the executable, 1 to 32767 characters (for example `C:\\Program Files\\App\\app.exe`). */
  readonly absoluteAppPath: string;

  /**
   * Absolute path of the icon, 1 to 32767 characters.
   *
   * @default - the service extracts the executable's icon
   */
  readonly absoluteIconPath?: string;

  /**
   * Absolute path of the application's manifest, 1 to 32767 characters.
   *
   * @default - no manifest
   */
  readonly absoluteManifestPath?: string;

  /**
   * Working directory of the application, at most 32767 characters.
   *
   * @default - the service's default working directory
   */
  readonly workingDirectory?: string;

  /**
   * Command-line parameters passed at launch, at most 1024 characters.
   *
   * @default - no parameters
   */
  readonly launchParameters?: string;
}
