package io.aloft.runtime.store;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import java.sql.Types;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/** Registers the column mappers every store relies on, and the one place text enters the store. */
final class Jdbis {

  private Jdbis() {}

  static Jdbi configure(Jdbi jdbi) {
    jdbi.registerColumnMapper(TaskState.class, (rs, col, ctx) -> TaskState.parse(rs.getString(col)));
    jdbi.registerColumnMapper(RunState.class, (rs, col, ctx) -> RunState.parse(rs.getString(col)));
    // Registered last, so it wins over Jdbi's own String binding: every bound string is made storable.
    jdbi.registerArgument(new StorableStrings());
    return jdbi;
  }

  /** Binds strings through {@link StorableText}: a NUL in any of them must not fail the statement. */
  private static final class StorableStrings extends AbstractArgumentFactory<String> {

    StorableStrings() {
      super(Types.VARCHAR);
    }

    @Override
    protected Argument build(String value, ConfigRegistry config) {
      String stored = StorableText.of(value);
      return (position, statement, ctx) -> statement.setString(position, stored);
    }
  }
}
