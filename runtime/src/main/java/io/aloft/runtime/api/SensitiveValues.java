package io.aloft.runtime.api;

import io.aloft.runtime.execution.SecretMasker;

/**
 * Masks, in what the API shows of task results (XCom values), the current values of every variable stored
 * under a sensitive name. A try's log is masked while it is written, but a task's return value (for a Bash
 * task, its last output line) is kept as the task produced it so that downstream tasks get the real value;
 * only the view of it is masked. Stateless: each call reads the variables anew.
 */
final class SensitiveValues {

  private SensitiveValues() {}

  /** A masker that knows the values of all sensitive variables now in the store. */
  static SecretMasker masker(ApiContext api) {
    SecretMasker m = new SecretMasker(api.sensitiveNames());
    api.stores().variables().list().forEach(v -> m.fetched(v.key(), v.val()));
    return m;
  }
}
