# tests/lang: langtool, a small C driver over lang/ for the tests that the
# CLI cannot reach (stack-file edits, in-memory checks, IR dumps).
.DEFAULT_GOAL := all

LANG_TEST_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(LANG_C)) $(BUILD)/lang/lexer.o $(BUILD)/lang/parser.o \
                 $(BUILD)/stdlib/schema_data.o

TEST_PROGS += $(BIN)/tests/langtool

$(BIN)/tests/langtool: $(BUILD)/tests/lang/langtool.o $(LANG_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lm
