CREATE TABLE contents (id TEXT);
