# fuzz/: libFuzzer harnesses over lang/.
#   fuzz_check: parse + check of one in-memory file (lang_check_buffer)
#   fuzz_fmt:   the formatter is idempotent and its output parses (fmt_source)
#   make fuzz                   build both, run fuzz_check FUZZ_SECONDS (60)
#                               then fuzz_fmt FUZZ_FMT_SECONDS (30)
#   make fuzz FUZZ_SECONDS=600
# lang/ and stdlib/ sources are rebuilt in build/fuzz by a sub-make with
# clang and -fsanitize=fuzzer-no-link,address,undefined; the object list is
# computed in the recipe, after every fragment has added its sources.
FUZZ_CC          ?= clang
FUZZ_SECONDS     ?= 60
FUZZ_FMT_SECONDS ?= 30
FUZZ_DIR         := build/fuzz
FUZZ_SAN         := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LANG_SRCS    = $(LANG_SRCS)
fuzz_objs         = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(patsubst $(BUILD)/%,%,$(1)))
FUZZ_LANG_OBJS    = $(call fuzz_objs,$(FUZZ_LANG_SRCS))
FUZZ_HARNESSES   := check fmt

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	@sh fuzz/run.sh check $(FUZZ_DIR)/bin/fuzz_check $(FUZZ_DIR)/check $(FUZZ_SECONDS); c=$$?; \
	 sh fuzz/run.sh fmt $(FUZZ_DIR)/bin/fuzz_fmt $(FUZZ_DIR)/fmt $(FUZZ_FMT_SECONDS); f=$$?; \
	 if [ $$c -eq 0 ] && [ $$f -eq 0 ]; then echo "fuzz: PASS"; else echo "fuzz: FAIL"; exit 1; fi

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "fuzz: $(FUZZ_CC) not found; run 'make deps' (clang, libclang-rt-14-dev)" >&2; exit 2; }
	@echo "fuzz: building lang/ in $(FUZZ_DIR) with $(FUZZ_CC), libFuzzer, ASan, UBSan"
	@$(MAKE) -s --no-print-directory BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) WARN="-Wall -Wextra" \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  LDFLAGS="$(FUZZ_SAN)" $(FUZZ_LANG_OBJS) $(call fuzz_objs,$(FUZZ_HARNESSES:%=fuzz/fuzz_%.c))
	@mkdir -p $(FUZZ_DIR)/bin
	@for h in $(FUZZ_HARNESSES); do \
	  $(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $(FUZZ_DIR)/bin/fuzz_$$h \
	    $(FUZZ_DIR)/fuzz/fuzz_$$h.o $(FUZZ_LANG_OBJS) -lm || exit 1; done
