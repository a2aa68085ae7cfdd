# runtime/: plan, apply, state, Cloudflare client, secrets; one archive per
# layer folder. The edges each folder may take are listed in
# docs/architecture.md and checked by `make check-deps` (mk/check-deps.sh).
$(eval $(call archive,base,$(wildcard runtime/base/*.c)))
$(eval $(call archive,net,$(wildcard runtime/net/*.c)))
$(eval $(call archive,store,$(wildcard runtime/store/*.c)))
$(eval $(call archive,secrets,$(wildcard runtime/secrets/*.c)))
$(eval $(call archive,build,$(wildcard runtime/build/*.c)))
$(eval $(call archive,model,$(wildcard runtime/model/*.c)))
$(eval $(call archive,plan,$(wildcard runtime/plan/*.c)))
$(eval $(call archive,providers,$(wildcard runtime/providers/*.c)))
$(eval $(call archive,exec,$(wildcard runtime/exec/*.c)))
$(eval $(call archive,import,$(wildcard runtime/import/*.c)))

# runtime/wrangler: wrangler's configuration files (TOML by a flex scanner
# and a bison parser, JSONC) read into cJSON.
WRANGLER_GEN := $(BUILD)/runtime/wrangler/toml_lexer.c $(BUILD)/runtime/wrangler/toml_parser.c
$(eval $(call archive,wrangler,$(wildcard runtime/wrangler/*.c) $(WRANGLER_GEN)))
GENERATED += $(BUILD)/runtime/wrangler/toml_parser.h $(BUILD)/runtime/wrangler/toml_lexer.h

$(BUILD)/runtime/wrangler/toml_parser.c $(BUILD)/runtime/wrangler/toml_parser.h: runtime/wrangler/toml_parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/runtime/wrangler/toml_parser.h -o $(BUILD)/runtime/wrangler/toml_parser.c $<

$(BUILD)/runtime/wrangler/toml_lexer.c $(BUILD)/runtime/wrangler/toml_lexer.h: runtime/wrangler/toml_lexer.l $(BUILD)/runtime/wrangler/toml_parser.h
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/runtime/wrangler/toml_lexer.h -o $(BUILD)/runtime/wrangler/toml_lexer.c $<

$(BUILD)/runtime/wrangler/toml_lexer.o: ALL_CFLAGS += -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes -I$(BUILD)/runtime/wrangler
$(BUILD)/runtime/wrangler/toml_parser.o: ALL_CFLAGS += -I$(BUILD)/runtime/wrangler
