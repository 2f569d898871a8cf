package io.aloft.graphgrid.gpu;

/** The GPU state cannot be read; the message says why and what to do about it. */
public final class GpuUnavailableException extends Exception {

  public GpuUnavailableException(String message) {
    super(message);
  }

  public GpuUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
