/**
 * What a plugin may add to Aloft beyond operators: its own tables (Flyway migrations run in a schema of its own),
 * REST routes under {@code /api/v1}, UI pages with a navigation entry, and {@code aloft} CLI subcommands. A plugin
 * ships one {@link io.aloft.sdk.extension.PluginExtension} (a PF4J {@code @Extension}); the runtime reads it once at
 * start and hands each handler a {@link io.aloft.sdk.extension.PluginServices} for the plugin's settings and
 * database schema. Nothing here depends on the runtime's HTTP server or CLI library: the runtime adapts these plain
 * types, renders pages through its own auto-escaping templates and checks authentication before any handler runs.
 */
package io.aloft.sdk.extension;
