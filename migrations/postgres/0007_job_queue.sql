-- Jobs run as per-device tasks on the job engine (apalis). Every device of a job gets a
-- `pending` row when the job is enqueued, with the golden-config setting it runs under, so any
-- worker process can do one device; `pending` counts the devices left, so the worker that
-- records the last one knows it at once. `finalising` is claimed by exactly one worker, which
-- commits the job's repositories once; `commits` records them.
ALTER TABLE job_devices ADD COLUMN setting TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN finalising BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN commits TEXT NOT NULL DEFAULT '';

-- Each firing of a schedule, claimed by the first process to reach it: every `aurum serve` and
-- `aurum worker` runs the schedules, and only one of them starts the job.
CREATE TABLE schedule_ticks (
    name       TEXT   NOT NULL,
    tick       BIGINT NOT NULL,
    claimed_by TEXT   NOT NULL,
    PRIMARY KEY (name, tick)
);
