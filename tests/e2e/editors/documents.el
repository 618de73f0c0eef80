;;; documents.el --- End-to-end check of cicadraft-import/cicadraft-export in a real Emacs  -*- lexical-binding: t; -*-

;; Driven by tests/e2e/test_emacs_documents.py:
;;
;;   emacs --batch -Q -l INIT_EL -l documents.el DRAFT DOCX OUT_DOCX FAKE RESULT_JSON
;;
;; Visits DRAFT (eglot connects), runs `cicadraft-import' on DOCX (a tracked insertion
;; by "Ivan Petrov", whom DRAFT's cicadraft.toml maps to RUS) and records the new buffer;
;; edits it without saving and runs `cicadraft-export' with `track' to OUT_DOCX; then
;; `cicadraft-import' on FAKE (not a Word document) and records the error.

;;; Code:

(require 'cl-lib)
(require 'json)

(defvar doc-args (mapcar #'expand-file-name command-line-args-left))
(setq command-line-args-left nil)
(defvar doc-data nil)
(defvar doc-errors nil)

(defun doc--put (key value)
  (setf (alist-get key doc-data) value))

(defun doc--finish (status)
  (doc--put 'errors (vconcat (reverse doc-errors)))
  (let ((coding-system-for-write 'utf-8))
    (with-temp-file (nth 4 doc-args)
      (insert (json-encode doc-data))))
  (kill-emacs status))

(condition-case err
    (progn
      (find-file (nth 0 doc-args))
      (run-hooks 'post-command-hook)
      (let ((deadline (+ (float-time) 20)))
        (while (and (not (and (eglot-current-server) (bound-and-true-p eglot--managed-mode)))
                    (< (float-time) deadline))
          (accept-process-output nil 0.05)))
      (unless (eglot-current-server)
        (error "eglot did not connect"))
      (doc--put 'commands (and (commandp 'cicadraft-import) (commandp 'cicadraft-export) t))
      (let ((buffer (cicadraft-import (nth 1 doc-args))))
        (with-current-buffer buffer
          (doc--put 'imported `((name . ,buffer-file-name)
                                (mode . ,(symbol-name major-mode))
                                (modified . ,(if (buffer-modified-p) t :json-false))
                                (text . ,(buffer-substring-no-properties (point-min) (point-max)))))))
      ;; The export of the visited draft, edited and not saved.
      (find-file (nth 0 doc-args))
      (goto-char (point-max))
      (insert "\n3. Added in Emacs [text] (+KAZ).\n")
      ;; eglot sends the pending didChange before the next request.
      (doc--put 'exported (cicadraft-export (nth 2 doc-args) 'track))
      (doc--put 'bad (condition-case problem
                         (progn (cicadraft-import (nth 3 doc-args)) "no error")
                       (user-error (error-message-string problem))))
      (doc--finish 0))
  (error (push (format "%S" err) doc-errors)
         (doc--finish 1)))
