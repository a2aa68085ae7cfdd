CREATE TABLE oauth_token (id TEXT);
