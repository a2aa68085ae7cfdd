; Highlights for .dome (tree-sitter). No node is captured by two patterns
; (tests/editor checks this), so the result is the same whether an editor
; lets the first pattern win (tree-sitter CLI, Helix) or the last (Neovim).

(comment) @comment

; keywords, each where it has its meaning
(project_block "project" @keyword)
(config_declaration "config" @keyword)
(config_block "config" @keyword)
(config_reference "config" @keyword)
(defaults_block "defaults" @keyword)
(output_declaration "output" @keyword)
(moved_block "moved" @keyword)
(removed_block "removed" @keyword)
(encryption_block "encryption" @keyword)
(consumes_block "consumes" @keyword)
(notify_block "notify" @keyword)
(block_type) @keyword

; declarations
(project_block name: (string (string_content) @string.special))
(resource_block label: (identifier) @label)
(config_declaration name: (identifier) @constant)
(output_declaration name: (identifier) @variable)
(type) @type.builtin
(kind) @type

; attributes, references and names
(attribute name: (identifier) @property)
(reference label: (identifier) @label)
(reference attribute: (identifier) @property)
(config_reference name: (identifier) @constant)
(builtin_variable) @variable.builtin
(interpolation (identifier) @variable)
(attribute value: (identifier) @variable)

; calls
((call_expression function: (identifier) @function.builtin)
 (#any-of? @function.builtin "env" "file" "lower" "upper" "join" "replace" "secret"))
((call_expression function: (identifier) @function.call)
 (#not-any-of? @function.call "env" "file" "lower" "upper" "join" "replace" "secret"))

; literals
(string) @string
(escape_sequence) @string.escape
(interpolation ["${" "}"] @punctuation.special)
(integer) @number
(decimal) @number
(boolean) @boolean
(null) @constant.builtin

; operators and punctuation
["=" "==" "!=" "&&" "||" "!" "?" ":"] @operator
(block ["{" "}"] @punctuation.bracket)
(map ["{" "}"] @punctuation.bracket)
["[" "]" "(" ")"] @punctuation.bracket
["," "."] @punctuation.delimiter
