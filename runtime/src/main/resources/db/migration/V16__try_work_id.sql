-- What a try started outside the daemon (a Docker container id), recorded before the start: a try resumed
-- after a crash then knows its work was started even when the work can no longer be found, and never starts
-- it a second time under the same try number (issue 16).
ALTER TABLE task_try ADD COLUMN work_id TEXT;
