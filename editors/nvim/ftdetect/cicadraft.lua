-- *.cicadraft files get the `cicadraft` filetype (Neovim sources ftdetect/*.lua from
-- 'runtimepath' when filetype detection starts).
vim.filetype.add({ extension = { cicadraft = 'cicadraft' } })
