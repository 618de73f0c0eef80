" Word and PDF documents in and out, with the cicadraft command line (ALE, which runs
" the language server, has no way to send it workspace/executeCommand):
"
"   :CicadraftImport FILE [NAME=CODE ...]   FILE (.docx, .docm, .dotx, .odt, .pdf) as a
"       new draft buffer named after it (circular.docx -> circular.cicadraft), not yet
"       written; NAME=CODE maps a Word author to a delegation (escape spaces:
"       Delegation\ of\ India=IND), beside the [import.authors] of cicadraft.toml.
"   :CicadraftExport [OUT.docx] [track|clean]   the buffer, as it is (saved or not), as
"       a Word document; default beside the draft with the same name.
"
" g:cicadraft_executable names the program (default: cicadraft on PATH, or
" g:ale_cicadraft_executable when that is set).
if exists('g:loaded_cicadraft_documents')
  finish
endif
let g:loaded_cicadraft_documents = 1

function! s:Executable() abort
  return get(g:, 'cicadraft_executable', get(g:, 'ale_cicadraft_executable', 'cicadraft'))
endfunction

" The command's stderr, one message per line; its status.
function! s:Run(arguments, input, ...) abort
  let l:errors = tempname()
  let l:command = join(map([s:Executable()] + a:arguments, 'shellescape(v:val)')) . ' 2>' . shellescape(l:errors)
  if a:0 > 0
    let l:command = 'cd ' . shellescape(a:1) . ' && ' . l:command
  endif
  let l:output = a:input is v:null ? systemlist(l:command) : systemlist(l:command, a:input)
  let l:status = v:shell_error
  let l:messages = filereadable(l:errors) ? readfile(l:errors) : []
  call delete(l:errors)
  return [l:status, l:output, l:messages]
endfunction

function! s:Tell(messages, status) abort
  for l:line in a:messages
    if a:status == 0
      echomsg l:line
    else
      echohl ErrorMsg | echomsg l:line | echohl None
    endif
  endfor
endfunction

function! s:Import(...) abort
  if a:0 < 1 || !filereadable(a:1)
    echohl ErrorMsg | echomsg 'cicadraft: CicadraftImport: name a Word or PDF document that exists' | echohl None
    return
  endif
  let l:arguments = ['import', fnamemodify(a:1, ':p')]
  for l:author in a:000[1:]
    if l:author !~# '^.\+=.\+$'
      echohl ErrorMsg | echomsg 'cicadraft: CicadraftImport: authors are given as NAME=CODE, not ' . l:author | echohl None
      return
    endif
    call extend(l:arguments, ['--author', l:author])
  endfor
  let [l:status, l:lines, l:messages] = s:Run(l:arguments, v:null)
  call s:Tell(l:messages, l:status)
  if l:status != 0
    return
  endif
  enew
  call setline(1, l:lines)
  execute 'file ' . fnameescape(fnamemodify(a:1, ':p:r') . '.cicadraft')
  setlocal filetype=cicadraft
endfunction

function! s:Export(...) abort
  let l:out = ''
  let l:mode = []
  for l:argument in a:000
    if l:argument ==# 'track'
      let l:mode = ['--track-changes']
    elseif l:argument ==# 'clean'
      let l:mode = ['--clean']
    else
      let l:out = l:argument
    endif
  endfor
  if l:out ==# ''
    if expand('%') ==# ''
      echohl ErrorMsg | echomsg 'cicadraft: CicadraftExport: name the Word file to write (the buffer has no name)' | echohl None
      return
    endif
    let l:out = expand('%:p:r') . '.docx'
  endif
  " The buffer goes in on stdin ('-'), so unsaved changes are exported; run from the
  " draft's folder, so that its cicadraft.toml is the one read.
  let l:folder = expand('%:p:h') !=# '' ? expand('%:p:h') : getcwd()
  let [l:status, l:output, l:messages] = s:Run(['export', '-', '-o', fnamemodify(l:out, ':p')] + l:mode, getline(1, '$'), l:folder)
  call s:Tell(l:messages, l:status)
  if l:status == 0
    echomsg 'cicadraft: exported to ' . fnamemodify(l:out, ':p')
  endif
endfunction

command! -nargs=+ -complete=file CicadraftImport call s:Import(<f-args>)
command! -nargs=* -complete=file CicadraftExport call s:Export(<f-args>)
