-- cicadraft language server for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put the editors/nvim folder on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/cicadraft.lua and ftdetect/cicadraft.lua to
-- ~/.config/nvim/ftdetect/), then call vim.lsp.enable('cicadraft') in your init.lua.
-- Override any field with vim.lsp.config('cicadraft', { ... }).
--
-- Diagnostics: Neovim 0.11 declares pull diagnostics, so it asks the server for them
-- (textDocument/diagnostic) after opening and after each change; the server then sends
-- no publishDiagnostics. Nothing to configure either way.

---@type vim.lsp.Config
return {
  -- `cicadraft` must be on $PATH (e.g. pipx install cicadraft, or the virtualenv's bin/).
  cmd = { 'cicadraft', 'serve' },
  filetypes = { 'cicadraft' },
  -- The nearest folder holding a cicadraft.toml (the team's shared settings and codes),
  -- else the git checkout; a lone draft still works without either.
  root_markers = { 'cicadraft.toml', '.git' },
  -- Sent to the server when it asks for the `cicadraft` section
  -- (workspace/configuration). They win over the draft's cicadraft.toml.
  settings = {
    cicadraft = {
      validate = 'onType', -- 'onType' or 'onSave'
      locale = 'auto', -- 'auto' (the editor's language), 'en' or 'ru'
      -- severity = { ['observer-tag'] = 'off' },  -- per diagnostic code
    },
  },
}
