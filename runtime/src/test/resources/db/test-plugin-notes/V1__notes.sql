-- A test plugin's own table (PluginSpiIT): lives in schema plugin_notes, not beside the engine's tables.
CREATE TABLE note (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL);
