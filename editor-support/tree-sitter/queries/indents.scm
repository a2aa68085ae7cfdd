; Indentation (Neovim / Helix): blocks, maps, lists and calls indent their
; contents; the closing bracket goes back.
[(block) (map) (list) (call_expression)] @indent
["}" "]" ")"] @outdent
