-- The command log page shows the statistics of what its filter matches: runs, successes,
-- devices and users. Each is counted from an index of its own column instead of a scan of
-- every row and its output. (No index on `command`: a deploy's entry holds every line it
-- sent, longer than a PostgreSQL index entry may be.)
CREATE INDEX command_log_success ON command_log (success);
CREATE INDEX command_log_username ON command_log (username);
