; Highlights for .dome (tree-sitter). In tree-sitter's own highlighter and in
; Helix the first pattern that captures a node wins, so specific patterns come
; before general ones.

(comment) @comment

; declarations
(project_block name: (string (string_content) @string.special))
(resource_block label: (identifier) @label)
(config_declaration name: (identifier) @constant)
(output_declaration name: (identifier) @variable)
(type) @type.builtin
(kind) @type

; attributes and references
(attribute name: (identifier) @property)
(reference label: (identifier) @label)
(reference attribute: (identifier) @property)
(config_reference name: (identifier) @constant)
(builtin_variable) @variable.builtin

; calls
((call_expression function: (identifier) @function.builtin)
 (#any-of? @function.builtin "env" "file" "lower" "upper" "join" "replace" "secret"))
(call_expression function: (identifier) @function.call)

; literals
(interpolation ["${" "}"] @punctuation.special)
(escape_sequence) @string.escape
(string) @string
(integer) @number
(boolean) @boolean

; keywords and operators
["project" "config" "defaults" "output" "encryption" "consumes"] @keyword
(block_type) @keyword
["=" "==" "!=" "&&" "||" "!" "?" ":"] @operator
["{" "}" "[" "]" "(" ")"] @punctuation.bracket
["," "."] @punctuation.delimiter
(identifier) @variable
