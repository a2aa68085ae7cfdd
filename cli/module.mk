# cli/: the domec entry point and one file per command (cli/cmd_*.c).
DOMEC_SRCS += $(wildcard cli/*.c)
