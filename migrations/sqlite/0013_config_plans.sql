-- Config plans: the commands to change one device, where they came from (type, features, the
-- compliance job whose results they were built from), their status, the approval (who and
-- when, kept apart from the status so a default status can never pass for an approval), the
-- change-control reference, and what a deployment did: the pre-change backup, the on-device
-- checkpoint a rollback restores, the device's output and compliance before and after (JSON).
CREATE TABLE config_plans (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    device             TEXT    NOT NULL,
    plan_type          TEXT    NOT NULL,
    features           TEXT    NOT NULL,
    commands           TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    change_control_id  TEXT    NOT NULL,
    change_control_url TEXT    NOT NULL,
    compliance_job     INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    created_by         TEXT    NOT NULL,
    created_at         BIGINT  NOT NULL,
    approved_by        TEXT,
    approved_at        BIGINT,
    deploy_job         INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    pre_change         TEXT,
    checkpoint         TEXT,
    output             TEXT    NOT NULL,
    compliance_before  TEXT    NOT NULL,
    compliance_after   TEXT,
    updated_at         BIGINT  NOT NULL
);

CREATE INDEX config_plans_status ON config_plans (status, id);
CREATE INDEX config_plans_device ON config_plans (device, id);
