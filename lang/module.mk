# lang/: the .dome front end (scanner, parser, checker, lowering, formatter,
# graph). Generated scanner/parser go to $(BUILD)/; the stdlib schema is
# embedded as a C string generated from stdlib/schema.dome.
LANG_C := $(filter-out lang/lexer.c lang/parser.c,$(wildcard lang/*.c))
LANG_SRCS := $(LANG_C) $(BUILD)/lang/lexer.c $(BUILD)/lang/parser.c $(BUILD)/stdlib/schema_data.c
$(eval $(call archive,lang,$(LANG_SRCS)))
GENERATED += $(BUILD)/lang/parser.h $(BUILD)/lang/lexer.h $(BUILD)/stdlib/schema_data.c

$(BUILD)/lang/parser.c $(BUILD)/lang/parser.h: lang/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/lang/parser.h -o $(BUILD)/lang/parser.c $<

$(BUILD)/lang/lexer.c $(BUILD)/lang/lexer.h: lang/lexer.l $(BUILD)/lang/parser.h
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/lang/lexer.h -o $(BUILD)/lang/lexer.c $<

$(BUILD)/stdlib/schema_data.c: stdlib/schema.dome
	@mkdir -p $(@D)
	{ echo '/* generated from stdlib/schema.dome; do not edit */'; \
	  echo 'extern const char stdlib_schema_text[];'; \
	  echo 'const char stdlib_schema_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

# The generated scanner trips a few strict warnings; relax them for it only.
$(BUILD)/lang/lexer.o: ALL_CFLAGS += -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes -I$(BUILD)/lang
$(BUILD)/lang/parser.o: ALL_CFLAGS += -I$(BUILD)/lang
$(BUILD)/lang/parse.o: ALL_CFLAGS += -I$(BUILD)/lang
