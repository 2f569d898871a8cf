package io.aloft.sdk;

import java.util.Optional;

/** Cross-communication values of the current run. Values are JSON shapes; a size limit applies. */
public interface XCom {

  void push(String key, Object value);

  /** The value another task of this run pushed under {@code key}. */
  Optional<Object> pull(String taskId, String key);
}
