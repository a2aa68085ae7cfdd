# lsp/: `domec lsp`, the language server (JSON-RPC over stdio with cJSON).
# It reads the front end (lang/) and, for the rename hint, the state files
# (runtime/store); cli/ starts it.
$(eval $(call archive,lsp,$(wildcard lsp/*.c)))
