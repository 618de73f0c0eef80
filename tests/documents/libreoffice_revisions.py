"""Accept or reject every tracked change of Word documents in LibreOffice, through its
Python-UNO bridge, and write the text each gives: what a user gets from Writer's
Edit > Track Changes > Accept All (or Reject All).

Run with the system Python, which python3-uno is built for:

    /usr/bin/python3 libreoffice_revisions.py PROFILE_DIR FILE.docx...

For each FILE it writes FILE.accepted.txt and FILE.rejected.txt: the paragraphs of the
body, one per line (a line break inside a paragraph is a line too), and FILE.redlines.txt,
one line per tracked change: its type and author.
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def connect(profile):
    pipe = f"cicadraft_test_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context
        except Exception:  # NoConnectException until the office listens
            if time.monotonic() > deadline or office.poll() is not None:
                office.kill()
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.5)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def body_text(document):
    lines = []
    paragraphs = document.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.Paragraph"):
            lines.append(paragraph.getString().replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(lines) + "\n"


def settle(context, path, command):
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),))
    redlines = []
    enumeration = document.getRedlines().createEnumeration()
    while enumeration.hasMoreElements():
        redline = enumeration.nextElement()
        redlines.append(f"{redline.getPropertyValue('RedlineType')}\t{redline.getPropertyValue('RedlineAuthor')}")
    dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    dispatcher.executeDispatch(document.getCurrentController().getFrame(), command, "", 0, ())
    text = body_text(document)
    left = document.getRedlines().createEnumeration().hasMoreElements()
    document.close(True)
    if left:
        raise SystemExit(f"{path}: {command} left tracked changes")
    return text, redlines


def main():
    profile, files = sys.argv[1], sys.argv[2:]
    office, context = connect(profile)
    try:
        for path in files:
            accepted, redlines = settle(context, path, ".uno:AcceptAllTrackedChanges")
            rejected, _ = settle(context, path, ".uno:RejectAllTrackedChanges")
            for suffix, text in (("accepted", accepted), ("rejected", rejected), ("redlines", "\n".join(redlines) + "\n")):
                with open(f"{path}.{suffix}.txt", "w", encoding="utf-8") as handle:
                    handle.write(text)
    finally:
        try:
            context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context).terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
