-- Counters that move whenever what the overview pages summarise changes, so a process keeps
-- the device names, the pivot's columns and the compliance totals in memory and re-reads them
-- only when a counter moved (one row lookup per view instead of scanning 200,000 results).
-- `devices` moves with every device added, removed or renamed (a trigger: many statements
-- write devices); `compliance` moves in the transaction that replaces a device's results.
CREATE TABLE data_versions (
    topic   TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (topic, version) VALUES ('devices', 0), ('compliance', 0);

CREATE FUNCTION bump_devices_version() RETURNS trigger AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE topic = 'devices';
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER devices_version AFTER INSERT OR DELETE OR UPDATE OF name ON devices
FOR EACH STATEMENT EXECUTE FUNCTION bump_devices_version();

-- Config search lists every device's current digest on each search: from this index alone,
-- without reading the configurations' rows.
CREATE INDEX config_versions_current_digest ON config_versions (kind, valid_until, device, digest);
