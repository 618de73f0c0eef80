"""LibreOffice as the oracle for Word documents: run with the system Python that has the
UNO bridge (``/usr/bin/python3``, Debian's python3-uno), never with the project's venv.

    /usr/bin/python3 libreoffice_oracle.py JOBS.json

JOBS.json is a list of ``{"input": PATH, "output": PATH, "changes": "keep"|"accept"|"reject"}``
(with ``"password": P``, the document is saved as a password-protected Word file instead;
with ``"filter": F``, saved in that format, e.g. "MS Word 2007 XML" or "writer8").
One headless LibreOffice (with its own throwaway profile) opens each input, applies
Accept All or Reject All to its tracked changes (or leaves them), and saves the text as
LibreOffice's own "Text (encoded)" UTF-8 export (paragraphs one a line, list numbering as
LibreOffice displays it, footnote references as their numbers) and the text of the
footnotes and endnotes, one a line, as OUTPUT.notes. It exits non-zero with a message when anything fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401  (python3-uno; also makes com.sun.star importable)
from com.sun.star.beans import PropertyValue


def _props(**values):
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(pipe, process, deadline=60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    start = time.monotonic()
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if process.poll() is not None:
                raise SystemExit(f"soffice exited with status {process.returncode} before accepting connections")
            if time.monotonic() - start > deadline:
                raise SystemExit("soffice did not accept a connection within a minute")
            time.sleep(0.2)


def main(jobs_path):
    with open(jobs_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: install libreoffice-writer-nogui (scripts/test.sh does)")
    profile = tempfile.mkdtemp(prefix="cicadraft-lo-profile-")
    pipe = f"cicadraft_oracle_{os.getpid()}"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = _connect(pipe, process)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(job["input"]))
            document = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, ReadOnly=False))
            if document is None:
                raise SystemExit(f"LibreOffice could not open {job['input']}")
            try:
                action = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}.get(job["changes"])
                if action:
                    frame = document.getCurrentController().getFrame()
                    dispatcher.executeDispatch(frame, action, "", 0, ())
                    left = document.getRedlines().createEnumeration().hasMoreElements()
                    if left:
                        raise SystemExit(f"{job['input']}: tracked changes left after {action}")
                out = uno.systemPathToFileUrl(os.path.abspath(job["output"]))
                if job.get("password"):
                    # Saved as Word 97 with a password: an encrypted OLE compound file, the
                    # container Word also uses for a password-protected .docx.
                    document.storeToURL(out, _props(FilterName="MS Word 97", Password=job["password"]))
                    continue
                if job.get("filter"):
                    # Saved again by LibreOffice ("MS Word 2007 XML", "writer8" for .odt).
                    document.storeToURL(out, _props(FilterName=job["filter"]))
                    continue
                document.storeToURL(out, _props(FilterName="Text (encoded)", FilterOptions="UTF8,LF,,,"))
                # The text export leaves out footnotes and endnotes: their text, one a line.
                notes = [note.getString() for collection in (document.getFootnotes(), document.getEndnotes())
                         for note in (collection.getByIndex(i) for i in range(collection.getCount()))]
                with open(job["output"] + ".notes", "w", encoding="utf-8") as handle:
                    handle.write("".join(note.replace("\n", " ") + "\n" for note in notes))
            finally:
                document.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])
