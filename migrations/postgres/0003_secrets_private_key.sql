-- Secrets groups may hold an SSH private key (by reference, like every credential).
ALTER TABLE secrets_groups ADD COLUMN private_key TEXT;
