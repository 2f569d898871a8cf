package io.aloft.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Airflow's four roles as Aloft's services check them. */
class RoleTest {

  @Test
  void eachRoleAddsToTheOneBelow() {
    assertThat(Role.ADMIN.permissions()).containsAll(Role.OP.permissions());
    assertThat(Role.OP.permissions()).containsAll(Role.USER.permissions());
    assertThat(Role.USER.permissions()).containsAll(Role.VIEWER.permissions());
    assertThat(Role.VIEWER.permissions()).allMatch(p -> p.action().equals(Permission.READ));
  }

  @Test
  void airflowsMeanings() {
    assertThat(Role.VIEWER.allows(Permission.create(Permission.DAG_RUNS))).isFalse();
    assertThat(Role.USER.allows(Permission.create(Permission.DAG_RUNS))).isTrue();
    assertThat(Role.USER.allows(Permission.edit(Permission.TASK_INSTANCES))).isTrue();
    assertThat(Role.USER.allows(Permission.edit(Permission.VARIABLES))).isFalse();
    assertThat(Role.USER.allows(Permission.read(Permission.CONFIG))).isFalse();
    assertThat(Role.OP.allows(Permission.delete(Permission.CONNECTIONS))).isTrue();
    assertThat(Role.OP.allows(Permission.read(Permission.CONFIG))).isTrue();
    assertThat(Role.OP.allows(Permission.create(Permission.USERS))).isFalse();
    assertThat(Role.ADMIN.allows(Permission.delete(Permission.ROLES))).isTrue();
    assertThat(Role.builtIn("admin")).contains(Role.ADMIN);
  }

  @Test
  void aRefusalNamesUserRolePermissionAndTheFix() {
    Actor viewer = new Actor("vera", "10.0.0.1", Role.VIEWER);
    assertThatThrownBy(() -> viewer.require(Permission.edit(Permission.DAGS)))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("vera").hasMessageContaining("Viewer").hasMessageContaining("can_edit on DAGs")
        .hasMessageContaining("--role");
    assertThat(Actor.cli("ops").role()).isEqualTo(Role.ADMIN);
    assertThat(new Actor("x", "y", null).role()).as("no role given: read-only").isEqualTo(Role.VIEWER);
  }

  @Test
  void unknownNamesAreRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> new Permission("can_fly", Permission.DAGS)).hasMessageContaining("can_read");
    assertThatThrownBy(() -> new Permission(Permission.READ, "Dragons")).hasMessageContaining("DAG Runs");
  }
}
