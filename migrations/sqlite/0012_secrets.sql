-- Secrets: values stored encrypted under the installation's master key (AES-256-GCM; the key
-- never enters the database). `key_id` names the key a row was sealed with (the first bytes of
-- its SHA-256), so a wrong key is reported as such rather than as a failed decryption. Nonce and
-- ciphertext (with its tag) are hex text, the same in both databases.
CREATE TABLE stored_secrets (
    name       TEXT   PRIMARY KEY,
    key_id     TEXT   NOT NULL,
    nonce      TEXT   NOT NULL,
    ciphertext TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Secrets groups may name further secrets by key for templates: a JSON object of key to
-- credential reference (never a value).
ALTER TABLE secrets_groups ADD COLUMN secrets TEXT;
