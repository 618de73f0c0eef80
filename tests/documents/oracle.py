"""What LibreOffice makes of a document, for the import tests to compare against: its
text as it stands, after Accept All, and after Reject All (``libreoffice_oracle.py``,
run with the system Python's UNO bridge), and the words of both sides compared.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("libreoffice_oracle.py")
MODES = ("keep", "accept", "reject")


def require_libreoffice() -> None:
    problems = []
    if shutil.which("soffice") is None:
        problems.append("soffice is not on PATH")
    if subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        problems.append(f"{SYSTEM_PYTHON} cannot import uno")
    if problems:
        raise AssertionError("LibreOffice is needed: " + "; ".join(problems) +
                             " (bash scripts/test.sh installs libreoffice-writer-nogui and python3-uno)")


def libreoffice_texts(documents: list[Path], modes=MODES) -> dict[tuple[Path, str], str]:
    """{(document, mode): LibreOffice's text export}, all from one LibreOffice run."""
    require_libreoffice()
    out_dir = Path(tempfile.mkdtemp(prefix="cicadraft-oracle-"))
    jobs = []
    for index, document in enumerate(documents):
        for mode in modes:
            jobs.append({"input": str(document), "output": str(out_dir / f"{index}-{mode}.txt"), "changes": mode})
    jobs_file = out_dir / "jobs.json"
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    completed = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(jobs_file)], capture_output=True, text=True, timeout=600)
    if completed.returncode != 0:
        raise AssertionError(f"LibreOffice failed: {completed.stderr.strip() or completed.stdout.strip()}")
    texts = {}
    for index, document in enumerate(documents):
        for mode in modes:
            texts[(document, mode)] = (out_dir / f"{index}-{mode}.txt").read_text(encoding="utf-8-sig")
            texts[(document, mode + "-notes")] = (out_dir / f"{index}-{mode}.txt.notes").read_text(encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    return texts


def libreoffice_encrypted_copy(document: Path, output: Path, password: str = "secret") -> Path:
    """The document saved by LibreOffice as a password-protected Word file."""
    _run_jobs([{"input": str(document), "output": str(output), "changes": "keep", "password": password}])
    return output


def libreoffice_saved_copies(documents: list[tuple[Path, Path]], filter_name: str = "MS Word 2007 XML") -> None:
    """Each (document, output): the document opened and saved again by LibreOffice,
    tracked changes and all, in one LibreOffice run."""
    _run_jobs([{"input": str(d), "output": str(o), "changes": "keep", "filter": filter_name} for d, o in documents])


def _run_jobs(jobs: list[dict]) -> None:
    require_libreoffice()
    handle, name = tempfile.mkstemp(prefix="cicadraft-jobs-", suffix=".json")
    with open(handle, "w", encoding="utf-8") as out:
        json.dump(jobs, out)
    try:
        completed = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), name], capture_output=True, text=True, timeout=600)
    finally:
        Path(name).unlink()
    missing = [job["output"] for job in jobs if not Path(job["output"]).is_file()]
    if completed.returncode != 0 or missing:
        raise AssertionError(f"LibreOffice failed: {completed.stderr.strip() or completed.stdout.strip() or missing}")


def libreoffice_convert(document: Path, target: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to TARGET`` (its own fresh profile); the new file."""
    require_libreoffice()
    work = Path(tempfile.mkdtemp(prefix="cicadraft-convert-"))
    try:
        completed = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(outdir), str(document)],
            capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = outdir / (document.stem + "." + target.split(":")[0])
    if not out.is_file():
        raise AssertionError(f"soffice --convert-to {target} failed: {completed.stderr.strip() or completed.stdout.strip()}")
    return out


def libreoffice_converted_text(document: Path) -> str:
    """``soffice --headless --convert-to txt`` of a document: the text as it stands. Used
    for documents with comments, which LibreOffice 7.4 crashes on when they are loaded
    over UNO (its --convert-to path reads them fine)."""
    outdir = Path(tempfile.mkdtemp(prefix="cicadraft-text-"))
    try:
        return libreoffice_convert(document, "txt:Text (encoded):UTF8", outdir).read_text(encoding="utf-8-sig")
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


_TAG = re.compile(r"\((?:[+-]([A-Z0-9]{2,10})|([A-Z0-9]{2,10}) tcb)\)")


def codes_in(text: str) -> list[str]:
    return sorted({a or b for a, b in _TAG.findall(text)})


def resolve_all(text: str, accepting: bool, registry, codes: list[str] | None = None) -> str:
    """Accept (reject) everything from every delegation in the draft (or those of
    ``codes``), one after another, with the real resolve engine."""
    from cicadraft.analysis import resolve as engine
    from cicadraft.syntax import parse

    for code in codes if codes is not None else codes_in(text):
        draft = parse(text)
        outcome = (engine.accept_all if accepting else engine.reject_all)(draft, code, registry)
        assert outcome.refusal is None or outcome.refusal.reason == "unknown-code", outcome.refusal
        assert not outcome.skipped, f"brackets left alone for {code}"
        text = outcome.preview(text)
    return text


def draft_words(text: str, notes: bool = False) -> list[str]:
    """The words of a draft without its markup: heading marks, emphasis, cell separators;
    footnote references as their numbers, as LibreOffice's text export writes them. With
    ``notes``, the words of the footnote definitions instead (LibreOffice's .notes)."""
    lines = [line for line in text.split("\n") if bool(re.match(r"\[\^\d+\]:", line)) == notes]
    text = "\n".join(re.sub(r"^\[\^\d+\]:", "", line) for line in lines)
    text = re.sub(r"\[\^(\d+)\]", r"\1", text)
    text = re.sub(r"^#+ ", "", text, flags=re.M)
    text = text.replace("**", "").replace("*", "")
    return [word for word in _words(text) if word != "|"]


def office_words(text: str) -> list[str]:
    return _words(text)


def _words(text: str) -> list[str]:
    text = re.sub(r"\s+([,.;:)\]])", r"\1", text)  # resolving tidies spaces before these (SPEC §6)
    # Dropping one of the inline alternatives inside a bracket takes the separator with it
    # (docs/resolve.md, "Inline alternatives"), where Word leaves "[, exchanges".
    text = re.sub(r"\[[,;/]\s*", "[", text)
    text = re.sub(r"[,;/]\]", "]", text)
    return text.split()
