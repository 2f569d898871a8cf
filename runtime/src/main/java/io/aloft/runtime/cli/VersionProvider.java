package io.aloft.runtime.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when running from classes). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"Aloft " + version()};
  }

  static String version() {
    String v = Root.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
