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

;; Word and PDF in and out, through the server's commands.
(declare-function eglot-current-server "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defun cicadraft--server ()
  "The cicadraft language server of this buffer, or a user error."
  (or (and (fboundp 'eglot-current-server) (eglot-current-server))
      (user-error "cicadraft: no cicadraft language server here (M-x eglot in a .cicadraft buffer)")))

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
