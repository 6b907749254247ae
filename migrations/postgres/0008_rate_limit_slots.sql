-- The toolkit's rate limit: a run takes a slot of its device before it is sent, in one
-- transaction with the count, so parallel runs (threads, processes, API calls) cannot all pass.
-- `rate_limit_devices` is the row that transaction locks first, serialising reservations per
-- device; `rate_limit_slots` holds the slots taken inside the window (a run that fails at the
-- device gives its slot back; expired slots are deleted by the next reservation).
CREATE TABLE rate_limit_devices (
    device      TEXT   PRIMARY KEY,
    reserved_at BIGINT NOT NULL
);

CREATE TABLE rate_limit_slots (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device TEXT    NOT NULL,
    at     BIGINT  NOT NULL
);

CREATE INDEX rate_limit_slots_device_at ON rate_limit_slots (device, at);
