-- Config search keeps every device's current configuration in memory: this counter moves in
-- the transaction that stores a new version, so a search knows from one row whether its copy
-- still holds, instead of listing 10,000 digests each time.
INSERT INTO data_versions (topic, version) VALUES ('configs', 0);
