; Folding: every braced block and multi-line list.
[(block) (map) (list)] @fold
