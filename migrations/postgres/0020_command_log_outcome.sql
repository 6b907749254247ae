-- The command log filtered by outcome (`?outcome=failed`, `?success=false`): its page, newest
-- first, from `(success, at)` without sorting the matching rows, and its device and user
-- counts from `(success, device, username)`. (No `command`: a deploy's entry holds every line
-- it sent, longer than a PostgreSQL index entry may be.)
CREATE INDEX command_log_outcome_at ON command_log (success, at);
CREATE INDEX command_log_outcome ON command_log (success, device, username);
