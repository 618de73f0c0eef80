-- End-to-end check of :CicadraftCompare (editors/nvim/plugin/cicadraft.lua) in a real
-- Neovim, driven by tests/e2e/test_neovim_compare.py:
--
--   nvim --clean --headless -u INIT_LUA -l compare.lua DRAFT OTHER RESULT_JSON
--
-- DRAFT is committed in a git repository. The script changes the buffer (IND joins 15.,
-- not saved), runs :CicadraftCompare (HEAD), :CicadraftCompare OTHER and
-- :CicadraftCompare no-such-revision, and records the scratch buffers and messages.

local draft, other, result_path = arg[1], arg[2], arg[3]
local TIMEOUT = 15000
local record = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'record.lua'))
local results, fail, finish = record.start(result_path, { reports = {} })

local function report_after(step, command)
  local before = #vim.api.nvim_list_bufs()
  local home = vim.api.nvim_get_current_win()
  vim.cmd(command)
  local found
  local ok = vim.wait(TIMEOUT, function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b):find('cicadraft://compare/', 1, true) and not results.reports[tostring(b)] then
        found = b
        return true
      end
    end
    return false
  end, 20)
  if not ok then
    fail(step, 'no report buffer (buffers before: ' .. before .. ', messages: ' .. vim.inspect(results.messages) .. ')')
  end
  results.reports[tostring(found)] = {
    step = step,
    name = vim.api.nvim_buf_get_name(found),
    filetype = vim.bo[found].filetype,
    buftype = vim.bo[found].buftype,
    modifiable = vim.bo[found].modifiable,
    shown = vim.api.nvim_win_get_buf(0) == found,
    lines = vim.api.nvim_buf_get_lines(found, 0, -1, false),
  }
  vim.cmd('close')
  vim.api.nvim_set_current_win(home)
end

local ok, err = xpcall(function()
  vim.cmd.edit(vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(TIMEOUT, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'cicadraft' }) > 0
  end, 20) then
    fail('attach', 'the server did not attach')
  end
  results.command = vim.fn.exists(':CicadraftCompare') == 2

  -- IND joins paragraph 15, in the buffer only.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local s, e = line:find('(+IRAN) (SEC tcb)', 1, true)
    if s then
      vim.api.nvim_buf_set_text(buf, i - 1, s - 1, i - 1, e, { '(+IRAN, +IND) (SEC tcb)' })
      break
    end
  end
  results.modified = vim.bo[buf].modified

  report_after('head', 'CicadraftCompare')
  report_after('file', 'CicadraftCompare ' .. vim.fn.fnameescape(other))

  local count = #results.messages
  vim.cmd('CicadraftCompare no-such-revision')
  if not vim.wait(TIMEOUT, function() return #results.messages > count end, 20) then
    fail('bad revision', 'no message')
  end
end, debug.traceback)

if not ok then
  fail('script', tostring(err))
end
finish(0)
