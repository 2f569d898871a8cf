package io.aloft.sdk;

/**
 * The version of this operator SPI. A plugin states the SDK versions it works with in its manifest
 * ({@code Plugin-Requires: >=0.1.0}); the daemon refuses a plugin whose requirement this version does not
 * meet. It changes only when the SPI changes, not with every Aloft release.
 *
 * <pre>{@code
 * // in a plugin's manifest, written by the plugins parent POM:
 * // Plugin-Requires: >=0.1.0
 * boolean ok = versionManager.checkVersionConstraint(SdkVersion.CURRENT, ">=0.1.0");
 * }</pre>
 */
public final class SdkVersion {

  /** Semantic version of the SPI in this jar. */
  public static final String CURRENT = "0.1.0";

  private SdkVersion() {}
}
