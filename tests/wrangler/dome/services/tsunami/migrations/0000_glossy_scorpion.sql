CREATE TABLE sync_plan (id TEXT, resource_id TEXT UNIQUE);
CREATE TABLE sync_history (id TEXT);
