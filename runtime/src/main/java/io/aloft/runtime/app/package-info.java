/**
 * The application layer: one small service per user-visible resource ({@link io.aloft.runtime.app.Dags}, {@link
 * io.aloft.runtime.app.Runs}, {@link io.aloft.runtime.app.TaskInstances}, {@link io.aloft.runtime.app.Pools}, {@link
 * io.aloft.runtime.app.Variables}, {@link io.aloft.runtime.app.ImportErrors}, {@link io.aloft.runtime.app.Users},
 * {@link io.aloft.runtime.app.Plugins}, {@link io.aloft.runtime.app.Health} ...), gathered in {@link
 * io.aloft.runtime.app.Application}. The REST API, the web UI and the CLI are adapters over it: they parse input,
 * call one operation here and render its answer, so each operation (unpausing wakes the scheduler, a run's state
 * changes by the scheduler's rules) has exactly one implementation. Services return the store's row records; the
 * adapters never see {@code Stores}, JDBI or SQL ({@code LayeringTest} checks it). Built by the composition root
 * ({@link io.aloft.runtime.Aloft}); see {@code docs/ARCHITECTURE.md}.
 */
package io.aloft.runtime.app;
