-- Which process runs a job (host:pid), so a restart fails only the jobs whose process died.
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
