-- Dataset aliases (Airflow 2.10's DatasetAlias, Airflow 3's AssetAlias): a name a task declares as an outlet and
-- resolves at run time by adding datasets to it (outlet_events[alias].add(Dataset(uri))). The membership table
-- is what a schedule on the alias resolves to; the event table says which events came through which alias
-- (inlet_events[alias] in a consumer).
CREATE TABLE dataset_alias (
    id   BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE dataset_alias_dataset (
    alias_id   BIGINT NOT NULL REFERENCES dataset_alias (id) ON DELETE CASCADE,
    dataset_id BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    PRIMARY KEY (alias_id, dataset_id)
);
CREATE INDEX dataset_alias_dataset_by_dataset ON dataset_alias_dataset (dataset_id);

CREATE TABLE dataset_alias_event (
    alias_id BIGINT NOT NULL REFERENCES dataset_alias (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES dataset_event (id) ON DELETE CASCADE,
    PRIMARY KEY (alias_id, event_id)
);
