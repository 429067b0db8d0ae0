package dev.registrystreams.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = RegistryStreamsCli.class.getPackage().getImplementationVersion();
    return new String[] {"registry-streams " + (version == null ? "development" : version)};
  }
}
