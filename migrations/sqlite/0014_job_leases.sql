-- A job's liveness is a lease in the database, renewed by every process working for it (the
-- enqueuing process while it waits, every worker of the store), not its owner's PID: a job
-- whose lease ran out has nobody left to run it. `finalising` becomes the finaliser's lease
-- (epoch milliseconds; 0 = unclaimed), so a finaliser that died is replaced.
ALTER TABLE jobs ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
UPDATE jobs SET finalising = 0 WHERE finalising = 1;

-- What the job needs of aurum.toml, so workers need not share the file: the settings its
-- devices run under and the plugins (name, sha256) the worker must have (JSON).
ALTER TABLE jobs ADD COLUMN settings TEXT NOT NULL DEFAULT '';

-- Hooks that failed to take one of a job's events (a failing hook never fails the job).
CREATE TABLE job_hook_failures (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    hook   TEXT   NOT NULL,
    event  TEXT   NOT NULL,
    device TEXT   NOT NULL DEFAULT '',
    error  TEXT   NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX job_hook_failures_job ON job_hook_failures (job_id);
