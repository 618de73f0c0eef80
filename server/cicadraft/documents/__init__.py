"""Word and PDF documents in and out: readers that turn a ``.docx``/``.odt``/``.pdf`` into
``.cicadraft`` text (``importing``) and writers that turn a draft into a Word document
(``exporting``). Pure of LSP; the CLI and the server's commands both call these.

Every document is untrusted input: no entity is resolved, nothing is fetched, no macro
runs, and sizes are bounded (see ``limits``). The heavy libraries (python-docx, lxml,
pypdf) are imported inside the functions that use them, so ``check`` and ``serve`` never
load them.
"""
