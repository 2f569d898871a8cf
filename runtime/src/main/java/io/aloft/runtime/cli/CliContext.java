package io.aloft.runtime.cli;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.config.AloftConfig;
import java.io.PrintWriter;

/**
 * What every command gets: the configuration read once at start, the console, and the store opened on
 * first use (so {@code aloft config} works without a database).
 */
public final class CliContext implements AutoCloseable {

  private final AloftConfig config;
  private final PrintWriter out;
  private final PrintWriter err;
  private Aloft aloft;

  public CliContext(AloftConfig config, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  public AloftConfig config() {
    return config;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** The store (and nothing else) of this Aloft home, opened once. */
  public synchronized Aloft aloft() {
    if (aloft == null) {
      aloft = Aloft.openStore(config);
    }
    return aloft;
  }

  @Override
  public synchronized void close() {
    if (aloft != null) {
      aloft.close();
      aloft = null;
    }
  }
}
