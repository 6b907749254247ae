-- The source of truth: platforms, the objects devices point at, devices, saved filters.
-- Timestamps are Unix epoch milliseconds, the same on every database Aurum supports.

CREATE TABLE platforms (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    driver      TEXT    NOT NULL,
    network_os  TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE locations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    parent_id   BIGINT REFERENCES locations (id) ON DELETE RESTRICT,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE roles (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE tenants (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE tags (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT ''
);

-- Credentials by reference only: each column holds a JSON reference such as {"env":"NAME"}.
CREATE TABLE secrets_groups (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    username      TEXT,
    password      TEXT,
    enable_secret TEXT
);

CREATE TABLE devices (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    address          TEXT,
    port             BIGINT  NOT NULL DEFAULT 22,
    platform_id      BIGINT REFERENCES platforms (id) ON DELETE RESTRICT,
    location_id      BIGINT REFERENCES locations (id) ON DELETE RESTRICT,
    role_id          BIGINT REFERENCES roles (id) ON DELETE RESTRICT,
    tenant_id        BIGINT REFERENCES tenants (id) ON DELETE RESTRICT,
    secrets_group_id BIGINT REFERENCES secrets_groups (id) ON DELETE RESTRICT,
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
    device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    tag_id    BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (device_id, tag_id)
);

CREATE INDEX device_tags_tag ON device_tags (tag_id);

-- A saved filter's definition is JSON (see aurum_inventory::DeviceFilter).
CREATE TABLE saved_filters (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    filter      TEXT    NOT NULL
);
