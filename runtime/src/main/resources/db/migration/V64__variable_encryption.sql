-- Variable values are stored encrypted (AES-GCM under the connections' key), as Airflow's Fernet encrypts every
-- variable. Rows written before this migration are sealed in place when the daemon starts next.
ALTER TABLE variable ADD COLUMN is_encrypted BOOLEAN NOT NULL DEFAULT false;
