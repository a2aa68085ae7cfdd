# fuzz/: libFuzzer harness over lang/ (parse + check of one in-memory file).
#   make fuzz                  build build/fuzz/bin/fuzz_check and fuzz 60 s
#   make fuzz FUZZ_SECONDS=600
# lang/ and stdlib/ sources are rebuilt in build/fuzz by a sub-make with
# clang and -fsanitize=fuzzer-no-link,address,undefined; the object list is
# computed in the recipe, after every fragment has added its sources.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRCS     = $(filter lang/% stdlib/% $(BUILD)/lang/% $(BUILD)/stdlib/%,$(DOMEC_SRCS)) \
                fuzz/fuzz_check.c
FUZZ_OBJS     = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(patsubst $(BUILD)/%,%,$(FUZZ_SRCS)))

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	@sh fuzz/run.sh $(FUZZ_DIR)/bin/fuzz_check $(FUZZ_DIR)

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "fuzz: $(FUZZ_CC) not found; run 'make deps' (clang, libclang-rt-14-dev)" >&2; exit 2; }
	@echo "fuzz: building lang/ in $(FUZZ_DIR) with $(FUZZ_CC), libFuzzer, ASan, UBSan"
	@$(MAKE) -s --no-print-directory BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) WARN="-Wall -Wextra" \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  LDFLAGS="$(FUZZ_SAN)" $(FUZZ_OBJS)
	@mkdir -p $(FUZZ_DIR)/bin
	@$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $(FUZZ_DIR)/bin/fuzz_check $(FUZZ_OBJS) -lm
