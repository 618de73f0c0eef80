" :CicadraftPositions [CODE] for Vim with ALE: every position taken in the draft of the
" current buffer (each tag: a delegation's +, - or tcb on a bracket), or only those of
" delegation CODE (IRAN, IRN, iran), in the quickfix list at their brackets, in the
" order of the tags; the quickfix window opens.
"
" It asks the cicadraft language server that ALE runs (ale_linters/cicadraft) with the
" server's cicadraft.positions command (workspace/executeCommand), which answers LSP
" Locations; their UTF-16 columns are turned into Vim's byte columns here.

if exists('g:loaded_cicadraft_positions')
    finish
endif
let g:loaded_cicadraft_positions = 1

" The byte column (1-based) of an LSP character offset (UTF-16 units) on a line.
function! s:ByteColumn(line, units) abort
    let l:count = 0
    let l:bytes = 0
    for l:char in split(a:line, '\zs')
        if l:count >= a:units
            break
        endif
        let l:count += char2nr(l:char) > 0xFFFF ? 2 : 1
        let l:bytes += len(l:char)
    endfor
    return l:bytes + 1
endfunction

function! s:Fill(buffer, code, response) abort
    let l:result = get(a:response, 'result', v:null)
    if has_key(a:response, 'error')
        echohl ErrorMsg | echomsg 'cicadraft: ' . get(a:response.error, 'message', 'the server failed') | echohl None
        return
    endif
    if type(l:result) == v:t_dict && has_key(l:result, 'error')
        echohl ErrorMsg | echomsg 'cicadraft: ' . l:result.error | echohl None
        return
    endif
    if type(l:result) != v:t_list || empty(l:result)
        echomsg 'cicadraft: no position' . (empty(a:code) ? '' : ' of ' . a:code) . ' in this draft'
        return
    endif
    let l:items = []
    for l:location in l:result
        let l:start = l:location.range.start
        let l:text = get(getbufline(a:buffer, l:start.line + 1), 0, '')
        call add(l:items, {
        \   'bufnr': a:buffer,
        \   'lnum': l:start.line + 1,
        \   'col': s:ByteColumn(l:text, l:start.character),
        \   'text': l:text,
        \})
    endfor
    let l:title = 'cicadraft: ' . (empty(a:code) ? 'positions' : toupper(a:code) . "'s positions")
    call setqflist([], ' ', {'title': l:title, 'items': l:items})
    botright copen
endfunction

function! s:Positions(code) abort
    let l:buffer = bufnr('')
    if &filetype isnot# 'cicadraft'
        echohl ErrorMsg | echomsg 'cicadraft: not a .cicadraft draft' | echohl None
        return
    endif
    let l:code = trim(a:code)
    let l:arguments = [ale#path#ToFileURI(expand('#' . l:buffer . ':p'))]
    if !empty(l:code)
        call add(l:arguments, l:code)
    endif
    call ale#lsp_linter#SendRequest(l:buffer, 'cicadraft',
    \   ale#lsp#message#ExecuteCommand('cicadraft.positions', l:arguments),
    \   function('s:Fill', [l:buffer, l:code]))
endfunction

command! -nargs=? CicadraftPositions call s:Positions(<q-args>)
