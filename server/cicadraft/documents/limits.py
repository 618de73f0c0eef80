"""Opening untrusted document containers: zip archives checked before anything is
unpacked, and XML parsed without entities, network or huge trees.

A ``.docx`` or ``.odt`` is a zip of XML parts. A hostile one can be a zip bomb (gigabytes
that pack into a few megabytes), carry an external entity (``<!ENTITY x SYSTEM
"file:///etc/passwd">``) or a billion-laughs expansion, or just be enormous. Every size
is checked from the zip's directory before a byte is inflated, and inflation itself is
capped, so a lying directory cannot get past either.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentError

#: The largest document file accepted, as stored on disk.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The largest XML part, and all parts together, once inflated.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: More members than any real document has (images and all).
MAX_MEMBERS = 5000
#: Prose compresses 5-20 times and a table of repeated rows a few hundred times; deflate
#: cannot do better than about 1030, which is what bombs are made of.
MAX_RATIO = 600
#: Parts smaller than this are never judged by their ratio (tiny XML packs very well).
_RATIO_FLOOR = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"


def read_head(path: Path, size: int = 8) -> bytes:
    """The first bytes of a file, with the checks every reader needs first."""
    try:
        if not path.is_file():
            raise DocumentError(f"{path}: not a file" if path.exists() else f"{path}: no such file")
        length = path.stat().st_size
        if length == 0:
            raise DocumentError(f"{path}: the file is empty")
        if length > MAX_FILE_BYTES:
            raise DocumentError(f"{path}: the file is too large to import ({length // (1024 * 1024)} MB; "
                                f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise DocumentError(f"{path}: cannot read ({error.strerror or error})") from None


class SafeZip:
    """A zip archive whose directory has been checked; parts are read with a cap."""

    def __init__(self, path: Path):
        import zipfile

        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise DocumentError(f"{path}: not a valid document (a damaged zip archive: {error})") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DocumentError(f"{path}: not imported: the archive holds {len(infos)} parts (at most {MAX_MEMBERS})")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise DocumentError(f"{path}: the document is encrypted: save it without a password and import it again")
            total += info.file_size
            if info.file_size > MAX_PART_BYTES and _is_xml(info.filename):
                raise DocumentError(f"{path}: not imported: the part {info.filename} unpacks to {info.file_size // (1024 * 1024)} MB "
                                    f"(at most {MAX_PART_BYTES // (1024 * 1024)} MB)")
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DocumentError(f"{path}: not imported: the part {info.filename} would unpack {info.file_size // max(info.compress_size, 1)} "
                                    "times its packed size (a zip bomb?)")
        if total > MAX_TOTAL_BYTES:
            raise DocumentError(f"{path}: not imported: the archive unpacks to {total // (1024 * 1024)} MB "
                                f"(at most {MAX_TOTAL_BYTES // (1024 * 1024)} MB)")
        self._names = {info.filename for info in infos}

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._names

    def names(self) -> set[str]:
        return set(self._names)

    def read(self, name: str) -> bytes:
        """A part's bytes, inflated at most to MAX_PART_BYTES whatever the directory says."""
        import zlib
        import zipfile

        try:
            with self._zip.open(name) as member:
                data = member.read(MAX_PART_BYTES + 1)
        except KeyError:
            raise DocumentError(f"{self.path}: not a valid document (the part {name} is missing)") from None
        # zipfile's ways of saying a member is broken: a bad header or CRC, a corrupt
        # stream, a compression method it does not have (NotImplementedError), an
        # encrypted member (RuntimeError).
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            raise DocumentError(f"{self.path}: not a valid document (the part {name} is damaged: {error})") from None
        if len(data) > MAX_PART_BYTES:
            raise DocumentError(f"{self.path}: not imported: the part {name} unpacks to more than "
                                f"{MAX_PART_BYTES // (1024 * 1024)} MB")
        return data

    def xml(self, name: str):
        """A part parsed as XML (see ``parse_xml``)."""
        return parse_xml(self.read(name), f"{self.path}: {name}")


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def parse_xml(data: bytes, where: str):
    """Parse untrusted XML: entities are never expanded or fetched, no DTD is loaded,
    nothing goes to the network, and lxml's default limits on depth and text size stay on.
    A document that declares entities is refused: real Word and ODF parts never do."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"{where}: not well-formed XML ({error})") from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.system_url or b"<!ENTITY" in data[:65536]:
        raise DocumentError(f"{where}: the XML declares entities (a DTD), which documents never need; not imported")
    return root
