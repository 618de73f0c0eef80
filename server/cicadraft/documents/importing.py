"""``import_document``: any supported document turned into draft text.

The reader is chosen by what the file is, not by its name: a zip with a Word main part is
read as Word whatever its extension, an ODF text document as ODF; a password-protected
Office file (an OLE compound file) or a legacy ``.doc`` is refused with what to do.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentError, ImportResult


def _read_word(path: Path, *, registry, authors=None) -> ImportResult:
    from .word_reader import read_word

    return read_word(path, registry=registry, authors=authors)


def _read_pdf(path: Path, *, registry, authors=None) -> ImportResult:
    from .pdf_reader import read_pdf

    return read_pdf(path)  # a PDF has no authors: its text is all there is


def _read_odt(path: Path, *, registry, authors=None) -> ImportResult:
    from .odt_reader import read_odt

    return read_odt(path, registry=registry, authors=authors)


#: Readers by the kind of file, keyed by its usual extension. A reader that needs no
#: registry or authors (PDF) is wrapped where it is added.
READERS = {
    ".docx": _read_word,
    ".docm": _read_word,
    ".dotx": _read_word,
    ".dotm": _read_word,
    ".odt": _read_odt,
    ".pdf": _read_pdf,
}

_WORD = (".docx", ".docm", ".dotx", ".dotm")


def real_type(path: Path) -> str:
    """The extension that says what the file really is (``.docx`` for any OOXML word
    processing file, ``.odt``, ``.pdf``); DocumentError for anything else."""
    from .limits import EMPTY_ZIP_MAGIC, OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC, SafeZip, read_head

    head = read_head(path)
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise DocumentError(
            f"{path}: a password-protected (encrypted) Office document or an old binary Word .doc file: "
            "open it in Word or LibreOffice, remove the password or save it as .docx, and import that")
    if head.startswith(PDF_MAGIC):
        return ".pdf"
    if head.startswith(EMPTY_ZIP_MAGIC):
        raise DocumentError(f"{path}: an empty zip archive, not a document")
    if not head.startswith(ZIP_MAGIC):
        if head.lstrip().startswith((b"{\\rtf",)):
            raise DocumentError(f"{path}: an RTF file: save it as .docx and import that")
        raise DocumentError(f"{path}: not a Word, ODF or PDF document (supported: .docx, .docm, .dotx, .odt, .pdf)")
    with SafeZip(path) as archive:
        if archive.has("mimetype"):
            kind = archive.read("mimetype")[:100].strip()
            if kind == b"application/vnd.oasis.opendocument.text":
                return ".odt"
            if kind.startswith(b"application/vnd.oasis.opendocument"):
                raise DocumentError(f"{path}: an OpenDocument file that is not a text document ({kind.decode('ascii', 'replace')})")
        if archive.has("EncryptionInfo") or archive.has("EncryptedPackage"):
            raise DocumentError(f"{path}: the document is encrypted: remove the password and import it again")
        from .word_reader import main_part

        if main_part(archive) is not None:
            return suffix if suffix in _WORD else ".docx"
    raise DocumentError(f"{path}: a zip archive that is not a Word or ODF text document")


def import_document(path: Path, *, registry, authors: dict[str, str] | None = None) -> ImportResult:
    """The draft text of a document, with notes for the user (see docs/import.md)."""
    path = Path(path)
    kind = real_type(path)
    reader = READERS.get(kind)
    if reader is None:
        raise DocumentError(f"{path}: importing {kind} files is not supported")
    return reader(path, registry=registry, authors=authors)
