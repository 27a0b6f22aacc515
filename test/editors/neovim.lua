-- Headless Neovim as a client of `gemtext lsp --stdio`, configured the way docs/editors.md tells a
-- user to: the filetype by extension, then the built-in LSP client on that filetype. Waits for the
-- server's diagnostics and document symbols, writes them as JSON to $GEMTEXT_RESULT and quits.
local cmd = { os.getenv('GEMTEXT_NODE') or 'node', os.getenv('GEMTEXT_CLI'), 'lsp', '--stdio' }
local result = {}

-- The filetype by extension (works on every Neovim; 0.8+ also has vim.filetype.add).
vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, { pattern = { '*.gmi', '*.gemini' }, command = 'setfiletype gemtext' })

local function start(buf)
  local config = { name = 'gemtext', cmd = cmd, root_dir = os.getenv('GEMTEXT_ROOT') }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = buf }) -- Neovim 0.8+
  end
  local id = vim.lsp.start_client(config) -- Neovim 0.7
  vim.lsp.buf_attach_client(buf, id)
  return id
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'gemtext',
  callback = function(args) result.client = start(args.buf) end,
})

-- The test itself, once Neovim has started as usual (filetype detection is switched on after init).
local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('GEMTEXT_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype

  local function finish()
    local f = assert(io.open(os.getenv('GEMTEXT_RESULT'), 'w'))
    f:write(vim.fn.json_encode(result))
    f:close()
    vim.cmd('qall!')
  end

  if not result.client then
    result.error = 'no client started'
    return finish()
  end

  -- Events, not sleeps: vim.wait returns as soon as the condition holds (the bound only ends a failing run).
  result.gotDiagnostics = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  result.diagnostics = vim.tbl_map(function(d)
    return { line = d.lnum, col = d.col, code = d.code, message = d.message }
  end, vim.diagnostic.get(buf))

  local client = vim.lsp.get_client_by_id(result.client)
  local answered = false
  client.request('textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(buf) }, function(err, symbols)
    result.symbols = symbols
    result.error = err and err.message or nil
    answered = true
  end, buf)
  result.gotSymbols = vim.wait(30000, function() return answered end, 20)
  finish()
end

-- nested: the :edit inside must fire BufRead and FileType as a user's :edit does.
vim.api.nvim_create_autocmd('VimEnter', { nested = true, callback = run })
