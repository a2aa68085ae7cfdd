# tests/net: C test programs for the HTTP transport (runtime/net/) and stack
# secrets (runtime/secrets/, cli/passphrase.c). Built by `all`.
# Fragments are included before `all` is defined: keep `all` the default goal.
.DEFAULT_GOAL := all

NET_TEST_PROGS := secret_test seal_tool http_test budget_test
TEST_PROGS += $(NET_TEST_PROGS:%=$(BIN)/tests/%)
ALL_OBJS   += $(NET_TEST_PROGS:%=$(BUILD)/tests/net/%.o)

$(BIN)/tests/secret_test $(BIN)/tests/seal_tool: $(BIN)/tests/%: $(BUILD)/tests/net/%.o \
                                                 $(LIB_cli) $(LIB_secrets) $(LIB_base)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

$(BIN)/tests/http_test $(BIN)/tests/budget_test: $(BIN)/tests/%: $(BUILD)/tests/net/%.o \
                                                  $(LIB_net) $(LIB_base)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)
