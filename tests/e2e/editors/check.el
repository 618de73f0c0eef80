;;; check.el --- End-to-end check of editors/emacs in a real Emacs with eglot  -*- lexical-binding: t; -*-

;; Driven by tests/e2e/test_emacs.py:
;;
;;   emacs --batch -Q -l INIT_EL -l check.el DRAFT RESULT_JSON
;;
;; INIT_EL is the user's setup from editors/README.md (cicadraft.el loaded, eglot-ensure
;; on cicadraft-mode-hook), written by the test.  This script visits DRAFT and records
;; what Emacs itself saw: the major mode, Flymake's diagnostics (from eglot), a hover,
;; and the buffer after a quick fix chosen through `eglot-code-actions' and saved.
;; Results go to RESULT_JSON; the exit status is 0 only if every step completed (the
;; Python test checks the values).
;;
;; Batch mode runs no idle timers: Flymake is started by hand while waiting, and
;; eglot's pending didChange goes out with the next request or the save.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar check-draft (expand-file-name (nth 0 command-line-args-left)))
(defvar check-results (expand-file-name (nth 1 command-line-args-left)))
(setq command-line-args-left nil)       ; not files for Emacs to visit afterwards

(defconst check-timeout 15.0)
(defvar check--data nil)
(defvar check--steps nil)
(defvar check--errors nil)
(defvar check--start (float-time))

(defun check--put (key value)
  (setf (alist-get key check--data) value))

(defun check--done (step)
  (push (format "%s %dms" step (round (* 1000 (- (float-time) check--start)))) check--steps))

(defun check--finish (status)
  (check--put 'steps (vconcat (reverse check--steps)))
  (check--put 'errors (vconcat (reverse check--errors)))
  (let ((coding-system-for-write 'utf-8))
    (with-temp-file check-results
      (insert (json-encode check--data))))
  (kill-emacs status))

(defun check--fail (step message)
  (push (format "%s: %s" step message) check--errors)
  ;; For diagnosis: the ends of eglot's events and the server's stderr buffers.
  (check--put 'logs
              (vconcat
               (cl-loop for buffer in (buffer-list)
                        when (string-match-p "EGLOT" (buffer-name buffer))
                        collect (with-current-buffer buffer
                                  (format "--- %s\n%s" (buffer-name)
                                          (buffer-substring-no-properties
                                           (max (point-min) (- (point-max) 4000)) (point-max)))))))
  (check--finish 1))

(defun check--wait (step predicate)
  (let ((deadline (+ (float-time) check-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (when (bound-and-true-p flymake-mode)
        (flymake-start)))
    (unless (funcall predicate)
      (check--fail step "timed out"))
    (check--done step)))

(defun check--lsp-code (diagnostic)
  "The LSP code of a Flymake DIAGNOSTIC made by eglot."
  (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))) :code))

(defun check--diagnostics ()
  "Flymake's diagnostics in the buffer: 0-based lines, columns in characters."
  (vconcat
   (mapcar (lambda (d)
             (let ((beg (flymake-diagnostic-beg d))
                   (end (flymake-diagnostic-end d)))
               (save-excursion
                 (goto-char beg)
                 `((line . ,(1- (line-number-at-pos beg)))
                   (col . ,(- beg (line-beginning-position)))
                   (end_line . ,(1- (line-number-at-pos end)))
                   (end_col . ,(progn (goto-char end) (- end (line-beginning-position))))
                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                   (code . ,(check--lsp-code d))
                   (text . ,(flymake-diagnostic-text d))))))
           (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a)
                                                        (flymake-diagnostic-beg b)))))))

(defun check--goto (needle offset)
  (goto-char (point-min))
  (unless (search-forward needle nil t)
    (check--fail "find" (format "no %s in the draft" needle)))
  (goto-char (+ (match-beginning 0) offset)))

(defun check--run ()
  ;; 1. Visit the draft: auto-mode-alist gives cicadraft-mode, whose hook has
  ;; `eglot-ensure', which connects after the command (here: by hand).
  (find-file check-draft)
  (check--put 'mode (symbol-name major-mode))
  (run-hooks 'post-command-hook)
  (let (server)
    (check--wait "connect" (lambda ()
                             (setq server (eglot-current-server))
                             (and server (bound-and-true-p eglot--managed-mode))))
    (check--put 'server_name (plist-get (eglot--server-info server) :name))
    (check--put 'language_id (eglot--language-id server))

    ;; 2. Diagnostics, as Flymake shows them.
    (check--wait "diagnostics" (lambda () (flymake-diagnostics)))
    (check--put 'diagnostics (check--diagnostics))

    ;; 3. Hover on IRAN in (+IRAN), as eldoc asks for it.
    (check--goto "(+IRAN)" 2)
    (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
      (check--put 'hover (and hover (eglot--hover-info (plist-get hover :contents))))
      (check--done "hover"))

    ;; 4. The quick fix on INDD: what a user gets with C-u M-x eglot-code-actions,
    ;; kind "quickfix", picking the action that says IND.
    (check--goto "(+INDD)" 2)
    (let* ((bounds (bounds-of-thing-at-point 'sexp))
           (offered nil)
           ;; Invoked from the keyboard (not a mouse menu): eglot asks with completing-read.
           (last-nonmenu-event ?\r))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest _)
                   (setq offered (mapcar #'car collection))
                   (or (cl-find-if (lambda (title) (and (string-match-p "\\_<IND\\_>" title)
                                                        (not (string-match-p "IDN" title))))
                                   offered)
                       (check--fail "code action" (format "no IND among %S" offered))))))
        (eglot-code-actions (car bounds) (cdr bounds) "quickfix" t))
      (check--put 'code_actions (vconcat offered)))
    (check--goto "(+IND) diversity" 0)
    (check--done "code action")
    (save-buffer)
    (check--done "save")

    ;; 5. The server checks the changed text and the INDD diagnostic goes.
    (check--wait "diagnostics after the fix"
                 (lambda ()
                   (not (cl-find-if (lambda (d) (equal (check--lsp-code d) "unknown-code"))
                                    (flymake-diagnostics (line-beginning-position)
                                                         (line-end-position))))))
    (check--put 'diagnostics_after (length (flymake-diagnostics)))))

(condition-case err
    (progn
      (check--run)
      (check--finish 0))
  (error (check--fail "error" (error-message-string err))))

;;; check.el ends here
