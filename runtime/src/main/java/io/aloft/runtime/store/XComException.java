package io.aloft.runtime.store;

/** An XCom value that cannot be stored (too large, not JSON); the message says what to do. */
public final class XComException extends RuntimeException {
  public XComException(String message) {
    super(message);
  }
}
