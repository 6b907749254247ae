-- Objects synced from an external source of truth (Nautobot, NetBox) carry where they came
-- from and their id there: a sync finds its objects by that id (so a rename there is a rename
-- here), deletes the ones the source no longer has, and local edits of them are refused.
-- NULL source: the object is Aurum's own (imported from a file or made through the API).
ALTER TABLE platforms ADD COLUMN source TEXT;
ALTER TABLE platforms ADD COLUMN source_id TEXT;
ALTER TABLE locations ADD COLUMN source TEXT;
ALTER TABLE locations ADD COLUMN source_id TEXT;
ALTER TABLE roles ADD COLUMN source TEXT;
ALTER TABLE roles ADD COLUMN source_id TEXT;
ALTER TABLE tenants ADD COLUMN source TEXT;
ALTER TABLE tenants ADD COLUMN source_id TEXT;
ALTER TABLE tags ADD COLUMN source TEXT;
ALTER TABLE tags ADD COLUMN source_id TEXT;
ALTER TABLE secrets_groups ADD COLUMN source TEXT;
ALTER TABLE secrets_groups ADD COLUMN source_id TEXT;
ALTER TABLE devices ADD COLUMN source TEXT;
ALTER TABLE devices ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX platforms_source ON platforms (source, source_id);
CREATE UNIQUE INDEX locations_source ON locations (source, source_id);
CREATE UNIQUE INDEX roles_source ON roles (source, source_id);
CREATE UNIQUE INDEX tenants_source ON tenants (source, source_id);
CREATE UNIQUE INDEX tags_source ON tags (source, source_id);
CREATE UNIQUE INDEX secrets_groups_source ON secrets_groups (source, source_id);
CREATE UNIQUE INDEX devices_source ON devices (source, source_id);

-- What the toolkit offers as choices for a command's interface, VLAN and IP variables.
CREATE TABLE interfaces (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    enabled     BIGINT  NOT NULL DEFAULT 1,
    source      TEXT,
    source_id   TEXT,
    UNIQUE (device_id, name)
);
CREATE UNIQUE INDEX interfaces_source ON interfaces (source, source_id);

CREATE TABLE vlans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    vid         BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    location_id INTEGER REFERENCES locations (id) ON DELETE CASCADE,
    source      TEXT,
    source_id   TEXT
);
CREATE INDEX vlans_location ON vlans (location_id);
CREATE UNIQUE INDEX vlans_source ON vlans (source, source_id);

-- An address with its prefix length (10.0.0.1/24), on a device's interface or on none.
CREATE TABLE ip_addresses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    address      TEXT    NOT NULL,
    interface_id INTEGER REFERENCES interfaces (id) ON DELETE SET NULL,
    source       TEXT,
    source_id    TEXT
);
CREATE INDEX ip_addresses_interface ON ip_addresses (interface_id);
CREATE UNIQUE INDEX ip_addresses_source ON ip_addresses (source, source_id);

-- Where each source's last sync got to: an incremental sync asks for what changed since.
CREATE TABLE sot_sync_state (
    source         TEXT   PRIMARY KEY,
    last_synced_at BIGINT NOT NULL,
    last_full_at   BIGINT NOT NULL
);
