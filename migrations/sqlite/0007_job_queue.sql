-- Jobs run as per-device tasks on the job engine (apalis). Every device of a job gets a
-- `pending` row when the job is enqueued, with the golden-config setting it runs under, so any
-- worker process can do one device; `pending` counts the devices left, so the worker that
-- records the last one knows it at once. `finalising` is claimed by exactly one worker, which
-- commits the job's repositories once; `commits` records them.
ALTER TABLE job_devices ADD COLUMN setting TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN finalising BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN commits TEXT NOT NULL DEFAULT '';
