;;; emacs-check.el --- batch checks of editor-support/emacs/dome-mode.el  -*- lexical-binding: t; -*-
;; Faces at the positions in positions.txt, mode settings, indentation and
;; the compile error regexp.  Prints "ok - ..." / "not ok - ..." lines.
;; Run: emacs -Q --batch -L DOME_EMACS -l emacs-check.el (env: DIR, DIAG_FILES)

(require 'dome-mode)
(require 'subr-x)
(require 'seq)
(require 'imenu)

;; the files under test are shared: no lock files, backups or auto-saves
(setq create-lockfiles nil make-backup-files nil auto-save-default nil)

(defvar check-dir (getenv "DIR"))
(defvar check-cwd default-directory)

(defun check-report (ok name &optional detail)
  "Print a TAP-ish line for test NAME; DETAIL explains a failure."
  (princ (format "%s - %s\n" (if ok "ok" "not ok") name))
  (unless ok (princ (format "#   %s\n" detail))))

(defun check-open (file)
  "Visit FILE (relative to DIR) in dome-mode, fontified."
  (set-buffer (find-file-noselect (expand-file-name file check-dir)))
  (font-lock-ensure)
  (current-buffer))

(defun check-faces-at (pos)
  "The faces at POS, as a list."
  (let ((f (get-text-property pos 'face)))
    (if (listp f) f (list f))))

(defun check-position (entry)
  "Check one FRAGMENT\\tVIM\\tFACE\\tSCOPE entry against the current buffer."
  (let* ((fields (split-string entry "\t"))
         (frag (nth 0 fields))
         (want (nth 2 fields))
         (clean (replace-regexp-in-string "[«»]" "" frag))
         (off (string-match "«" frag))
         (name (format "emacs face: %s is %s" frag want)))
    (goto-char (point-min))
    (if (not (search-forward clean nil t))
        (check-report nil name "fragment not found")
      (let* ((pos (+ (match-beginning 0) off))
             (faces (check-faces-at pos)))
        (check-report (if (string= want "NONE") (null faces)
                        (memq (intern want) faces))
                      name (format "got %S at %d" faces pos))))))

(defun check-positions ()
  "Check every entry of positions.txt."
  (dolist (line (split-string (with-temp-buffer
                                (insert-file-contents (expand-file-name "positions.txt" check-dir))
                                (buffer-string))
                              "\n" t))
    (cond ((string-prefix-p "%" line) nil)
          ((string-prefix-p "@" line) (check-open (substring line 1)))
          (t (check-position line)))))

(defun check-mode ()
  "Mode selection and settings."
  (check-open "all-constructs.dome")
  (check-report (eq major-mode 'dome-mode) "emacs: *.dome opens in dome-mode" major-mode)
  (check-report (equal comment-start "# ") "emacs: comment-start is \"# \"" comment-start)
  (goto-char (point-min))
  (search-forward "worker silo")
  (comment-line 1)
  (forward-line -1)
  (check-report (looking-at-p "# worker silo {") "emacs: comment-line comments out a line"
                (buffer-substring (point) (line-end-position)))
  (revert-buffer t t)
  (let* ((index (imenu--make-index-alist t))
         (res (mapcar #'car (cdr (assoc "Resources" index))))
         (cfg (mapcar #'car (cdr (assoc "Config" index))))
         (out (mapcar #'car (cdr (assoc "Outputs" index)))))
    (check-report (and (member "worker api" res) (member "database meta" res) (= (length res) 11)
                       (member "api_key" cfg) (member "index" out))
                  "emacs imenu lists resources, config values and outputs" (format "%S" index)))
  (check-report (string-match-p "domec check" compile-command)
                "emacs: compile-command runs domec check" compile-command))

(defun check-indent (file)
  "Flatten FILE's indentation, re-indent it, and compare."
  (check-open file)
  (let ((want (buffer-string)))
    (goto-char (point-min))
    (while (re-search-forward "^[ \t]+" nil t) (replace-match ""))
    (indent-region (point-min) (point-max))
    (let ((got (buffer-string)))
      (check-report (string= got want) (format "emacs indent: %s re-indents to itself" file)
                    (let ((a (split-string got "\n")) (b (split-string want "\n")) (n 1))
                      (while (and a (string= (car a) (car b))) (setq a (cdr a) b (cdr b) n (1+ n)))
                      (format "line %d: %S" n (car a)))))
    (revert-buffer t t)))

(defun check-compile (file)
  "Parse FILE (domec output) in compilation-mode; write FILE.emacs-got."
  (let ((out '()))
    (with-temp-buffer
      (insert-file-contents file)
      (compilation-mode)
      (setq-local compilation-error-regexp-alist '(dome)) ; ours alone, not gnu's
      (compilation--ensure-parse (point-max))
      (goto-char (point-min))
      (let (msg)
        (while (setq msg (text-property-search-forward 'compilation-message nil nil))
          (let* ((m (prop-match-value msg))
                 (loc (compilation--message->loc m))
                 (type (compilation--message->type m))
                 (text (save-excursion
                         (goto-char (prop-match-beginning msg))
                         (buffer-substring (line-beginning-position) (line-end-position)))))
            (push (format "%s:%d:%d:%s:%s"
                          (caar (compilation--loc->file-struct loc))
                          (compilation--loc->line loc)
                          (compilation--loc->col loc)
                          (string (aref "IWE" type))
                          (replace-regexp-in-string "^.*?: \\(?:error\\|warning\\|note\\): " "" text))
                  out)))))
    (with-temp-file (concat file ".emacs-got")
      (insert (string-join (nreverse out) "\n") "\n"))))

;; dome-check-command, run from the program's main file and its stack file,
;; checks the program; its output, in compilation-mode, has the typo.
(defun check-command (file)
  (let* ((dome-domec-program (getenv "DOMEC"))
         (cmd (dome-check-command file))
         (name (format "emacs dome-check on %s lists the typo at main.dome:3:3"
                       (file-name-nondirectory file))))
    (with-temp-buffer
      (call-process-shell-command cmd nil t)
      (compilation-mode)
      (setq-local compilation-error-regexp-alist '(dome))
      (compilation--ensure-parse (point-max))
      (goto-char (point-min))
      (let (found msg)
        (while (setq msg (text-property-search-forward 'compilation-message nil nil))
          (let* ((m (prop-match-value msg)) (loc (compilation--message->loc m)))
            (when (and (= (compilation--message->type m) 2)
                       (equal (compilation--loc->line loc) 3)
                       (equal (compilation--loc->col loc) 3)
                       (string-suffix-p "main.dome" (caar (compilation--loc->file-struct loc))))
              (setq found t))))
        (check-report found name (format "%s: %s" cmd (buffer-string)))))))

;; The flymake backend, on the program's main file: the typo's span, its
;; severity and its hint.
(defun check-flymake (file)
  (let ((dome-domec-program (getenv "DOMEC")) got (done nil))
    (set-buffer (find-file-noselect file))
    (dome-flymake (lambda (diags &rest _) (setq got diags done t)))
    (let ((n 0)) (while (and (not done) (< n 400)) (accept-process-output nil 0.05) (setq n (1+ n))))
    (let* ((typo (seq-find (lambda (d) (= (flymake-diagnostic-beg d)
                                          (save-excursion (goto-char (point-min)) (forward-line 2) (+ (point) 2))))
                           got)))
      (check-report (and typo (eq (flymake-diagnostic-type typo) :error)
                         (= (- (flymake-diagnostic-end typo) (flymake-diagnostic-beg typo)) 18)
                         (string-match-p "compatibility_date'" (flymake-diagnostic-text typo))
                         (= (length got) 4))
                    "emacs flymake reports the typo's span, severity and hint, and 4 diagnostics"
                    (format "%S" (mapcar (lambda (d) (list (flymake-diagnostic-beg d) (flymake-diagnostic-end d)
                                                           (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
                                         got))))))

;; dome-format-buffer: a messy buffer becomes what `domec fmt -' prints, a
;; buffer with a syntax error stays as it is.
(defun check-format ()
  (let ((dome-domec-program (getenv "DOMEC"))
        (want (with-temp-buffer (insert-file-contents (getenv "FMT_WANT")) (buffer-string)))
        (messy (with-temp-buffer (insert-file-contents (getenv "FMT_IN")) (buffer-string))))
    (with-temp-buffer
      (dome-mode)
      (insert messy)
      (dome-format-buffer)
      (check-report (and (string= (buffer-string) want) (not (string= want messy)))
                    "emacs dome-format-buffer formats the buffer with domec fmt" (buffer-string))
      (erase-buffer)
      (insert "worker api {\n  main =\n}\n")
      (dome-format-buffer)
      (check-report (string= (buffer-string) "worker api {\n  main =\n}\n")
                    "emacs dome-format-buffer leaves a syntax error alone" (buffer-string)))))

(condition-case err
    (progn
      (check-positions)
      (check-mode)
      (check-indent "all-constructs.dome")
      (check-indent "stacks/dev.dome")
      (dolist (p (split-string (or (getenv "PROGRAMS") "") "[ \n]" t))
        (check-indent p))
      (when (and (getenv "DOMEC") (getenv "FMT_IN"))
        (check-format))
      (when (and (getenv "DOMEC") (getenv "TYPO_DIR"))
        (check-command (expand-file-name "main.dome" (getenv "TYPO_DIR")))
        (check-command (expand-file-name "stacks/dev.dome" (getenv "TYPO_DIR")))
        (check-flymake (expand-file-name "main.dome" (getenv "TYPO_DIR"))))
      (dolist (f (split-string (or (getenv "DIAG_FILES") "") " " t))
        (check-compile (expand-file-name f check-cwd))))
  (error (check-report nil "emacs check script" (format "%S" err))))
