package io.aloft.runtime.store;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import org.jdbi.v3.core.Jdbi;

/** Registers the column mappers every store relies on. */
final class Jdbis {

  private Jdbis() {}

  static Jdbi configure(Jdbi jdbi) {
    jdbi.registerColumnMapper(TaskState.class, (rs, col, ctx) -> TaskState.parse(rs.getString(col)));
    jdbi.registerColumnMapper(RunState.class, (rs, col, ctx) -> RunState.parse(rs.getString(col)));
    return jdbi;
  }
}
