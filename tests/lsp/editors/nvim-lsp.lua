-- Neovim (built-in LSP client, 0.7+) headless: starts `domec lsp` the way
-- docs/editors.md shows, waits for the diagnostics of the open buffer,
-- then asks for the definition under the cursor and jumps there. Writes
-- what it saw to $OUT: "diag LINE:COL MESSAGE" lines and "def FILE:LINE:COL".
-- Env: DOMEC, OUT, DEF_LINE, DEF_COL (1-based line, 0-based column).
local out = assert(io.open(os.getenv('OUT'), 'w'))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'domec',
  cmd = { os.getenv('DOMEC'), 'lsp' },
  root_dir = vim.fn.expand('%:p:h'),
})
vim.lsp.buf_attach_client(buf, client)
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
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd('qall!')
