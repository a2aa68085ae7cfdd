# tests/lang: langtool, a small C driver over lang/ for the tests that the
# CLI cannot reach (stack-file edits, in-memory checks, IR dumps).
.DEFAULT_GOAL := all

TEST_PROGS += $(BIN)/tests/langtool
ALL_OBJS   += $(BUILD)/tests/lang/langtool.o

$(BIN)/tests/langtool: $(BUILD)/tests/lang/langtool.o $(LIB_lang)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lm
