# tests/net: C test programs for the HTTP transport and stack secrets
# (runtime/cf_http.c, runtime/secret.c, runtime/passphrase.c). Built by `all`.
# Fragments are included before `all` is defined: keep `all` the default goal.
.DEFAULT_GOAL := all

NET_TEST_LIBS = $(BUILD)/runtime/secret.o $(BUILD)/runtime/passphrase.o

TEST_PROGS += $(BIN)/tests/secret_test $(BIN)/tests/seal_tool

$(BIN)/tests/secret_test: $(BUILD)/tests/net/secret_test.o $(NET_TEST_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

$(BIN)/tests/seal_tool: $(BUILD)/tests/net/seal_tool.o $(NET_TEST_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

TEST_PROGS += $(BIN)/tests/http_test
NET_HTTP_LIBS = $(BUILD)/runtime/cf_http.o $(BUILD)/runtime/cf_pacer.o $(BUILD)/runtime/cf_retry.o

$(BIN)/tests/http_test: $(BUILD)/tests/net/http_test.o $(NET_HTTP_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)
