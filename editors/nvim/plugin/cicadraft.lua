-- :CicadraftCompare [REV | FILE]: what changed, in negotiators' terms (proposals
-- accepted or dropped, delegations joining or withdrawing, paragraphs added, removed,
-- renumbered, moved or reworded), between the draft in the current buffer and its
-- version at a git revision (default HEAD; e.g. HEAD~1, a commit hash) or another draft
-- FILE. The buffer's text is compared as it is, saved or not. The report opens in a
-- scratch buffer (markdown) in a new window; `q` closes it.
--
-- It asks the cicadraft language server (workspace/executeCommand cicadraft.compare),
-- so the buffer must have the server attached (vim.lsp.enable('cicadraft')).

if vim.g.loaded_cicadraft_compare then
  return
end
vim.g.loaded_cicadraft_compare = true

local command = require('cicadraft.command')

local function show(result)
  local scratch = vim.api.nvim_create_buf(false, true)
  local lines = vim.split(result.markdown or '', '\n', { plain = true })
  if lines[#lines] == '' then
    table.remove(lines)
  end
  vim.api.nvim_buf_set_lines(scratch, 0, -1, false, lines)
  vim.bo[scratch].buftype = 'nofile'
  vim.bo[scratch].bufhidden = 'wipe'
  vim.bo[scratch].swapfile = false
  vim.bo[scratch].modifiable = false
  vim.bo[scratch].filetype = 'markdown'
  pcall(vim.api.nvim_buf_set_name, scratch, string.format('cicadraft://compare/%s..%s#%d', result.old, result.new, scratch))
  vim.cmd('botright vsplit')
  vim.api.nvim_win_set_buf(0, scratch)
  vim.keymap.set('n', 'q', '<cmd>close<cr>', { buffer = scratch, desc = 'close the cicadraft report' })
end

vim.api.nvim_create_user_command('CicadraftCompare', function(opts)
  local buf = vim.api.nvim_get_current_buf()
  local client = command.attached(buf)
  if not client then
    return
  end
  local target = opts.args ~= '' and opts.args or 'HEAD'
  local uri = vim.uri_from_bufnr(buf)
  local arguments
  if vim.fn.filereadable(target) == 1 then
    arguments = { vim.uri_from_fname(vim.fn.fnamemodify(target, ':p')), uri }
  else
    arguments = { uri, target }
  end
  command.execute(client, buf, 'cicadraft.compare', arguments, show)
end, {
  nargs = '?',
  complete = 'file',
  desc = 'cicadraft: compare this draft with a git revision (default HEAD) or another draft',
})
