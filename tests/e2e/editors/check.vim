" End-to-end check of editors/vim (ALE) in a real Vim, driven by tests/e2e/test_vim.py:
"
"   CHECK_DRAFT=... CHECK_RESULTS=... vim -N -u INIT_VIM -i NONE -n -es -S check.vim
"
" INIT_VIM is the user's setup from editors/README.md (editors/vim on 'runtimepath',
" ALE, `filetype plugin on`), written by the test. This script edits the draft and
" records what Vim itself saw: the filetype, ALE's diagnostics, and the buffer after a
" quick fix chosen in :ALECodeAction's menu and saved with :write. Results go to
" $CHECK_RESULTS; the exit status is 0 only if every step completed (the Python test
" checks the values). Vim runs ALE's timers and channel callbacks while it sleeps.

let s:results = {'steps': [], 'errors': []}
let s:start = reltime()
let s:timeout = 15.0

function! s:Finish(status) abort
    call writefile([json_encode(s:results)], $CHECK_RESULTS)
    if a:status == 0
        qall!
    endif
    execute a:status . 'cquit!'
endfunction

function! s:Fail(step, message) abort
    call add(s:results.errors, a:step . ': ' . a:message)
    " For diagnosis: the linters ALE found and the commands it ran (ALE 3.3 keeps no
    " stderr of a language server).
    silent! let l:info = execute('ALEInfo')
    if exists('l:info')
        let s:results.ale_info = matchstr(l:info, 'Available Linters:[^\n]*\n[^\n]*')
        \ . "\n" . matchstr(l:info, 'Command History:.*')
    endif
    call s:Finish(1)
endfunction

function! s:Done(step) abort
    call add(s:results.steps, printf('%s %dms', a:step, float2nr(reltimefloat(reltime(s:start)) * 1000)))
endfunction

function! s:Wait(step, Condition) abort
    let l:deadline = reltimefloat(reltime()) + s:timeout
    while !a:Condition() && reltimefloat(reltime()) < l:deadline
        sleep 20m
    endwhile
    if !a:Condition()
        call s:Fail(a:step, 'timed out')
    endif
    call s:Done(a:step)
endfunction

function! s:Loclist() abort
    return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:Find(text) abort
    let l:position = searchpos('\V' . escape(a:text, '\'), 'cw')
    if l:position == [0, 0]
        call s:Fail('find', 'no ' . a:text . ' in the draft')
    endif
    return l:position
endfunction

" :ALECodeAction lists the actions and asks for a number with input(): answer as a user
" would, with the number of the action that replaces the code with IND.
let s:menu = ''
function! s:PickIND(message) abort
    let s:menu = a:message
    for l:line in split(a:message, "\n")
        if l:line =~# '\<IND\>' && l:line !~# 'IDN'
            return matchstr(l:line, '^\d\+')
        endif
    endfor
    return ''
endfunction

function! s:Run() abort
    " 1. Edit the draft: ftdetect/cicadraft.vim sets the filetype, ALE starts the server.
    execute 'edit' fnameescape($CHECK_DRAFT)
    let s:results.filetype = &filetype
    let s:results.linters = map(ale#linter#Get(&filetype), 'v:val.name')
    let s:results.project_root = ale#lsp_linter#FindProjectRoot(bufnr(''), ale#linter#Get(&filetype)[0])

    " 2. Diagnostics, as ALE keeps them: 1-based lines, byte columns (end inclusive).
    call s:Wait('diagnostics', {-> !empty(s:Loclist())})
    let s:results.diagnostics = map(copy(s:Loclist()), {_, d -> {
    \   'lnum': d.lnum, 'col': d.col,
    \   'end_lnum': get(d, 'end_lnum', d.lnum), 'end_col': get(d, 'end_col', d.col),
    \   'type': d.type, 'code': get(d, 'code', ''), 'text': d.text, 'linter': d.linter_name,
    \}})

    " 3. The quick fix on INDD: the cursor on its first letter, then :ALECodeAction.
    let [l:lnum, l:col] = s:Find('(+INDD)')
    call cursor(l:lnum, l:col + 2)
    runtime autoload/ale/util.vim
    function! ale#util#Input(message, value, ...) abort
        return s:PickIND(a:message)
    endfunction
    ALECodeAction
    call s:Wait('code action', {-> stridx(getline(l:lnum), '(+IND) diversity') >= 0})
    let s:results.code_actions = s:menu
    write
    call s:Done('write')

    " 4. ALE tells the server about the change; the unknown-code diagnostic goes.
    call s:Wait('diagnostics after the fix', {->
    \   empty(filter(copy(s:Loclist()), {_, d -> d.lnum == l:lnum && get(d, 'code', '') is# 'unknown-code'}))
    \})
    let s:results.diagnostics_after = len(s:Loclist())
endfunction

try
    call s:Run()
catch
    call s:Fail('error', v:exception . ' at ' . v:throwpoint)
endtry
call s:Finish(0)
