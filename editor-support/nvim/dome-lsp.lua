-- Neovim (0.7+): `domec lsp` as the language server of .dome buffers, with
-- the built-in LSP client. Put editor-support/vim on 'runtimepath' (file
-- type, syntax, indent), copy this file to ~/.config/nvim/lua/dome-lsp.lua
-- and add to init.lua:
--
--   require('dome-lsp').setup()                       -- domec on $PATH
--   require('dome-lsp').setup({ cmd = { '/opt/domec/bin/domec', 'lsp' } })
--
-- One server per program directory (a stack file stacks/NAME.dome belongs
-- to the program above it). Diagnostics, K (hover), gd after
-- `vim.keymap.set('n', 'gd', vim.lsp.buf.definition)`, and the rest of
-- vim.lsp.buf work as for any server.
local M = {}

local clients = {} -- program directory -> client id

local function program_dir(buf)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h')
  return (dir:gsub('/stacks$', ''))
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'domec', 'lsp' }
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'dome',
    callback = function(args)
      local dir = program_dir(args.buf)
      if not clients[dir] or not vim.lsp.get_client_by_id(clients[dir]) then
        clients[dir] = vim.lsp.start_client({ name = 'domec', cmd = cmd, root_dir = dir })
      end
      vim.lsp.buf_attach_client(args.buf, clients[dir])
    end,
  })
end

return M
