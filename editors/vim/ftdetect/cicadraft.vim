" *.cicadraft files get the `cicadraft` filetype (Vim sources ftdetect/*.vim from
" 'runtimepath' when `filetype on` runs: put editors/vim on 'runtimepath' before it).
autocmd BufRead,BufNewFile *.cicadraft setfiletype cicadraft
