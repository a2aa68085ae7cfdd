CREATE TABLE `contents` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`r2_key` text NOT NULL,
	`size` integer NOT NULL,
	`title` text,
	`summary` text,
	`source` text DEFAULT 'api' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contents_r2_key_unique` ON `contents` (`r2_key`);--> statement-breakpoint
CREATE INDEX `contents_user_idx` ON `contents` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dlq_metadata` (
	`message_id` text PRIMARY KEY NOT NULL,
	`queue_name` text NOT NULL,
	`body` text NOT NULL,
	`failed_at` integer NOT NULL,
	`reprocessed` integer DEFAULT false NOT NULL
);
