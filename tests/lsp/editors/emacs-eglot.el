;;; emacs-eglot.el --- Emacs + eglot, batch: diagnostics and a definition jump  -*- lexical-binding: t -*-
;; Loads dome-mode (which registers `domec lsp' with eglot; domec is found on
;; PATH), opens FILE, waits for flymake's diagnostics from the server, then
;; runs xref-find-definitions at DEF_LINE:DEF_COL. Writes "diag LINE:COL
;; MESSAGE" lines and "def FILE:LINE:COL" to $OUT.
;; Debian installs eglot (elpa-eglot) and its newer project/xref as packages
(package-initialize)
(require 'eglot)
(require 'xref)
(load (expand-file-name "editor-support/emacs/dome-mode.el" (getenv "TOP")))
(let ((dir (file-name-directory (expand-file-name (getenv "FILE")))))
  ;; the program directory is the project (no version control needed)
  (add-hook 'project-find-functions (lambda (_) (cons 'transient dir))))
(setq eglot-sync-connect 5
      xref-prompt-for-identifier nil) ; batch: take the identifier at point
(defun wait-for (pred secs)
  (let ((end (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))))
(find-file (getenv "FILE"))
(dome-mode)
;; what M-x eglot does with the eglot-server-programs entry above (eglot-ensure
;; waits for a command loop that batch mode does not run)
(apply #'eglot (eglot--guess-contact))
(wait-for (lambda () (eglot-current-server)) 10)
(wait-for (lambda () (flymake-diagnostics)) 10)
(with-temp-file (getenv "OUT")
  (insert (format "managed %s backends %S\n"
                  (with-current-buffer (get-file-buffer (getenv "FILE")) (eglot-managed-p))
                  (with-current-buffer (get-file-buffer (getenv "FILE")) flymake-diagnostic-functions)))
  (dolist (d (with-current-buffer (get-file-buffer (getenv "FILE")) (flymake-diagnostics)))
    (insert (format "diag %d:%d %s\n"
                    (with-current-buffer (flymake-diagnostic-buffer d)
                      (line-number-at-pos (flymake-diagnostic-beg d)))
                    (with-current-buffer (flymake-diagnostic-buffer d)
                      (save-excursion (goto-char (flymake-diagnostic-beg d)) (1+ (current-column))))
                    (replace-regexp-in-string "\n" " | " (flymake-diagnostic-text d)))))
  (let ((buf (get-file-buffer (getenv "FILE"))) loc)
    (with-current-buffer buf
      (goto-char (point-min))
      (forward-line (1- (string-to-number (getenv "DEF_LINE"))))
      (forward-char (string-to-number (getenv "DEF_COL")))
      (call-interactively #'xref-find-definitions)
      (setq loc (format "def %s:%d:%d\n" (file-name-nondirectory (buffer-file-name (window-buffer)))
                        (with-current-buffer (window-buffer) (line-number-at-pos))
                        (with-current-buffer (window-buffer) (1+ (current-column))))))
    (insert loc)))
(let ((s (eglot-current-server)))
  (when s (ignore-errors (eglot-shutdown s))))
(kill-emacs 0)
