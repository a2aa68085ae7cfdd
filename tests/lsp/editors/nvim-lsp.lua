-- Neovim headless with the snippet of docs/editors.md
-- (editor-support/nvim/dome-lsp.lua) and editor-support/vim on the
-- runtimepath: opens FILE, waits for the server's diagnostics, then asks
-- for the definition under the cursor and jumps there. Writes what it saw
-- to $OUT: "diag LINE:COL MESSAGE" lines and "def FILE:LINE:COL".
-- Env: TOP, DOMEC, FILE, OUT, DEF_LINE, DEF_COL (1-based line, 0-based column).
local top = os.getenv('TOP')
vim.opt.runtimepath:append(top .. '/editor-support/vim')
vim.cmd('filetype off') -- again, so that the new runtimepath's ftdetect is read
vim.cmd('filetype plugin indent on')
dofile(top .. '/editor-support/nvim/dome-lsp.lua').setup({ cmd = { os.getenv('DOMEC'), 'lsp' } })
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('FILE')))
local out = assert(io.open(os.getenv('OUT'), 'w'))
local buf = vim.api.nvim_get_current_buf()
out:write('filetype ' .. vim.bo.filetype .. '\n')
vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  out:write(string.format('diag %d:%d %s\n', d.lnum + 1, d.col + 1, (d.message:gsub('\n', ' | '))))
end
vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv('DEF_LINE')), tonumber(os.getenv('DEF_COL')) })
local params = vim.lsp.util.make_position_params()
local res = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, 5000)
for _, r in pairs(res or {}) do
  if r.result then vim.lsp.util.jump_to_location(r.result.uri and r.result or r.result[1], 'utf-16') end
end
local pos = vim.api.nvim_win_get_cursor(0)
out:write(string.format('def %s:%d:%d\n', vim.fn.expand('%:t'), pos[1], pos[2] + 1))
out:close()
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd('qall!')
