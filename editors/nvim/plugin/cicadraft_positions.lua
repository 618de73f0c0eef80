-- :CicadraftPositions [CODE]: every position taken in the draft of the current buffer
-- (each tag: a delegation's +, - or tcb on a bracket), or only those of delegation CODE
-- (any spelling: IRAN, IRN, iran), in the quickfix list, in the order of the tags; the
-- quickfix window opens. Each entry is the bracket's first line; `:cnext` walks them.
-- CODE completes from the delegations of the draft.
--
-- It asks the cicadraft language server (workspace/executeCommand cicadraft.positions,
-- which answers LSP Locations), so the buffer must have the server attached
-- (vim.lsp.enable('cicadraft')).

if vim.g.loaded_cicadraft_positions then
  return
end
vim.g.loaded_cicadraft_positions = true

local command = require('cicadraft.command')

vim.api.nvim_create_user_command('CicadraftPositions', function(opts)
  local buf = vim.api.nvim_get_current_buf()
  local client = command.attached(buf)
  if not client then
    return
  end
  local code = vim.trim(opts.args)
  local arguments = { vim.uri_from_bufnr(buf) }
  if code ~= '' then
    table.insert(arguments, code)
  end
  command.execute(client, buf, 'cicadraft.positions', arguments, function(result)
    if #result == 0 then
      command.notify(code ~= '' and ('no position of ' .. code .. ' in this draft') or 'no position in this draft', vim.log.levels.INFO)
    else
      local title = 'cicadraft: ' .. (code ~= '' and (code:upper() .. "'s positions") or 'positions')
      local items = vim.lsp.util.locations_to_items(result, client.offset_encoding)
      vim.fn.setqflist({}, ' ', { title = title, items = items })
      vim.cmd('botright copen')
    end
  end)
end, {
  nargs = '?',
  complete = function(lead)
    -- The delegations of the draft, from the server's cicadraft/status.
    local buf = vim.api.nvim_get_current_buf()
    local client = command.client(buf)
    if not client then
      return {}
    end
    local answer = client:request_sync('cicadraft/status', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 1000, buf)
    local status = answer and answer.result
    if type(status) ~= 'table' or type(status.delegations) ~= 'table' then
      return {}
    end
    local codes = vim.tbl_keys(status.delegations)
    table.sort(codes)
    return vim.tbl_filter(function(c)
      return c:upper():find(lead:upper(), 1, true) == 1
    end, codes)
  end,
  desc = "cicadraft: the draft's positions (or one delegation's) in the quickfix list",
})
