# fuzz/: libFuzzer harnesses over lang/ and runtime/store/.
#   fuzz_check: parse + check of one in-memory file (lang_check_buffer)
#   fuzz_fmt:   the formatter is idempotent and its output parses (fmt_source)
#   fuzz_state: the state document's loader (state_parse) on arbitrary bytes
#   fuzz_lock:  lock_holder's description of a lock file: no control characters
#   fuzz_lsp:   the language server (lsp/) on JSON-RPC bodies and raw streams
#   make fuzz                   build all four, run fuzz_check FUZZ_SECONDS (60),
#                               fuzz_fmt FUZZ_FMT_SECONDS (30), fuzz_state
#                               FUZZ_STATE_SECONDS (30), fuzz_lock
#                               FUZZ_LOCK_SECONDS (15); one overall PASS/FAIL
#   make fuzz FUZZ_SECONDS=600
# lang/, stdlib/, runtime/store/ and runtime/base/ sources are rebuilt in
# build/fuzz by a sub-make with clang and
# -fsanitize=fuzzer-no-link,address,undefined; the object lists are
# computed in the recipe, after every fragment has added its sources.
FUZZ_CC          ?= clang
FUZZ_SECONDS     ?= 60
FUZZ_FMT_SECONDS ?= 30
FUZZ_STATE_SECONDS ?= 30
FUZZ_LOCK_SECONDS  ?= 15
FUZZ_LSP_SECONDS   ?= 30
FUZZ_DIR         := build/fuzz
FUZZ_SAN         := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LANG_SRCS    = $(LANG_SRCS)
fuzz_objs         = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(patsubst $(BUILD)/%,%,$(1)))
FUZZ_LANG_OBJS    = $(call fuzz_objs,$(FUZZ_LANG_SRCS))
FUZZ_STORE_SRCS   = $(wildcard runtime/store/*.c runtime/base/*.c)
FUZZ_STORE_OBJS   = $(call fuzz_objs,$(FUZZ_STORE_SRCS))
FUZZ_LSP_OBJS     = $(call fuzz_objs,$(wildcard lsp/*.c))
FUZZ_HARNESSES   := check fmt state lock lsp
# what each harness links: lang/ for check and fmt, the store for state and
# lock, the server with lang/ and the store for lsp
fuzz_deps         = $(if $(filter state lock,$(1)),$(FUZZ_STORE_OBJS) -lcjson,\
                    $(if $(filter lsp,$(1)),$(FUZZ_LSP_OBJS) $(FUZZ_LANG_OBJS) $(FUZZ_STORE_OBJS) -lcjson,\
                    $(FUZZ_LANG_OBJS)))

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	@sh fuzz/run.sh check $(FUZZ_DIR)/bin/fuzz_check $(FUZZ_DIR)/check $(FUZZ_SECONDS); c=$$?; \
	 sh fuzz/run.sh fmt $(FUZZ_DIR)/bin/fuzz_fmt $(FUZZ_DIR)/fmt $(FUZZ_FMT_SECONDS); f=$$?; \
	 sh fuzz/run.sh state $(FUZZ_DIR)/bin/fuzz_state $(FUZZ_DIR)/state $(FUZZ_STATE_SECONDS) state; s=$$?; \
	 sh fuzz/run.sh lock $(FUZZ_DIR)/bin/fuzz_lock $(FUZZ_DIR)/lock $(FUZZ_LOCK_SECONDS) lock; l=$$?; \
	 sh fuzz/run.sh lsp $(FUZZ_DIR)/bin/fuzz_lsp $(FUZZ_DIR)/lsp $(FUZZ_LSP_SECONDS) lsp; p=$$?; \
	 if [ $$c -eq 0 ] && [ $$f -eq 0 ] && [ $$s -eq 0 ] && [ $$l -eq 0 ] && [ $$p -eq 0 ]; then echo "fuzz: PASS"; \
	 else echo "fuzz: FAIL"; exit 1; fi

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "fuzz: $(FUZZ_CC) not found; run 'make deps' (clang, libclang-rt-14-dev)" >&2; exit 2; }
	@echo "fuzz: building lang/ and runtime/store/ in $(FUZZ_DIR) with $(FUZZ_CC), libFuzzer, ASan, UBSan"
	@$(MAKE) -s --no-print-directory BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) WARN="-Wall -Wextra" \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  LDFLAGS="$(FUZZ_SAN)" $(FUZZ_LANG_OBJS) $(FUZZ_STORE_OBJS) $(FUZZ_LSP_OBJS) $(call fuzz_objs,$(FUZZ_HARNESSES:%=fuzz/fuzz_%.c))
	@mkdir -p $(FUZZ_DIR)/bin
	@$(foreach h,$(FUZZ_HARNESSES),$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) \
	  -o $(FUZZ_DIR)/bin/fuzz_$(h) $(FUZZ_DIR)/fuzz/fuzz_$(h).o $(call fuzz_deps,$(h)) -lm &&) true
