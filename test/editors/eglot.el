;;; eglot.el --- Batch Emacs as a client of `gemtext lsp --stdio' through Eglot  -*- lexical-binding: t -*-
;;; Configured the way docs/editors.md tells a user to (a major mode for .gmi, the server in
;;; `eglot-server-programs'). Waits for the server's diagnostics (Flymake) and document symbols,
;;; writes them as JSON to $GEMTEXT_RESULT and exits.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'json)

(define-derived-mode gemtext-mode text-mode "Gemtext")
(add-to-list 'auto-mode-alist '("\\.gmi\\'" . gemtext-mode))
(add-to-list 'eglot-server-programs
             `(gemtext-mode . (,(or (getenv "GEMTEXT_NODE") "node") ,(getenv "GEMTEXT_CLI") "lsp" "--stdio")))

(defun gemtext-test--wait (predicate)
  "Process events until PREDICATE holds (at most 30 s); its last value."
  (let ((deadline (+ (float-time) 30)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    value))

(find-file (getenv "GEMTEXT_FILE"))
;; What `eglot-ensure' does once the command loop runs, which batch mode has not.
(apply #'eglot (eglot--guess-contact))
(let* ((mode major-mode)
       (server (gemtext-test--wait #'eglot-current-server))
       (_ (gemtext-test--wait #'flymake-diagnostics))
       (symbols (jsonrpc-request server :textDocument/documentSymbol
                                 `(:textDocument ,(eglot--TextDocumentIdentifier))))
       (diagnostics (mapcar (lambda (d)
                              (list :line (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                                    :message (flymake-diagnostic-text d)))
                            (flymake-diagnostics))))
  (with-temp-file (getenv "GEMTEXT_RESULT")
    (insert (json-encode (list :mode (symbol-name mode)
                               :server (plist-get (eglot--server-info server) :name)
                               :diagnostics (vconcat diagnostics)
                               :symbols symbols))))
  (eglot-shutdown server))
(kill-emacs 0)
