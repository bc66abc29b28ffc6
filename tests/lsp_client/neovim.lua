-- Headless Neovim as the LSP client of `bindlint server` (scripts/test-neovim-lsp.sh runs it):
-- open app.py, wait for diagnostics, apply the preferred quick fix, wait for them to change,
-- and write what was seen to result.txt. Uses the API of Neovim 0.7 (Debian's), which later
-- versions keep.
local lines = {}
local function log(line) table.insert(lines, line) end
local function dump()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    log(string.format("%s %d:%d-%d:%d", d.code, d.lnum, d.col, d.end_lnum, d.end_col))
  end
end

local client_id = vim.lsp.start_client({
  name = "bindlint",
  cmd = { os.getenv("BINDLINT"), "server" },
  root_dir = vim.fn.getcwd(),
})
vim.cmd("edit app.py")
vim.lsp.buf_attach_client(0, client_id)
vim.wait(10000, function() return #vim.diagnostic.get(0) == 2 end, 50)
log("opened")
dump()

-- The preferred (safe) quick fix on the first line with a finding.
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = 3, character = 0 }, ["end"] = { line = 3, character = 0 } }
params.context = { diagnostics = {}, only = { "quickfix" } }
local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
for _, response in pairs(responses) do
  for _, action in ipairs(response.result or {}) do
    if action.isPreferred then
      log("applied " .. action.title)
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    end
  end
end
vim.wait(10000, function() return #vim.diagnostic.get(0) == 1 end, 50)
log("after the fix")
dump()
log("line 5: " .. vim.api.nvim_buf_get_lines(0, 4, 5, false)[1])
vim.fn.writefile(lines, "result.txt")
vim.cmd("qa!")
