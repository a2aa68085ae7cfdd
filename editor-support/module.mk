# editor-support/: .dome support for VS Code, Vim, Emacs and tree-sitter.
#   make editor             build/editor/dome-VERSION.vsix (with @vscode/vsce
#                           from npm) and build/editor/dome-editor-support.tar.gz
#   make editor-screenshot  docs/editor-screenshot.png (Vim under tmux) and
#                           docs/editor-screenshot-vscode.png (TextMate grammar), in Chromium
# npm tools live in editor-support/node_modules (npm ci, never committed).
EDITOR_VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' editor-support/vscode/package.json)
EDITOR_VSIX    := $(BUILD)/editor/dome-$(EDITOR_VERSION).vsix
EDITOR_TAR     := $(BUILD)/editor/dome-editor-support.tar.gz
EDITOR_NPM     := editor-support/node_modules/.domec-lock-stamp
EDITOR_SRCS    := $(shell find editor-support/vscode editor-support/vim editor-support/nvim editor-support/emacs \
                    editor-support/tree-sitter -path '*/node_modules' -prune -o -type f -print 2>/dev/null)

.PHONY: editor editor-screenshot
editor: $(EDITOR_VSIX) $(EDITOR_TAR)
	@echo "editor support: $(EDITOR_VSIX) $(EDITOR_TAR)"

$(EDITOR_NPM): editor-support/package-lock.json
	cd editor-support && npm ci --no-audit --no-fund --ignore-scripts
	cp editor-support/package-lock.json $@

$(EDITOR_VSIX): $(EDITOR_NPM) $(filter editor-support/vscode/%,$(EDITOR_SRCS))
	@mkdir -p $(@D)
	cd editor-support/vscode && npm ci --no-audit --no-fund --omit=dev --ignore-scripts
	cd editor-support/vscode && ../node_modules/.bin/vsce package --skip-license \
	  --allow-missing-repository -o $(abspath $@)

$(EDITOR_TAR): $(filter-out editor-support/vscode/%,$(EDITOR_SRCS))
	@mkdir -p $(@D)
	tar -czf $@ -C editor-support vim nvim emacs tree-sitter

editor-screenshot: $(EDITOR_NPM)
	sh editor-support/screenshot.sh docs/editor-screenshot.png tests/editor/all-constructs.dome \
	  docs/editor-screenshot-vscode.png programs/dome/workers.dome
