# tests/wrangler: toml_dump prints a wrangler configuration as JSON (the
# TOML and JSONC readers of runtime/wrangler), for tests/wrangler/run.sh.
TEST_PROGS += $(BIN)/tests/toml_dump
ALL_OBJS   += $(BUILD)/tests/wrangler/toml_dump.o
$(BIN)/tests/toml_dump: $(BUILD)/tests/wrangler/toml_dump.o $(LIB_wrangler) $(LIB_store) $(LIB_base)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)
