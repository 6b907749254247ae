-- The source of truth: platforms, the objects devices point at, devices, saved filters.
-- Timestamps are Unix epoch milliseconds, the same on every database Aurum supports.

CREATE TABLE platforms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    driver      TEXT    NOT NULL,
    network_os  TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE locations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES locations (id) ON DELETE RESTRICT,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE tenants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

-- Credentials by reference only: each column holds a JSON reference such as {"env":"NAME"}.
CREATE TABLE secrets_groups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    username      TEXT,
    password      TEXT,
    enable_secret TEXT
);

CREATE TABLE devices (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT    NOT NULL UNIQUE,
    address          TEXT,
    port             INTEGER NOT NULL DEFAULT 22,
    platform_id      INTEGER REFERENCES platforms (id) ON DELETE RESTRICT,
    location_id      INTEGER REFERENCES locations (id) ON DELETE RESTRICT,
    role_id          INTEGER REFERENCES roles (id) ON DELETE RESTRICT,
    tenant_id        INTEGER REFERENCES tenants (id) ON DELETE RESTRICT,
    secrets_group_id INTEGER REFERENCES secrets_groups (id) ON DELETE RESTRICT,
    status           TEXT    NOT NULL DEFAULT 'active',
    data             TEXT    NOT NULL DEFAULT '{}',
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE INDEX devices_platform ON devices (platform_id);
CREATE INDEX devices_location ON devices (location_id);
CREATE INDEX devices_role ON devices (role_id);
CREATE INDEX devices_tenant ON devices (tenant_id);

CREATE TABLE device_tags (
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (device_id, tag_id)
);

CREATE INDEX device_tags_tag ON device_tags (tag_id);

-- A saved filter's definition is JSON (see aurum_inventory::DeviceFilter).
CREATE TABLE saved_filters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    filter      TEXT    NOT NULL
);
