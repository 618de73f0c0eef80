" End-to-end check of :CicadraftImport and :CicadraftExport (editors/vim/plugin/
" cicadraft.vim) in a real Vim, driven by tests/e2e/test_vim_documents.py:
"
"   DOC_SOURCE=... DOC_OUT=... DOC_FAKE=... CHECK_RESULTS=... vim -N -u VIMRC -i NONE -n -es -S documents.vim
"
" Imports DOC_SOURCE (a tracked insertion by "Ivan Petrov", mapped to RUS), edits the
" new buffer without writing it, exports it to DOC_OUT, then imports DOC_FAKE (not a
" Word document). Records the buffer and the messages in $CHECK_RESULTS.

let s:results = {'errors': []}

function! s:Finish(status) abort
    let s:results.messages = split(execute('messages'), "\n")
    call writefile([json_encode(s:results)], $CHECK_RESULTS)
    if a:status == 0
        qall!
    endif
    execute a:status . 'cquit!'
endfunction

try
    let s:results.commands = exists(':CicadraftImport') == 2 && exists(':CicadraftExport') == 2 ? v:true : v:false
    execute 'CicadraftImport ' . fnameescape($DOC_SOURCE) . ' Ivan\ Petrov=RUS'
    let s:results.imported = {'name': expand('%:p'), 'filetype': &filetype, 'modified': &modified, 'lines': getline(1, '$')}
    call append('$', ['', '3. Added in the editor [text] (+KAZ).'])
    execute 'CicadraftExport ' . fnameescape($DOC_OUT)
    let s:results.buffers = len(getbufinfo({'buflisted': 1}))
    execute 'CicadraftImport ' . fnameescape($DOC_FAKE)
    let s:results.buffers_after_bad = len(getbufinfo({'buflisted': 1}))
catch
    call add(s:results.errors, v:exception . ' at ' . v:throwpoint)
    call s:Finish(1)
endtry
call s:Finish(0)
