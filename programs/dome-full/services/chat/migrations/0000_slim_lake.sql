CREATE TABLE `checkpoints` (
	`run_id` text NOT NULL,
	`step` integer NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `step`)
);
--> statement-breakpoint
CREATE TABLE `data_retention_consents` (
	`user_id` text PRIMARY KEY NOT NULL,
	`consented` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `data_retention_records` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`run_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`anonymized` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `data_retention_records_expires_idx` ON `data_retention_records` (`expires_at`);
