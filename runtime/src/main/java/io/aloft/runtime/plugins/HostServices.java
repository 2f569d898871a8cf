package io.aloft.runtime.plugins;

import io.aloft.sdk.extension.PluginServices;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@link PluginServices} the runtime hands one plugin: its id, the validated settings, the data directory and its
 * own schema. Immutable; the database does its own thread-safety.
 */
public record HostServices(String pluginId, Map<String, String> settings, Path home,
                           PluginServices.PluginDatabase database)
    implements PluginServices {}
