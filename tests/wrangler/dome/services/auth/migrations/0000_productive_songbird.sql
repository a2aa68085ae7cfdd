CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT UNIQUE);
CREATE TABLE user_auth_providers (user_id TEXT, provider TEXT);
CREATE TABLE token_blacklist (token TEXT);
