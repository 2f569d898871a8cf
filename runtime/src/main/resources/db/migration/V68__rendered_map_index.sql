-- Airflow 2.9's named mapping: a mapped task's map_index_template, rendered after each try, names the instance in
-- the UI and in the API's task instance `rendered_map_index`. NULL when the task has no template (or before a try).
ALTER TABLE task_instance ADD COLUMN rendered_map_index TEXT;
