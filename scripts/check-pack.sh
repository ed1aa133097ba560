#!/usr/bin/env bash
# Installs the package the way a user does — `npm pack`, then `npm install -g` of the tarball into an empty prefix —
# and runs the installed `trailwise`: --help, and an evaluation of the example snapshot shipped in the package.
# Needs the npm registry (the package's dependencies are installed like any user's). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" >/dev/null   # `prepare` builds dist/cli.js first
tarball=$(ls "$work"/trailwise-*.tgz)
npm install --global --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$tarball" >/dev/null

trailwise="$work/prefix/bin/trailwise"
cd "$work"   # away from the checkout: the installed package must find its own policies
"$trailwise" --version
"$trailwise" --help | grep -q '^Usage: trailwise'
package="$work/prefix/lib/node_modules/trailwise"
set +e
"$trailwise" evaluate --snapshot "$package/examples/snapshots/neglected-account.json" --format json --output "$work/report.json" 2>"$work/stderr"
status=$?
set -e
[ "$status" -eq 1 ] || { cat "$work/stderr"; echo "check-pack: expected the neglected account to fail the gate (exit 1), got $status"; exit 1; }
grep -q 'gate failed' "$work/stderr"
node -e 'const r = require(process.argv[1]); if (r.tool !== "trailwise" || !r.gate || r.gate.passed) process.exit(1);' "$work/report.json"
echo "check-pack: $(basename "$tarball") installs globally and runs on Node $(node --version)"
