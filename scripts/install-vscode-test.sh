#!/usr/bin/env bash
# Install what tests/e2e/test_vscode.py needs to drive the extension in a real VS Code,
# on Debian 12 (CI and developer machines), as root or with sudo:
#
#   - Debian's chromium (driven headless by playwright-core, which downloads no browser),
#     ripgrep (code-server's @vscode/ripgrep would download rg from a host that is not
#     reachable: it is given Debian's rg as a cached download instead), and the compiler
#     and headers that code-server's native modules build with;
#   - code-server (VS Code in the browser; 4.100.3 is the newest that runs on node 20) and
#     playwright-core from npm, into .cache/vscode-e2e/ (git-ignored);
#   - the extension: vscode-client/cicadraft.vsix, built from vscode-client/ (its
#     node_modules also runs the grammar tests, tests/e2e/test_vscode_grammar.py).
#
# Idempotent and quick when everything is in place: apt-get runs only for missing
# packages, npm only when the cache lacks the pinned versions, and the .vsix is rebuilt
# only when a source is newer than it. Fails on the first error.
# Usage: scripts/install-vscode-test.sh   (CICADRAFT_VSCODE_CACHE=... to move the cache;
# the test reads the same variable). About 1-2 minutes from nothing, 1 s when installed.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11 # @vscode/ripgrep 1.15.11, in code-server 4.100.3
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES="chromium ripgrep build-essential libkrb5-dev"

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CICADRAFT_VSCODE_CACHE:-$REPO/.cache/vscode-e2e}
STAMP="$CACHE/installed-code-server-$CODE_SERVER_VERSION-playwright-core-$PLAYWRIGHT_VERSION"
started=$(date +%s)
case "$CACHE" in
    / | "$REPO" | "${HOME:-/}" | "$REPO/") echo "install-vscode-test: refusing to use $CACHE as the cache" >&2; exit 1 ;;
esac

say() { echo "install-vscode-test: $*"; }
fail() { echo "install-vscode-test: ERROR: $*" >&2; exit 1; }
trap 'status=$?; [ $status -eq 0 ] || echo "install-vscode-test: FAILED (exit status $status) at line $LINENO" >&2' EXIT

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi

# --- Debian packages -------------------------------------------------------------------
missing=""
for package in $APT_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
if [ -n "$missing" ]; then
    say "apt-get install$missing"
    $sudo apt-get update -q
    # shellcheck disable=SC2086  # the list is meant to split
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    say "$APT_PACKAGES already installed"
fi
for program in /usr/bin/chromium /usr/bin/rg node npm; do
    command -v "$program" >/dev/null || fail "$program is missing after the install"
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || fail "code-server $CODE_SERVER_VERSION needs node 20, found node $(node --version)"

# --- code-server and playwright-core ----------------------------------------------------
if [ -f "$STAMP" ] && [ -x "$CACHE/node_modules/.bin/code-server" ] \
    && [ -f "$CACHE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
    say "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION already in $CACHE"
else
    say "installing code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION into $CACHE (about a minute)"
    rm -rf "$CACHE"
    mkdir -p "$CACHE/tmp"
    # @vscode/ripgrep downloads rg from a host that is not reachable; it first looks for
    # the download in $TMPDIR/vscode-ripgrep-cache-VERSION/, so put Debian's rg there.
    mkdir -p "$CACHE/tmp/$RIPGREP_CACHE_NAME" "$CACHE/tmp/rg"
    cp /usr/bin/rg "$CACHE/tmp/rg/rg"
    tar -czf "$CACHE/tmp/$RIPGREP_CACHE_NAME/$RIPGREP_ASSET" -C "$CACHE/tmp/rg" rg
    cat >"$CACHE/package.json" <<EOF
{
  "name": "cicadraft-vscode-e2e",
  "private": true,
  "description": "code-server and playwright-core for tests/e2e/test_vscode.py (made by scripts/install-vscode-test.sh)"
}
EOF
    # npm 11 here runs no install script of a dependency unless allowed, and code-server's
    # (postinstall: npm install of VS Code's own modules, native ones built from source)
    # refuses to run as root without unsafe-perm.
    (
        cd "$CACHE"
        export TMPDIR="$CACHE/tmp"
        export npm_config_dangerously_allow_all_scripts=true
        export npm_config_unsafe_perm=true
        export npm_config_yes=true
        export npm_config_fund=false
        export npm_config_audit=false
        export npm_config_update_notifier=false
        export npm_config_cache="$CACHE/npm-cache"
        npm install --loglevel=warn --foreground-scripts \
            "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
    ) || fail "npm install of code-server failed (see above)"
    rg_bin="$CACHE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
    [ -x "$rg_bin" ] || fail "code-server's postinstall did not run or did not place rg ($rg_bin is missing)"
    "$CACHE/node_modules/.bin/code-server" --version >/dev/null || fail "code-server does not start"
    # The npm cache and the ripgrep tarball are only needed while installing.
    rm -rf "$CACHE/npm-cache" "$CACHE/tmp"
    touch "$STAMP"
fi
say "code-server $("$CACHE/node_modules/.bin/code-server" --version | head -n 1 | cut -d" " -f1), playwright-core $(node -p "require('$CACHE/node_modules/playwright-core/package.json').version"), $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

# --- the extension ------------------------------------------------------------------------
CLIENT="$REPO/vscode-client"
VSIX="$CLIENT/cicadraft.vsix"
cd "$CLIENT"
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    say "vscode-client/node_modules up to date with package-lock.json"
else
    say "npm ci in vscode-client"
    npm ci --loglevel=warn --no-fund --no-audit
fi
# Rebuild the .vsix when it is missing or older than anything that goes into it.
newer=""
if [ -f "$VSIX" ]; then
    newer=$(find src package.json package-lock.json esbuild.mjs tsconfig.json language-configuration.json \
        README.md CHANGELOG.md LICENSE .vscodeignore scripts "$REPO/grammar/cicadraft.tmLanguage.json" \
        -newer "$VSIX" -print -quit 2>/dev/null || true)
fi
if [ -f "$VSIX" ] && [ -z "$newer" ]; then
    say "vscode-client/cicadraft.vsix up to date"
else
    say "npm run package in vscode-client${newer:+ ($newer changed)}"
    npm run --silent package
    [ -f "$VSIX" ] || fail "npm run package made no $VSIX"
fi
say "done in $(($(date +%s) - started)) s: $VSIX ($(du -h "$VSIX" | cut -f1)), code-server in $CACHE"
