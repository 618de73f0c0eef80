-- What the Neovim e2e scripts (compare.lua, positions.lua, documents.lua) share: a
-- results table written as JSON when the script ends, a failure that ends it with a
-- status, and vim.notify recorded instead of shown. Loaded with
--   local record = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'record.lua'))
--   local results, fail, finish = record.start(RESULT_JSON, { lists = {} })

local M = {}

function M.start(result_path, extra)
  local results = vim.tbl_extend('force', { errors = {}, messages = {} }, extra or {})
  local function finish(status)
    local file = assert(io.open(result_path, 'w'))
    file:write(vim.json.encode(results))
    file:close()
    vim.cmd(status == 0 and 'qall!' or ('cquit! ' .. status))
  end
  local function fail(step, message)
    table.insert(results.errors, step .. ': ' .. message)
    finish(1)
  end
  vim.notify = function(message, level)
    table.insert(results.messages, { message = message, level = level })
  end
  return results, fail, finish
end

return M
