;;; positions.el --- End-to-end check of M-x cicadraft-positions in a real Emacs  -*- lexical-binding: t; -*-

;; emacs --batch -Q -l INIT_EL -l positions.el DRAFT RESULT_JSON
;;
;; Visits the draft (eglot connects), runs (cicadraft-positions "IRAN") and records the
;; lines of the *cicadraft positions* buffer, its mode, the delegations offered for
;; completion, and where the first `next-error' lands in the draft.

(require 'cl-lib)
(require 'json)

(defvar pos-draft (nth 0 command-line-args-left))
(defvar pos-results-file (nth 1 command-line-args-left))
(setq command-line-args-left nil)
(defvar pos-results (list (cons 'errors [])))

(defun pos--put (key value) (push (cons key value) pos-results))

(defun pos--finish (status)
  (with-temp-file pos-results-file (insert (json-encode pos-results)))
  (kill-emacs status))

(defun pos--fail (step message)
  (setf (alist-get 'errors pos-results) (vector (format "%s: %s" step message)))
  (pos--finish 1))

(defun pos--wait (step predicate)
  (let ((deadline (+ (float-time) 30)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline) (pos--fail step "timed out"))
      (accept-process-output nil 0.05))))

(condition-case err
    (progn
      (find-file pos-draft)
      (run-hooks 'post-command-hook)
      (pos--wait "connect" (lambda () (and (eglot-current-server) (bound-and-true-p eglot--managed-mode))))
      (pos--put 'completion (vconcat (cicadraft--delegations (eglot-current-server))))
      (cicadraft-positions "IRAN")
      (with-current-buffer cicadraft-positions-buffer
        (pos--put 'mode (symbol-name major-mode))
        (pos--put 'lines (vconcat (split-string (buffer-string) "\n" t))))
      (next-error)
      (pos--put 'landed (list (cons 'buffer (buffer-name))
                              (cons 'line (line-number-at-pos))
                              (cons 'text (buffer-substring-no-properties (point) (min (point-max) (+ (point) 20))))))
      (pos--finish 0))
  (error (pos--fail "error" (error-message-string err))))

;;; positions.el ends here
