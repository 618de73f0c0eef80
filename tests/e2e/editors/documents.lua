-- End-to-end check of :CicadraftImport and :CicadraftExport
-- (editors/nvim/plugin/cicadraft_documents.lua) in a real Neovim, driven by
-- tests/e2e/test_neovim_documents.py:
--
--   nvim --clean --headless -u INIT_LUA -l documents.lua DOCX OUT_DOCX RESULT_JSON
--
-- DOCX holds a tracked insertion by "Ivan Petrov". The script runs
-- :CicadraftImport DOCX Ivan\ Petrov=RUS (a new draft buffer), edits the buffer without
-- saving, runs :CicadraftExport OUT_DOCX, and :CicadraftImport on a file that is not a
-- Word document; it records the buffer and the messages.

local docx, out, result_path = arg[1], arg[2], arg[3]
local TIMEOUT = 20000
local record = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'record.lua'))
local results, fail, finish = record.start(result_path, nil)

local function wait_message(step, pattern)
  if not vim.wait(TIMEOUT, function()
    for _, m in ipairs(results.messages) do
      if m.message:find(pattern) then
        return true
      end
    end
    return false
  end, 20) then
    fail(step, 'no message matching ' .. pattern .. ': ' .. vim.inspect(results.messages))
  end
end

local ok, err = xpcall(function()
  results.commands = vim.fn.exists(':CicadraftImport') == 2 and vim.fn.exists(':CicadraftExport') == 2
  vim.cmd('CicadraftImport ' .. vim.fn.fnameescape(docx) .. ' Ivan\\ Petrov=RUS')
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] ~= ''
  end, 20) then
    fail('import', 'the buffer stayed empty: ' .. vim.inspect(results.messages))
  end
  results.imported = {
    name = vim.api.nvim_buf_get_name(buf),
    filetype = vim.bo[buf].filetype,
    modified = vim.bo[buf].modified,
    lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
  }

  -- An unsaved edit: the export writes the buffer as it is.
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', '3. Added in the editor [text] (+KAZ).' })
  vim.cmd('CicadraftExport ' .. vim.fn.fnameescape(out))
  wait_message('export', 'exported to')

  local count = #results.messages
  vim.cmd('CicadraftImport ' .. vim.fn.fnameescape(result_path .. '.fake.docx'))
  if not vim.wait(TIMEOUT, function() return #results.messages > count end, 20) then
    fail('bad document', 'no message')
  end
end, debug.traceback)

if not ok then
  fail('script', tostring(err))
end
finish(0)
