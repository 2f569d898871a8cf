-- Connection passwords and extras are stored encrypted (AES-GCM, key in <home>/env/ or ALOFT_FERNET_KEY).
-- Rows written before this migration stay readable as plain text until `aloft connections rotate-key`.
ALTER TABLE connection ADD COLUMN is_encrypted BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE connection ADD COLUMN is_extra_encrypted BOOLEAN NOT NULL DEFAULT false;
