-- Compliance results per device and feature; a device's rows are replaced together, so a
-- device whose platform changed keeps no stale rows.

CREATE TABLE compliance_results (
    device      TEXT    NOT NULL,
    feature     TEXT    NOT NULL,
    platform    TEXT    NOT NULL,
    compliant   BIGINT  NOT NULL,
    ordered     BIGINT  NOT NULL,
    missing     TEXT    NOT NULL,
    extra       TEXT    NOT NULL,
    actual      TEXT    NOT NULL,
    intended    TEXT    NOT NULL,
    remediation TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (device, feature)
);

CREATE INDEX compliance_results_feature ON compliance_results (feature, compliant);
