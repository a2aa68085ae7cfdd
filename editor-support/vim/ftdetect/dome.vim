" .dome files (domec programs and stacks/<stack>.dome) are filetype dome.
autocmd BufNewFile,BufRead *.dome setfiletype dome
