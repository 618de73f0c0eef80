-- What the cicadraft user commands (plugin/*.lua) share: messages prefixed "cicadraft: ",
-- the buffer's cicadraft language server, and running one of its commands
-- (workspace/executeCommand), whose answer is either the result or {error = "one line"}.

local M = {}

function M.notify(message, level)
  vim.notify('cicadraft: ' .. message, level or vim.log.levels.ERROR)
end

--- The cicadraft client attached to `buf`, or nil.
function M.client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'cicadraft' })[1]
end

--- The client of `buf`, or nil after telling the user how to get one.
function M.attached(buf)
  local client = M.client(buf)
  if not client then
    M.notify('no cicadraft language server in this buffer (vim.lsp.enable("cicadraft"))')
  end
  return client
end

--- Run the server's `command`; `done(result)` only for an answer that is not an error
--- (errors, no answer and {error = ...} become one message).
function M.execute(client, buf, command, arguments, done)
  client:request('workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      M.notify(err.message or vim.inspect(err))
    elseif type(result) ~= 'table' then
      M.notify(command .. ': no answer from the server')
    elseif result.error then
      M.notify(result.error)
    else
      done(result)
    end
  end, buf)
end

return M
