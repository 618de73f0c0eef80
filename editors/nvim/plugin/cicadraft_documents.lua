-- Word and PDF documents in and out, through the cicadraft language server
-- (workspace/executeCommand cicadraft.import and cicadraft.export):
--
--   :CicadraftImport FILE [NAME=CODE ...]   FILE (.docx, .docm, .dotx, .odt, .pdf) as a
--       new, unsaved draft buffer named after it (circular.docx -> circular.cicadraft),
--       its tracked changes as proposals; NAME=CODE maps a Word author to a delegation
--       (beside the [import.authors] of cicadraft.toml; escape spaces in a name:
--       Delegation\ of\ India=IND). What the import noted (comments
--       that are not reservations, dropped headers) goes to :messages.
--   :CicadraftExport [OUT.docx] [track|clean]   the buffer (saved or not) as a Word
--       document, default beside the draft with the same name; `track` writes each
--       one-delegation proposal as a Word tracked change, `clean` the settled text.
--
-- Needs the server enabled for cicadraft buffers (vim.lsp.enable('cicadraft')).

if vim.g.loaded_cicadraft_documents then
  return
end
vim.g.loaded_cicadraft_documents = true

local TIMEOUT = 60000

local command = require('cicadraft.command')
local notify, client_of = command.notify, command.client

local function notes(result)
  for _, note in ipairs(result.notes or {}) do
    notify(note, vim.log.levels.WARN)
  end
end

vim.api.nvim_create_user_command('CicadraftImport', function(opts)
  local file = opts.fargs[1]
  if not file or vim.fn.filereadable(file) ~= 1 then
    notify('CicadraftImport: name a Word or PDF document that exists')
    return
  end
  local authors = {}
  for i = 2, #opts.fargs do
    local name, code = opts.fargs[i]:match('^(.-)=(.+)$')
    if not name or name == '' then
      notify('CicadraftImport: authors are given as NAME=CODE, not ' .. opts.fargs[i])
      return
    end
    authors[name] = code
  end
  local path = vim.fn.fnamemodify(file, ':p')
  -- A new draft buffer: the server attaches to it, and answers the import.
  local buf = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_set_current_buf(buf)
  pcall(vim.api.nvim_buf_set_name, buf, vim.fn.fnamemodify(path, ':r') .. '.cicadraft')
  vim.bo[buf].filetype = 'cicadraft'
  if not vim.wait(TIMEOUT, function() return client_of(buf) ~= nil end, 20) then
    notify('no cicadraft language server for the new draft (vim.lsp.enable("cicadraft"))')
    return
  end
  local arguments = { vim.uri_from_fname(path) }
  if next(authors) then
    table.insert(arguments, { authors = authors })
  end
  command.execute(client_of(buf), buf, 'cicadraft.import', arguments, function(result)
    local lines = vim.split(result.text or '', '\n', { plain = true })
    if lines[#lines] == '' then
      table.remove(lines)
    end
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    notes(result)
  end)
end, {
  nargs = '+',
  complete = 'file',
  desc = 'cicadraft: import a Word or PDF document as a new draft',
})

vim.api.nvim_create_user_command('CicadraftExport', function(opts)
  local buf = vim.api.nvim_get_current_buf()
  local client = command.attached(buf)
  if not client then
    return
  end
  local out, mode
  for _, arg in ipairs(opts.fargs) do
    if arg == 'track' or arg == 'clean' then
      mode = arg
    else
      out = arg
    end
  end
  if not out then
    local name = vim.api.nvim_buf_get_name(buf)
    if name == '' then
      notify('CicadraftExport: name the Word file to write (the buffer has no name)')
      return
    end
    out = vim.fn.fnamemodify(name, ':r') .. '.docx'
  end
  local options = { trackChanges = mode == 'track', clean = mode == 'clean' }
  local arguments = { vim.uri_from_bufnr(buf), vim.uri_from_fname(vim.fn.fnamemodify(out, ':p')), options }
  command.execute(client, buf, 'cicadraft.export', arguments, function(result)
    notes(result)
    vim.notify('cicadraft: exported to ' .. result.path, vim.log.levels.INFO)
  end)
end, {
  nargs = '*',
  complete = function(lead)
    local choices = vim.fn.getcompletion(lead, 'file')
    for _, word in ipairs({ 'track', 'clean' }) do
      if word:find(lead, 1, true) == 1 then
        table.insert(choices, word)
      end
    end
    return choices
  end,
  desc = 'cicadraft: export this draft to Word (track: proposals as tracked changes; clean: the settled text)',
})
