# cli/: the domec entry point (main.c, linked on its own) and the archive of
# everything else: the argument parser, the session, one file per command
# (cmd/), the stack subcommands (stack/), stack-file editing (stackfile/)
# and what prints plans, progress and import blocks (view/).
$(eval $(call archive,cli,$(filter-out cli/main.c,$(wildcard cli/*.c cli/*/*.c))))
