# emulator/: cfemu, a separate program that shares no code with domec.
CFEMU_SRCS += $(wildcard emulator/*.c)
