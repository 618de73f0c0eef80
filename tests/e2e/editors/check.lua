-- End-to-end check of editors/nvim in a real Neovim (0.11+), driven by tests/e2e/test_neovim.py:
--
--   nvim --clean --headless -u INIT_LUA -l check.lua DRAFT RESULT_JSON
--
-- INIT_LUA is the user's setup from editors/README.md (editors/nvim on 'runtimepath',
-- vim.lsp.enable('cicadraft'), folding by vim.lsp.foldexpr()), written by the test.
-- This script opens DRAFT and records what Neovim itself saw: the filetype, the
-- diagnostics, a hover, the folding ranges and folds, and the buffer after a quick fix
-- applied with vim.lsp.buf.code_action() and saved with :write. Results go to RESULT_JSON; the exit
-- status is 0 only if every step completed (the Python test checks the values).

local draft, result_path = arg[1], arg[2]
local TIMEOUT = 15000
local results = { steps = {}, errors = {} }
local started = vim.uv.hrtime()

-- Each completed step, with the milliseconds since the start.
local function done(step)
  table.insert(results.steps, string.format('%s %.0fms', step, (vim.uv.hrtime() - started) / 1e6))
end

local function finish(status)
  local file = assert(io.open(result_path, 'w'))
  file:write(vim.json.encode(results))
  file:close()
  if status == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit! ' .. status)
  end
end

local function fail(step, message)
  table.insert(results.errors, step .. ': ' .. message)
  finish(1)
end

-- buf_request_sync() waits out its whole timeout when no server offers the method.
local function request(step, buf, client, method, params)
  if not client:supports_method(method, buf) then
    fail(step, 'the server does not offer ' .. method)
  end
  local responses = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  local response = responses and responses[client.id]
  if not response or response.err or response.result == nil then
    fail(step, method .. ': ' .. vim.inspect(response))
  end
  done(step)
  return response.result
end

local function wait_for(step, condition, timeout)
  if not vim.wait(timeout or TIMEOUT, condition, 20) then
    fail(step, 'timed out')
  end
  done(step)
end

-- Count how diagnostics arrive: pushed by the server (per file), or pulled by Neovim.
local pushes, pulls = vim.empty_dict(), 0
local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, ...)
  local path = vim.uri_to_fname(result.uri)
  pushes[path] = (pushes[path] or 0) + 1
  return on_publish(err, result, ctx, ...)
end
local on_pull = vim.lsp.handlers['textDocument/diagnostic']
vim.lsp.handlers['textDocument/diagnostic'] = function(...)
  pulls = pulls + 1
  return on_pull(...)
end

local ok, err = xpcall(function()
  -- 1. Open the draft: ftdetect/cicadraft.lua gives the filetype, lsp/cicadraft.lua the
  -- server.
  vim.cmd.edit(vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  results.filetype = vim.bo[buf].filetype

  local client
  wait_for('attach', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'cicadraft' })[1]
    return client ~= nil and client.initialized
  end)
  results.root_dir = client.root_dir
  results.offset_encoding = client.offset_encoding
  results.server_name = client.server_info and client.server_info.name
  results.pull_provider = client.server_capabilities.diagnosticProvider ~= nil

  -- 2. Diagnostics, as Neovim stores them (0-based lines, byte columns).
  wait_for('diagnostics', function()
    return #vim.diagnostic.get(buf) > 0 -- one report holds them all
  end)
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(results.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = vim.diagnostic.severity[d.severity],
      code = d.code,
      source = d.source,
      message = d.message,
    })
  end

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function find(pattern)
    for i, line in ipairs(lines) do
      local col = line:find(pattern, 1, true)
      if col then
        return i, col - 1 -- 1-based line, 0-based byte column (what nvim_win_set_cursor takes)
      end
    end
    fail('find', 'no ' .. pattern .. ' in the draft')
  end

  -- 3. Hover on a delegation code: the cursor on IRAN in "(+IRAN)".
  local row, col = find('(+IRAN)')
  vim.api.nvim_win_set_cursor(0, { row, col + 2 })
  local hover = request(
    'hover',
    buf,
    client,
    'textDocument/hover',
    vim.lsp.util.make_position_params(0, client.offset_encoding)
  )
  local contents = hover.contents
  results.hover = type(contents) == 'string' and contents
    or contents.value
    or table.concat(vim.lsp.util.convert_input_to_markdown_lines(contents), '\n')

  -- 4. Folding ranges, requested as Neovim's vim.lsp.foldexpr() does.
  results.folding_ranges = request(
    'folding',
    buf,
    client,
    'textDocument/foldingRange',
    { textDocument = vim.lsp.util.make_text_document_params(buf) }
  )

  -- ... and the folds Neovim makes of them with vim.lsp.foldexpr() (the init.lua sets
  -- it, as editors/README.md suggests): the lines of Chapter 1. sit inside a fold.
  local chapter = find('Chapter 1.')
  wait_for('folds', function()
    return vim.fn.foldlevel(chapter + 2) > 0
  end)
  results.chapter_foldlevels = { vim.fn.foldlevel(chapter), vim.fn.foldlevel(chapter + 2) }

  -- 5. The quick fix on the unknown code INDD, through the user-facing command: with
  -- `apply = true` and one action left after the filter, Neovim applies it directly.
  row, col = find('(+INDD)')
  vim.api.nvim_win_set_cursor(0, { row, col + 2 })
  local offered = {}
  if not client:supports_method('textDocument/codeAction', buf) then
    fail('code action', 'the server does not offer textDocument/codeAction')
  end
  vim.lsp.buf.code_action({
    context = { only = { 'quickfix' } },
    filter = function(action)
      table.insert(offered, action.title)
      return action.title:find('IND', 1, true) ~= nil and action.title:find('IDN', 1, true) == nil
    end,
    apply = true,
  })
  results.code_actions = offered
  wait_for('code action', function()
    return vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1]:find('(+IND) diversity', 1, true) ~= nil
  end)
  vim.cmd('write')
  done('write')

  -- 6. After the edit, the unknown-code diagnostic goes (pulled or pushed again).
  wait_for('diagnostics after the fix', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'unknown-code' and d.lnum == row - 1 then
        return false
      end
    end
    return true
  end)
  results.diagnostics_after = #vim.diagnostic.get(buf)
  results.pushes, results.pulls = pushes, pulls
end, debug.traceback)

if not ok then
  fail('error', tostring(err))
end
results.pushes, results.pulls = pushes, pulls
finish(0)
