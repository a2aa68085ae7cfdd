CREATE TABLE todos (id TEXT);
