;;; cicadraft.el --- Bracketed CICA negotiation drafts, with the cicadraft language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, text
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; A major mode for `.cicadraft' files (negotiation drafts with every contested
;; passage in [brackets] and tags such as (+IRAN), (-CHN), (AZER tcb)), and the
;; line that tells eglot to run `cicadraft serve' for it.
;;
;; Setup (Emacs 27.1+ with eglot; eglot is built in from Emacs 29, `elpa-eglot' on
;; Debian 12's Emacs 28):
;;
;;   (add-to-list 'load-path "/path/to/cicadraft/editors/emacs")
;;   (require 'cicadraft)
;;   (add-hook 'cicadraft-mode-hook #'eglot-ensure)
;;
;; `cicadraft' must be on `exec-path'.  Diagnostics show through Flymake
;; (M-x flymake-show-buffer-diagnostics, or `flymake-goto-next-error'); fixes and
;; resolutions are M-x eglot-code-actions (e.g. on an unknown code, or inside a
;; bracket to accept or reject it); hover shows in the echo area (eldoc).
;; M-x cicadraft-positions lists the delegations' positions, for `next-error'.
;;
;; Word and PDF documents: in a draft whose server is running, M-x cicadraft-import
;; reads a .docx/.docm/.dotx/.odt/.pdf into a new draft buffer (its tracked changes as
;; proposals), and M-x cicadraft-export writes the draft as a Word document (with a
;; prefix argument: asks whether to write proposals as tracked changes or the clean
;; text).  Both ask the server (cicadraft.import, cicadraft.export).
;;
;; Settings go to the server as the `cicadraft' section, e.g. in .dir-locals.el:
;;
;;   ((cicadraft-mode . ((eglot-workspace-configuration
;;                        . (:cicadraft (:validate "onType" :locale "en"))))))

;;; Code:

(require 'cl-lib)
(require 'seq)
(require 'subr-x)

(defgroup cicadraft nil
  "Bracketed negotiation drafts (.cicadraft)."
  :group 'text
  :prefix "cicadraft-")

(defface cicadraft-bracket-face
  '((t :inherit font-lock-keyword-face :weight bold))
  "Face for the brackets [ and ] around contested text.")

(defface cicadraft-tag-face
  '((t :inherit font-lock-type-face))
  "Face for tag groups such as (+IRAN), (-CHN) or (AZER tcb).")

(defface cicadraft-label-face
  '((t :inherit font-lock-constant-face))
  "Face for paragraph labels such as 1.10, 2bis or OP6.")

(defface cicadraft-heading-face
  '((t :inherit font-lock-function-name-face :weight bold))
  "Face for headings: # titles and Chapter/Article/Part/Section/Annex lines.")

(defconst cicadraft--tag
  "\\(?:[+-] *[A-Za-z0-9]\\{2,10\\}\\|[A-Za-z0-9]\\{2,10\\} +[Tt][Cc][Bb]\\)"
  "One tag: +CODE, -CODE or CODE tcb.
Near misses such as (+ iran) match too: the server reports them.")

(defun cicadraft--match-bracket (limit)
  "Font-lock matcher: the next [ or ] before LIMIT.
Markdown footnote references such as [^1] are skipped."
  (let (found)
    (while (and (not found) (re-search-forward "[][]" limit t))
      (setq found (not (if (eq (char-before) ?\[)
                           (eq (char-after) ?^)
                         (save-excursion
                           (backward-char)
                           (looking-back "\\[\\^[^]\n[]*" (line-beginning-position)))))))
    found))

(defconst cicadraft-font-lock-keywords
  `(;; Tag groups: (+IRAN), (-CHN), (AZER tcb), (+IND, +PAK).
    (,(concat "(" cicadraft--tag "\\(?: *, *" cicadraft--tag "\\)*)") . 'cicadraft-tag-face)
    ;; Brackets, but not Markdown footnote references such as [^1].
    (cicadraft--match-bracket . 'cicadraft-bracket-face)
    ;; Headings.
    ("^#+ .*$" . 'cicadraft-heading-face)
    ("^\\*\\{0,2\\}\\(?:Chapter\\|Article\\|Part\\|Section\\|Annex\\|Глава\\|Статья\\|Раздел\\|Приложение\\)\\_>.*$"
     . 'cicadraft-heading-face)
    ;; Paragraph labels at the start of an item (behind an opening [ or emphasis).
    ("^\\[?\\*\\{0,2\\}\\(\\(?:[0-9]+\\(?:\\.[0-9]+\\)*\\(?: ?bis\\| ?ter\\| ?quater\\|[A-Z]\\)?\\.?\\(?: ?altern\\.\\| ?alt\\.?\\)?\\|\\(?:PP\\|OP\\)[0-9]+\\(?:alt\\)?\\|Alt[0-9]+\\|([a-z]\\{1,4\\})\\)\\)[ \t]"
     1 'cicadraft-label-face))
  "Highlighting for `cicadraft-mode': brackets, tags, labels and headings.")

(defvar cicadraft-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    ;; Brackets pair like parentheses; quotes are ordinary text.
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    (modify-syntax-entry ?\" "." table)
    table)
  "Syntax table for `cicadraft-mode'.")

;;;###autoload
(define-derived-mode cicadraft-mode text-mode "CICA-draft"
  "Major mode for bracketed negotiation drafts (.cicadraft).

Brackets are parentheses for Emacs (\\[forward-sexp] jumps over a bracket,
`show-paren-mode' pairs them).  Checking, hover and fixes come from the
cicadraft language server through eglot: see `eglot-ensure'."
  (setq-local font-lock-defaults '(cicadraft-font-lock-keywords t))
  (setq-local require-final-newline mode-require-final-newline))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.cicadraft\\'" . cicadraft-mode))

;; eglot runs `cicadraft serve' (over stdio) for cicadraft-mode buffers; the language
;; id it sends, from the mode's name, is "cicadraft".
(defvar eglot-server-programs)
;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(cicadraft-mode . ("cicadraft" "serve"))))

;; M-x cicadraft-positions: the draft's positions (or one delegation's) in a
;; compilation buffer, one line per tag at its bracket, so that `next-error' (M-g n)
;; walks them.  From the server's cicadraft.positions command (LSP Locations).
(declare-function eglot-current-server "eglot")
(declare-function eglot--TextDocumentIdentifier "eglot")
(declare-function eglot--range-region "eglot")
(declare-function jsonrpc-request "jsonrpc")
(declare-function eglot--signal-textDocument/didChange "eglot")

(defconst cicadraft-positions-buffer "*cicadraft positions*"
  "The buffer `cicadraft-positions' fills.")

(defun cicadraft--server ()
  (or (and (fboundp 'eglot-current-server) (eglot-current-server))
      (user-error "cicadraft: no language server in this buffer (M-x eglot)")))

(defun cicadraft--delegations (server)
  "The delegation codes of the draft, from the server's cicadraft/status."
  (let* ((status (jsonrpc-request server :cicadraft/status
                                  (list :textDocument (eglot--TextDocumentIdentifier))))
         (delegations (and (listp status) (plist-get status :delegations))))
    (sort (cl-loop for (key _counts) on delegations by #'cddr
                   collect (substring (symbol-name key) 1))
          #'string<)))

(defun cicadraft-positions (&optional code)
  "List the positions taken in this draft, or only those of delegation CODE.
Each line of the buffer named by `cicadraft-positions-buffer' is the
bracket of a tag, as FILE:LINE:COL; \\[next-error] goes to the next one.
With an empty CODE, every delegation's positions."
  (interactive
   (list (completing-read "Delegation (empty for all): "
                          (cicadraft--delegations (cicadraft--server)) nil nil)))
  (let* ((server (cicadraft--server))
         (uri (plist-get (eglot--TextDocumentIdentifier) :uri))
         (code (and code (not (string-empty-p (string-trim code))) (string-trim code)))
         (result (jsonrpc-request server :workspace/executeCommand
                                  (list :command "cicadraft.positions"
                                        :arguments (if code (vector uri code) (vector uri)))))
         (file (file-name-nondirectory (or buffer-file-name (buffer-name))))
         (directory default-directory)
         (lines nil))
    (when (and (listp result) (plist-get result :error))
      (user-error "cicadraft: %s" (plist-get result :error)))
    (if (zerop (length result))
        (message "cicadraft: no position%s in this draft" (if code (concat " of " code) ""))
      (save-excursion
        (seq-doseq (location result)
          (goto-char (car (eglot--range-region (plist-get location :range))))
          (push (format "%s:%d:%d: %s" file (line-number-at-pos) (1+ (current-column))
                        (buffer-substring-no-properties
                         (point) (min (line-end-position) (+ (point) 160))))
                lines)))
      (with-current-buffer (get-buffer-create cicadraft-positions-buffer)
        (let ((inhibit-read-only t))
          (erase-buffer)
          (insert (format "cicadraft: %s in %s\n\n" (if code (concat code "'s positions") "positions") file))
          (dolist (line (nreverse lines))
            (insert line "\n")))
        (setq default-directory directory)
        (compilation-mode)
        (goto-char (point-min)))
      (display-buffer cicadraft-positions-buffer)
      (setq next-error-last-buffer (get-buffer cicadraft-positions-buffer)))))

;; Word and PDF in and out, through the server's commands (cicadraft.import,
;; cicadraft.export).

(defun cicadraft--execute (command &rest arguments)
  "Run the server's COMMAND with ARGUMENTS; its answer, or a user error."
  (let ((answer (jsonrpc-request (cicadraft--server) :workspace/executeCommand
                                 (list :command command :arguments (vconcat arguments)))))
    (when-let ((problem (plist-get answer :error)))
      (user-error "cicadraft: %s" problem))
    (dolist (note (append (plist-get answer :notes) nil))
      (message "cicadraft: %s" note))
    answer))

;;;###autoload
(defun cicadraft-import (file)
  "Import the Word or PDF FILE as a new, unsaved draft buffer beside it."
  (interactive "fImport Word or PDF document: ")
  (let* ((answer (cicadraft--execute "cicadraft.import" (expand-file-name file)))
         (name (expand-file-name (plist-get answer :name) (file-name-directory (expand-file-name file))))
         (buffer (generate-new-buffer (file-name-nondirectory name))))
    (with-current-buffer buffer
      (insert (plist-get answer :text))
      (goto-char (point-min))
      (set-visited-file-name name t)
      (cicadraft-mode))
    (pop-to-buffer-same-window buffer)
    buffer))

;;;###autoload
(defun cicadraft-export (out &optional mode)
  "Export this draft, as it is in the buffer, to the Word file OUT.
MODE is nil (brackets and tags as text), `track' (proposals as tracked changes)
or `clean' (the settled text); with a prefix argument, it is asked for."
  (interactive
   (list (read-file-name "Export to Word file: " nil nil nil
                         (concat (file-name-base (or buffer-file-name (buffer-name))) ".docx"))
         (and current-prefix-arg
              (intern (completing-read "Export: " '("text" "track" "clean") nil t)))))
  ;; eglot sends the buffer's pending changes on its own requests only: send them first,
  ;; so that the export is the buffer as it is, saved or not.
  (when (fboundp 'eglot--signal-textDocument/didChange)
    (eglot--signal-textDocument/didChange))
  (let ((answer (cicadraft--execute "cicadraft.export" (cicadraft--uri buffer-file-name)
                                    (expand-file-name out)
                                    (list :trackChanges (if (eq mode 'track) t :json-false)
                                          :clean (if (eq mode 'clean) t :json-false)))))
    (message "cicadraft: exported to %s" (plist-get answer :path))
    (plist-get answer :path)))

(defun cicadraft--uri (path)
  "The document URI eglot uses for PATH (the name changed between eglot versions)."
  (cond ((fboundp 'eglot-path-to-uri) (eglot-path-to-uri path))
        ((fboundp 'eglot--path-to-uri) (eglot--path-to-uri path))
        (t (concat "file://" (expand-file-name path)))))

(provide 'cicadraft)
;;; cicadraft.el ends here
