" End-to-end check of :CicadraftPositions (editors/vim/plugin/cicadraft.vim) in a real
" Vim with ALE, driven by tests/e2e/test_vim.py:
"
"   CHECK_DRAFT=... CHECK_RESULTS=... vim -N -u INIT_VIM -i NONE -n -es -S positions.vim
"
" Edits the draft, waits for ALE's diagnostics (the server is up), runs
" :CicadraftPositions IRAN and :CicadraftPositions NOBODY, and records the quickfix list
" and the messages; then the same for IRAN in $CHECK_SECOND.

let s:results = {'errors': []}
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
    call s:Finish(1)
endfunction

function! s:Wait(step, Condition) abort
    let l:deadline = reltimefloat(reltime()) + s:timeout
    while !a:Condition() && reltimefloat(reltime()) < l:deadline
        sleep 20m
    endwhile
    if !a:Condition()
        call s:Fail(a:step, 'timed out')
    endif
endfunction

function! s:Run() abort
    execute 'edit' fnameescape($CHECK_DRAFT)
    let s:results.buffer = bufnr('')
    call s:Wait('diagnostics', {-> !empty(get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', []))})
    let s:results.command = exists(':CicadraftPositions') == 2 ? v:true : v:false
    let l:before = getqflist({'id': 0}).id
    CicadraftPositions IRAN
    call s:Wait('quickfix', {-> getqflist({'id': 0}).id != l:before})
    let l:list = getqflist({'all': 0})
    let s:results.title = l:list.title
    let s:results.window = l:list.winid != 0 ? v:true : v:false
    let s:results.items = map(l:list.items, {_, i -> {'bufnr': i.bufnr, 'lnum': i.lnum, 'col': i.col, 'text': i.text}})
    cclose
    let l:messages = execute('messages')
    CicadraftPositions NOBODY
    call s:Wait('nobody', {-> execute('messages') !=# l:messages})
    let s:results.messages = split(execute('messages'), "\n")

    " A second draft, with characters outside the BMP and accents before the brackets.
    execute 'edit' fnameescape($CHECK_SECOND)
    let s:results.second_buffer = bufnr('')
    call s:Wait('second diagnostics', {-> !empty(get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', []))})
    let l:before = getqflist({'id': 0}).id
    CicadraftPositions IRAN
    call s:Wait('second quickfix', {-> getqflist({'id': 0}).id != l:before})
    let s:results.second_items = map(getqflist(), {_, i -> {'bufnr': i.bufnr, 'lnum': i.lnum, 'col': i.col}})
endfunction

try
    call s:Run()
catch
    call s:Fail('error', v:exception . ' at ' . v:throwpoint)
endtry
call s:Finish(0)
