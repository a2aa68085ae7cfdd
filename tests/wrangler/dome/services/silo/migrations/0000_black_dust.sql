CREATE TABLE contents (id TEXT, r2_key TEXT UNIQUE);
CREATE TABLE dlq_metadata (id TEXT);
