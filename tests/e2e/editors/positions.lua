-- End-to-end check of :CicadraftPositions (editors/nvim/plugin/cicadraft_positions.lua)
-- in a real Neovim, driven by tests/e2e/test_neovim_positions.py:
--
--   nvim --clean --headless -u INIT_LUA -l positions.lua DRAFT RESULT_JSON
--
-- Runs :CicadraftPositions IRAN, :CicadraftPositions (every delegation) and
-- :CicadraftPositions NOBODY, then adds a line at the top of the buffer (not saved) and
-- runs :CicadraftPositions IRAN again; records the quickfix lists, whether the quickfix
-- window opened, the completion of the argument, and the messages.

local draft, result_path = arg[1], arg[2]
local TIMEOUT = 15000
local record = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'record.lua'))
local results, fail, finish = record.start(result_path, { lists = {} })

-- Run the command and wait for a new quickfix list (its id changes).
local function quickfix_after(step, command)
  local before = vim.fn.getqflist({ id = 0 }).id
  local home = vim.api.nvim_get_current_win()
  vim.cmd(command)
  if not vim.wait(TIMEOUT, function() return vim.fn.getqflist({ id = 0 }).id ~= before end, 20) then
    fail(step, 'no new quickfix list (messages: ' .. vim.inspect(results.messages) .. ')')
  end
  local list = vim.fn.getqflist({ all = 0 })
  local items = {}
  for _, item in ipairs(list.items) do
    table.insert(items, { bufnr = item.bufnr, lnum = item.lnum, col = item.col, text = item.text, valid = item.valid })
  end
  results.lists[step] = {
    title = list.title,
    items = items,
    window = list.winid ~= 0 and vim.bo[vim.api.nvim_win_get_buf(list.winid)].buftype or nil,
  }
  vim.cmd('cclose')
  vim.api.nvim_set_current_win(home)
end

local ok, err = xpcall(function()
  vim.cmd.edit(vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  results.buf = buf
  if not vim.wait(TIMEOUT, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'cicadraft' }) > 0
  end, 20) then
    fail('attach', 'the server did not attach')
  end
  results.command = vim.fn.exists(':CicadraftPositions') == 2
  results.encoding = vim.lsp.get_clients({ bufnr = buf, name = 'cicadraft' })[1].offset_encoding

  quickfix_after('iran', 'CicadraftPositions IRAN')
  quickfix_after('all', 'CicadraftPositions')
  results.completion = vim.fn.getcompletion('CicadraftPositions I', 'cmdline')

  local count = #results.messages
  vim.cmd('CicadraftPositions NOBODY')
  if not vim.wait(TIMEOUT, function() return #results.messages > count end, 20) then
    fail('nobody', 'no message')
  end

  -- A new first line, in the buffer only: the positions move down with the text.
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'Rev.1 — 𝐝𝐫𝐚𝐟𝐭' })
  quickfix_after('edited', 'CicadraftPositions iran')
end, debug.traceback)

if not ok then
  fail('script', tostring(err))
end
finish(0)
