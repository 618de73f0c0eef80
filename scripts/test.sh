#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian 12 machine, then run them all.
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh -k hover   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${CICADRAFT_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

# Debian's iso-codes: the reference the registry's ISO alpha-3 codes are checked against.
if [ ! -f /usr/share/iso-codes/json/iso_3166-1.json ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends iso-codes
fi

# The venv's bin/ first: cicadraft, nvim and, where the machine lacks node 20, the node
# and npm that ensure-node.sh installs there.
export PATH="$PWD/$VENV/bin:$PATH"
PYTHON="$VENV/bin/python" bash scripts/ensure-node.sh

# The real consumers of what import/export/diff/status write: poppler's pdftotext reads
# back PDFs (the diff's HTML report as headless Chromium prints it, exported drafts), and
# LibreOffice (headless Writer, with its Python-UNO bridge) opens, re-saves, prints and
# accepts/rejects the tracked changes of the Word files the tests build and export writes.
DOC_PACKAGES="poppler-utils libreoffice-writer-nogui python3-uno"
missing=""
for package in $DOC_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -q
    # shellcheck disable=SC2086  # the list is meant to split
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# The real editors the end-to-end tests drive: Neovim, Emacs and Vim, then VS Code
# (code-server in headless Chromium) with the extension built from vscode-client/.
PYTHON="$VENV/bin/python" sh scripts/install-editors.sh
PYTHON="$VENV/bin/python" bash scripts/install-vscode-test.sh

exec "$VENV/bin/python" -m pytest "$@"
