CREATE TABLE `oauth_token` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`access_token` text NOT NULL,
	`token_type` text,
	`scope` text,
	`expires_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_token_user_provider_unique` ON `oauth_token` (`user_id`,`provider`);--> statement-breakpoint
ALTER TABLE `sync_history` ADD `error` text;
