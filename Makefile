# domec: one non-recursive Makefile. Each area adds its sources and rules in
# its own fragment (lang/module.mk, runtime/module.mk, ...), included below.
#   make            build bin/domec and bin/cfemu
#   make test       check-deps, then every suite; ends with "N passed, N failed"
#   make check-deps every #include follows the layer edges (docs/architecture.md)
#   make format     clang-format every C file; make format-check: fail if one differs
#   make asan       the same suite under ASan+UBSan (build/asan)
#   make valgrind   the same suite under valgrind
#   make deps       install the build dependencies (apt-get, as root)
#   make demo       build, npm ci programs/dome-full, start cfemu, run the Dome
#                   programs against it
#   make man        man pages and shell completions, generated from the binaries
#   make install PREFIX=/usr/local DESTDIR=  binaries, man pages, completions,
#                   editor files (builds only domec and cfemu, never the tests)
#   make deb        build/domec_VERSION_ARCH.deb (dpkg-deb)

BUILD  ?= build
BIN    ?= bin
PREFIX ?= /usr/local
CC     ?= cc

PKGS := libcurl libcjson libsodium libmicrohttpd sqlite3 libpq
WARN := -Wall -Wextra -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
        -Wstrict-prototypes -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
             -I. -I$(BUILD) $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS)
LIBS_domec = $(shell pkg-config --libs libcurl libcjson libsodium libpq 2>/dev/null) -lm
LIBS_cfemu = $(shell pkg-config --libs libmicrohttpd libcjson sqlite3 2>/dev/null) -lm

ifeq ($(SAN),1)
ALL_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=address,undefined
endif

.DEFAULT_GOAL := all
CFEMU_SRCS :=
GENERATED  :=
TEST_PROGS :=   # C test programs a suite needs; built by `all` (and by `make asan`)
ALL_OBJS   :=   # every object built here, for the header dependencies (.d files)

obj = $(patsubst %.c,$(BUILD)/%.o,$(patsubst $(BUILD)/%,%,$(1)))

# $(call archive,NAME,SOURCES) defines $(LIB_NAME), the static archive
# $(BUILD)/lib/libNAME.a of SOURCES' objects. Each layer folder is one
# archive; domec and the C test programs link archives, never object lists.
define archive
LIB_$(1) := $(BUILD)/lib/lib$(1).a
ALL_OBJS += $(call obj,$(2))
$(BUILD)/lib/lib$(1).a: $(call obj,$(2))
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef

# Every area's fragment: lang/, stdlib/, runtime/, cli/, emulator/, fuzz/,
# bench/, editor-support/, and tests/<suite>/module.mk for C test programs.
# A fragment defines its archives (or appends to CFEMU_SRCS / GENERATED) and
# may add its own targets (fuzz, bench, editor).
include $(sort $(wildcard */module.mk */*/module.mk))

# domec links cli/main.o and the archives, each layer before the layers it
# uses (docs/architecture.md draws the same picture).
DOMEC_LAYERS   := cli lsp wrangler import exec providers plan model build secrets store net lang base
DOMEC_ARCHIVES  = $(foreach l,$(DOMEC_LAYERS),$(LIB_$(l)))
DOMEC_MAIN      = $(BUILD)/cli/main.o
CFEMU_OBJS      = $(call obj,$(CFEMU_SRCS))
ALL_OBJS       += $(DOMEC_MAIN) $(CFEMU_OBJS)

.PHONY: all test asan valgrind deps check-build-deps check-deps format format-check demo man install deb clean
all: check-build-deps $(BIN)/domec $(if $(CFEMU_SRCS),$(BIN)/cfemu) $(TEST_PROGS)

check-build-deps:
	@sh mk/check-build-deps.sh

$(BIN)/domec: $(DOMEC_MAIN) $(DOMEC_ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

$(BIN)/cfemu: $(CFEMU_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_cfemu)

$(BUILD)/%.o: %.c | $(GENERATED)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: $(BUILD)/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# C sources formatted by .clang-format (clang-format from mk/deps.txt)
FORMAT_SRCS = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^editor-support/')
format:
	clang-format -i $(FORMAT_SRCS)
format-check:
	@bad=$$(for f in $(FORMAT_SRCS); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	 if [ -n "$$bad" ]; then echo "format-check: not formatted (run make format):" $$bad; exit 1; fi; \
	 echo "format-check: every C file matches .clang-format"

# the layer edges of docs/architecture.md (every #include checked)
check-deps:
	@sh mk/check-deps.sh

test: all check-deps
	@BIN=$(BIN) sh tests/run.sh

asan:
	$(MAKE) BUILD=build/asan BIN=build/asan/bin SAN=1 CFLAGS="-O1 -g" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  BIN=build/asan/bin SANITIZED=1 sh tests/run.sh

valgrind: all
	@BIN=$(BIN) VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
	  sh tests/run.sh

deps:
	sh mk/deps.sh

# programs/dome-full's workers are TypeScript that domec bundles with the
# real esbuild; npm ci installs it (and hono) from the program's
# package-lock.json, again only when the lock changes (the stamp is the one
# tests/lib.sh's npm_ci_once writes).
DOME_FULL_NPM = programs/dome-full/node_modules/.domec-lock-stamp
$(DOME_FULL_NPM): programs/dome-full/package-lock.json
	cd programs/dome-full && npm ci --no-audit --no-fund
	cp programs/dome-full/package-lock.json $@

demo: all $(DOME_FULL_NPM)
	@BIN=$(BIN) sh mk/demo.sh

# Man pages and completions come from the binaries (mk/gen-docs.sh), so
# they always describe the command table the binary was built from.
SHARE_GEN := $(BUILD)/share
man: $(BIN)/domec $(if $(CFEMU_SRCS),$(BIN)/cfemu)
	sh mk/gen-docs.sh $(BIN) $(SHARE_GEN)

install: check-build-deps $(BIN)/domec $(if $(CFEMU_SRCS),$(BIN)/cfemu) man
	sh mk/install.sh "$(BIN)" "$(SHARE_GEN)" "$(DESTDIR)$(PREFIX)"

DEB_VERSION = $(shell sed -n 's/^#define DOMEC_VERSION "\(.*\)"/\1/p' cli/commands.h)
deb: check-build-deps $(BIN)/domec $(if $(CFEMU_SRCS),$(BIN)/cfemu) man
	sh mk/deb.sh "$(BIN)" "$(SHARE_GEN)" "$(DEB_VERSION)" "$(BUILD)"

clean:
	rm -rf build bin

-include $(ALL_OBJS:.o=.d)
