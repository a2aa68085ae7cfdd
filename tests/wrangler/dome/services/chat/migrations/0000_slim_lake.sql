CREATE TABLE checkpoints (id TEXT);
CREATE TABLE data_retention_consents (id TEXT);
CREATE TABLE data_retention_records (id TEXT);
