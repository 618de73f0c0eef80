" ALE (https://github.com/dense-analysis/ale) linter for bracketed negotiation drafts:
" runs `cicadraft serve`, the cicadraft language server, over stdio.
"
" Options (buffer-local b: or global g:):
"   ale_cicadraft_executable  the program (default 'cicadraft', looked up on $PATH)
"   ale_cicadraft_config      settings sent to the server, e.g.
"                             {'cicadraft': {'validate': 'onType', 'locale': 'en'}}

call ale#Set('cicadraft_executable', 'cicadraft')
call ale#Set('cicadraft_config', {})

" The nearest folder above the draft that holds a cicadraft.toml (the team's shared
" settings and codes), else the draft's own folder.
function! ale_linters#cicadraft#cicadraft#GetProjectRoot(buffer) abort
    let l:config = ale#path#FindNearestFile(a:buffer, 'cicadraft.toml')

    if !empty(l:config)
        return fnamemodify(l:config, ':h')
    endif

    return expand('#' . a:buffer . ':p:h')
endfunction

call ale#linter#Define('cicadraft', {
\   'name': 'cicadraft',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'cicadraft_executable')},
\   'command': '%e serve',
\   'project_root': function('ale_linters#cicadraft#cicadraft#GetProjectRoot'),
\   'lsp_config': {b -> ale#Var(b, 'cicadraft_config')},
\   'language': 'cicadraft',
\})
