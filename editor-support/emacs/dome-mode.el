;;; dome-mode.el --- Major mode for .dome programs (domec)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages

;;; Commentary:

;; Font-lock, indentation, comments and `compile' support for the .dome
;; language of domec (Cloudflare infrastructure as code).  `M-x compile'
;; (or C-c C-c, `dome-check') runs "domec check" on the program directory
;; and jumps to its file:line:col diagnostics; with `flymake-mode' on, the
;; diagnostics of the saved program show in the buffer.

;;; Code:

(require 'compile)
(require 'flymake)
(require 'subr-x)

(defgroup dome nil
  "Major mode for .dome programs."
  :group 'languages
  :prefix "dome-")

(defcustom dome-indent-offset 2
  "Indentation of each nested block, list or map in .dome files."
  :type 'integer
  :safe #'integerp)

(defcustom dome-domec-program "domec"
  "The domec binary `dome-check' runs."
  :type 'string)

(defface dome-interpolation-face
  '((t :inherit font-lock-preprocessor-face))
  "Face for the ${ and } of an interpolation inside a string.")

(defface dome-escape-face
  '((t :inherit font-lock-regexp-grouping-backslash))
  "Face for escapes such as \\n and \\\" inside strings.")

(defface dome-number-face
  '((t :inherit font-lock-constant-face))
  "Face for integers.")

(defface dome-reference-face
  '((t :inherit font-lock-variable-name-face))
  "Face for the label and attribute of a reference (queue.events, config.x).")

(defface dome-operator-face
  '((t :inherit font-lock-keyword-face))
  "Face for operators (= == != && || ! ? :).")

(defconst dome-kinds '("database" "bucket" "index" "queue" "kv" "durable_object" "worker")
  "Resource kinds of the .dome language.")

(defconst dome-types '("string" "int" "bool" "secret" "list")
  "Types of config declarations.")

(defconst dome-block-keywords '("bindings" "vars" "secrets" "encryption" "observability")
  "Keywords that open a nested block.")

(defconst dome-move-keywords '("moved" "removed")
  "Keywords of the top-level blocks that move or remove a state entry.")

(defconst dome-builtin-variables '("stack" "project" "ai")
  "Names with a built-in meaning in expressions.")

(defconst dome-builtin-functions
  '("env" "file" "lower" "upper" "join" "replace" "secret")
  "Functions of the .dome standard library.")

(defconst dome--ident "[A-Za-z_][A-Za-z0-9_]*"
  "Regexp for an identifier.")

(defvar dome-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "." table)
    (modify-syntax-entry ?. "." table)
    (modify-syntax-entry ?= "." table)
    (modify-syntax-entry ?! "." table)
    (modify-syntax-entry ?& "." table)
    (modify-syntax-entry ?| "." table)
    (modify-syntax-entry ?? "." table)
    (modify-syntax-entry ?: "." table)
    (modify-syntax-entry ?$ "." table)
    table)
  "Syntax table for `dome-mode'.")

;;;; Strings and interpolation

(defun dome--interpolation-depth (start pos)
  "Depth of open ${ at POS in the string whose opening quote is at START."
  (save-excursion
    (goto-char (1+ start))
    (let ((depth 0))
      (while (and (< (point) pos)
                  (re-search-forward "\\\\.\\|\\${\\|[{}]" pos 'move))
        (let ((m (match-string 0)))
          (cond ((string-prefix-p "\\" m) nil)
                ((string= m "${") (setq depth (1+ depth)))
                ((string= m "{") (when (> depth 0) (setq depth (1+ depth))))
                ((> depth 0) (setq depth (1- depth))))))
      depth)))

(defun dome--code-p (pos)
  "Non-nil if POS is code: not in a comment, and not in a string unless
inside a ${} interpolation."
  (let ((ppss (save-excursion (syntax-ppss pos))))
    (cond ((nth 4 ppss) nil)
          ((nth 3 ppss) (> (dome--interpolation-depth (nth 8 ppss) pos) 0))
          (t t))))

(defun dome--string-text-p (pos)
  "Non-nil if POS is in the literal text of a string (not in ${})."
  (let ((ppss (save-excursion (syntax-ppss pos))))
    (and (nth 3 ppss)
         (= (dome--interpolation-depth (nth 8 ppss) pos) 0))))

(defun dome--matcher (regexp predicate)
  "A font-lock matcher for REGEXP whose matches must satisfy PREDICATE at
their start."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (when (save-match-data (funcall predicate (match-beginning 0)))
          (setq found t)))
      found)))

(defun dome--code (regexp)
  "A font-lock matcher for REGEXP in code (see `dome--code-p')."
  (dome--matcher regexp #'dome--code-p))

(defun dome--interpolation-start-p (pos)
  "Non-nil if the ${ at POS opens an interpolation."
  (and (dome--string-text-p pos)
       (not (eq (char-before pos) ?\\))
       (save-excursion
         (goto-char pos)
         (let ((n 0))
           (while (eq (char-before) ?\\) (setq n (1+ n)) (backward-char))
           (= (% n 2) 0)))))

(defun dome--match-interpolation-end (limit)
  "Match the } that closes an interpolation, before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward "}" limit t))
      (let ((ppss (save-excursion (syntax-ppss (match-beginning 0)))))
        (when (and (nth 3 ppss)
                   (= (dome--interpolation-depth (nth 8 ppss) (match-beginning 0)) 1))
          (setq found t))))
    found))

;;;; Font lock

(defun dome--words (words)
  "Regexp matching any of WORDS as a whole symbol, in group 1."
  (concat "\\_<\\(" (regexp-opt words) "\\)\\_>"))

(defconst dome-font-lock-keywords
  (let ((id dome--ident)
        (kinds (regexp-opt dome-kinds)))
    `(;; operators and literals
      (,(dome--code "==\\|!=\\|&&\\|||\\|[!?:=]") (0 'dome-operator-face t))
      (,(dome--code "\\_<-?[0-9]+\\(?:\\.[0-9]+\\)?\\_>") (0 'dome-number-face t))
      (,(dome--code (dome--words '("true" "false" "null"))) (1 font-lock-constant-face t))
      ;; calls
      (,(dome--code (concat "\\_<\\(" id "\\)\\s-*("))
       (1 font-lock-function-name-face t))
      (,(dome--code (concat (dome--words dome-builtin-functions) "\\s-*("))
       (1 font-lock-builtin-face t))
      ;; stack, project, ai
      (,(dome--code (dome--words dome-builtin-variables)) (1 font-lock-constant-face t))
      ;; kind.label[.attr] and config.NAME
      (,(dome--code (concat "\\_<\\(" kinds "\\)\\(\\.\\)\\(" id "\\)\\(?:\\(\\.\\)\\(" id "\\)\\)?"))
       (1 font-lock-type-face t) (2 'dome-reference-face t) (3 'dome-reference-face t)
       (4 'dome-reference-face t t) (5 'dome-reference-face t t))
      (,(dome--code (concat "\\_<\\(config\\)\\(\\.\\)\\(" id "\\)"))
       (1 font-lock-keyword-face t) (2 'dome-reference-face t) (3 'dome-reference-face t))
      ;; NAME = value (after the built-in names: a var may be called stack)
      (,(dome--code (concat "\\_<\\(" id "\\)\\s-*=\\([^=]\\|$\\)"))
       (1 font-lock-variable-name-face t))
      ;; nested blocks
      (,(dome--code (concat (dome--words dome-block-keywords) "\\s-*{"))
       (1 font-lock-keyword-face t))
      (,(dome--code (dome--words '("consumes" "notify"))) (1 font-lock-keyword-face t))
      ;; declarations
      (,(dome--code (concat "\\_<\\(" kinds "\\)\\s-+\\(" id "\\)\\s-*\\({\\|#\\|$\\)"))
       (1 font-lock-type-face t) (2 font-lock-function-name-face t))
      (,(dome--code (concat "\\_<\\(defaults\\)\\s-+\\(" id "\\)"))
       (1 font-lock-keyword-face t) (2 font-lock-type-face t))
      (,(dome--code (concat "\\_<\\(output\\)\\s-+\\(" id "\\)\\s-*="))
       (1 font-lock-keyword-face t) (2 font-lock-function-name-face t))
      (,(dome--code (concat "\\_<\\(config\\)\\s-+\\(" id "\\)\\s-*:\\s-*\\(" id "\\)?"))
       (1 font-lock-keyword-face t) (2 font-lock-variable-name-face t)
       (3 font-lock-type-face t t))
      (,(dome--code "\\_<\\(config\\)\\s-*{") (1 font-lock-keyword-face t))
      (,(dome--code "\\_<\\(project\\)\\s-+\"") (1 font-lock-keyword-face t))
      (,(dome--code (concat (dome--words dome-move-keywords) "\\s-*\\({\\|#\\|$\\)"))
       (1 font-lock-keyword-face t))
      ;; inside strings: escapes and ${ }
      (,(dome--matcher "\\\\[\\\\\"nt$]" #'dome--string-text-p) (0 'dome-escape-face t))
      (,(dome--matcher "\\${" #'dome--interpolation-start-p) (0 'dome-interpolation-face t))
      (dome--match-interpolation-end (0 'dome-interpolation-face t))))
  "Font-lock rules for `dome-mode'; later rules win.")

;;;; Indentation

(defun dome-indent-line ()
  "Indent the current line: one `dome-indent-offset' per open bracket."
  (interactive)
  (let* ((depth (save-excursion (car (syntax-ppss (line-beginning-position)))))
         (closer (save-excursion
                   (back-to-indentation)
                   (looking-at-p "[]})]")))
         (indent (* dome-indent-offset (max 0 (if closer (1- depth) depth))))
         (offset (- (current-column) (current-indentation))))
    (indent-line-to indent)
    (when (> offset 0) (move-to-column (+ indent offset)))))

;;;; Checking with domec

(defun dome-program-directory (&optional file)
  "The program directory of FILE (default: the current buffer's file):
its directory, or the parent of a stacks/ directory."
  (let* ((dir (directory-file-name (file-name-directory (or file buffer-file-name)))))
    (if (string= (file-name-nondirectory dir) "stacks")
        (directory-file-name (file-name-directory dir))
      dir)))

(defun dome-check-command (&optional file)
  "The shell command that checks the program FILE belongs to."
  (let ((dir (dome-program-directory file)))
    (format "cd %s && %s check %s"
            (shell-quote-argument (file-name-directory dir))
            dome-domec-program
            (shell-quote-argument (file-name-nondirectory dir)))))

(defun dome-check ()
  "Run domec check on the current program; errors go to *compilation*."
  (interactive)
  ;; domec counts columns in characters (a tab is one), not screen columns
  (with-current-buffer (compile (dome-check-command))
    (setq-local compilation-error-screen-columns nil)))

(add-to-list 'compilation-error-regexp-alist-alist
             '(dome
               "^\\([^: \t\n][^:\n]*\\):\\([0-9]+\\):\\([0-9]+\\): \\(?:error\\|\\(warning\\)\\|\\(note\\)\\): "
               1 2 3 (4 . 5)))
(add-to-list 'compilation-error-regexp-alist 'dome)

;;;; Formatting with domec fmt

(defun dome-format-buffer ()
  "Replace the buffer with `domec fmt -' of it, keeping point where it can.
On a syntax error the buffer is left alone and the error is shown."
  (interactive)
  (let ((out (generate-new-buffer " *dome-fmt*"))
        (err (make-temp-file "dome-fmt")))
    (unwind-protect
        (let ((rc (call-process-region (point-min) (point-max) dome-domec-program
                                       nil (list out err) nil "fmt" "-")))
          (if (eq rc 0)
              (unless (string= (buffer-string) (with-current-buffer out (buffer-string)))
                (replace-buffer-contents out))
            (message "domec fmt: %s"
                     (with-temp-buffer (insert-file-contents err) (string-trim (buffer-string))))))
      (kill-buffer out)
      (delete-file err))))

;;;; Flymake: domec check as you save

(defconst dome--diagnostic-re
  "^\\([^: \t\n][^:\n]*\\):\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
  "Regexp for the first line of a domec diagnostic.")

(defun dome-parse-diagnostics (output dir)
  "Parse domec OUTPUT (run in DIR) into a list of diagnostics, each
\(FILE LINE COL END-COL SEVERITY MESSAGE) with FILE absolute, END-COL one
past the last caret and any \"= help:\" lines appended to MESSAGE."
  (let ((lines (split-string output "\n")) (out '()) cur)
    (dolist (line lines)
      (cond ((string-match dome--diagnostic-re line)
             (when cur (push cur out))
             (let ((col (string-to-number (match-string 3 line))))
               (setq cur (list (expand-file-name (match-string 1 line) dir)
                               (string-to-number (match-string 2 line)) col (1+ col)
                               (intern (match-string 4 line)) (match-string 5 line)))))
            ((and cur (string-match "^ *|\\( *\\)\\(\\^+\\)" line))
             (setf (nth 3 cur) (+ (nth 2 cur) (length (match-string 2 line)))))
            ((and cur (string-match "^ *= help: \\(.*\\)$" line))
             (setf (nth 5 cur) (concat (nth 5 cur) " (help: " (match-string 1 line) ")")))))
    (when cur (push cur out))
    (nreverse out)))

(defun dome--line-col-pos (line col)
  "Buffer position of 1-based LINE and COL in the current buffer."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (min (line-end-position) (+ (point) (1- col)))))

(defun dome-flymake (report-fn &rest _args)
  "Flymake backend: runs domec check on the saved program and calls
REPORT-FN with the diagnostics for this buffer's file."
  (let* ((buffer (current-buffer))
         (file buffer-file-name)
         (program (dome-program-directory file))
         (dir (file-name-directory program))
         (default-directory dir))
    (make-process
     :name "dome-flymake" :noquery t :connection-type 'pipe
     :buffer (generate-new-buffer " *dome-flymake*")
     :command (list dome-domec-program "check" (file-name-nondirectory program))
     :sentinel
     (lambda (proc _event)
       (when (memq (process-status proc) '(exit signal))
         (let ((output (with-current-buffer (process-buffer proc) (buffer-string))))
           (kill-buffer (process-buffer proc))
           (when (buffer-live-p buffer)
             (with-current-buffer buffer
               (funcall report-fn
                        (delq nil
                              (mapcar
                               (lambda (d)
                                 (when (string= (nth 0 d) (expand-file-name file))
                                   (flymake-make-diagnostic
                                    buffer (dome--line-col-pos (nth 1 d) (nth 2 d))
                                    (dome--line-col-pos (nth 1 d) (nth 3 d))
                                    (pcase (nth 4 d) ('error :error) ('warning :warning) (_ :note))
                                    (nth 5 d))))
                               (dome-parse-diagnostics output dir))))))))))))

;;;; Imenu

(defconst dome-imenu-generic-expression
  `(("Resources" ,(concat "^\\s-*\\(\\(?:" (regexp-opt dome-kinds) "\\)\\s-+" dome--ident "\\)\\s-*{") 1)
    ("Config" ,(concat "^\\s-*config\\s-+\\(" dome--ident "\\)\\s-*:") 1)
    ("Outputs" ,(concat "^\\s-*output\\s-+\\(" dome--ident "\\)\\s-*=") 1))
  "Imenu entries of a .dome file: resources (\"worker api\"), config values, outputs.")

;;;; The mode

(defvar dome-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-c") #'dome-check)
    (define-key map (kbd "C-c C-f") #'dome-format-buffer)
    map)
  "Keymap for `dome-mode'.")

;;;###autoload
(define-derived-mode dome-mode prog-mode "Dome"
  "Major mode for .dome programs and stack files of domec."
  :syntax-table dome-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (setq-local comment-end "")
  (setq-local indent-line-function #'dome-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(dome-font-lock-keywords nil nil))
  (setq-local font-lock-multiline t)
  (setq-local imenu-generic-expression dome-imenu-generic-expression)
  (add-hook 'flymake-diagnostic-functions #'dome-flymake nil t)
  (when buffer-file-name
    (setq-local compile-command (dome-check-command))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.dome\\'" . dome-mode))

;; The language server: M-x eglot in a .dome buffer (or eglot-ensure in
;; dome-mode-hook) runs `domec lsp'; eglot's diagnostics then replace the
;; on-save `domec check' of dome-flymake.
;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(dome-mode . ("domec" "lsp"))))

(provide 'dome-mode)

;;; dome-mode.el ends here
