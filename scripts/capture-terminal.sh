#!/usr/bin/env bash
# Regenerates the screen captures of docs/terminal-report.md from a real pseudo-terminal: the built CLI runs in tmux
# sessions of 80×24 and 120×40, keys are sent as a user types them, and each screen is read back with
# `tmux capture-pane`. It also checks that the explorer never clears the terminal's scrollback (the lines printed
# before it must still be in the history after every key). Needs tmux. The section about collection progress is kept
# from the document as it is (it is made from simulated events, not from a terminal).
#   bash scripts/capture-terminal.sh            rewrites docs/terminal-report.md
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "capture-terminal: tmux is needed (apt-get install tmux)"; exit 2; }
node scripts/build.mjs --cli-only >/dev/null
snapshot=examples/snapshots/neglected-account.json
work=$(mktemp -d)
session="trailwise-capture-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

# capture NAME COLUMNS ROWS KEY... : one screen after the keys, into $work/NAME.txt
capture() {
  local name=$1 columns=$2 rows=$3
  shift 3
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux new-session -d -s "$session" -x "$columns" -y "$rows" \
    "seq -f 'history line %g' 1 300; NO_COLOR=1 TERM=xterm-256color node dist/cli.js evaluate --snapshot $snapshot --fail-on none; sleep 600"
  for _ in $(seq 1 100); do
    tmux capture-pane -p -t "$session" | grep -q 'q quit' && break
    sleep 0.2
  done
  for key in "$@"; do
    tmux send-keys -t "$session" "$key"
    sleep 0.4
  done
  tmux capture-pane -p -t "$session" | sed -e 's/[[:space:]]*$//' > "$work/$name.txt"
  # The explorer draws in place: what the terminal showed before it is still in the scrollback.
  if ! tmux capture-pane -p -S - -t "$session" | grep -q '^history line 300$'; then
    echo "capture-terminal: the scrollback was cleared while capturing $name" >&2
    exit 1
  fi
  tmux kill-session -t "$session"
}

capture list-80x24 80 24
capture filter-80x24 80 24 f Right Right
capture details-80x24 80 24 Down Enter
capture details-scrolled-80x24 80 24 Down Enter Down Down Down Down Down Down Down Down
capture list-120x40 120 40
capture details-120x40 120 40 Down Enter

printed=$(NO_COLOR=1 node dist/cli.js evaluate --snapshot "$snapshot" --format text --fail-on none 2>/dev/null | cat)
progress=$(sed -n '/^## While collecting/,$p' docs/terminal-report.md)

screen() { printf '```text\n%s\n```\n' "$(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/$1.txt")"; }

{
  cat <<'DOC'
# What the terminal report looks like

Captures of trailwise in a real terminal (tmux), made by `bash scripts/capture-terminal.sh` from the built CLI; run it
again after a change to the report and commit the result. In a real terminal the gauges, severities and statuses are
coloured (colour is off with `NO_COLOR` or `--no-color`, and always off in a pipe, a file or with `TERM=dumb`).

## The result (`trailwise evaluate`, `scan`, `audit`)

In a terminal (a TTY, `CI` not set, `TERM` not `dumb`) the result is interactive: **↑/↓** move through the failing
rules and then the rules that could not be checked, **Enter** opens one, **Esc** goes back, **f** filters by severity,
pillar or account (**←/→** change a field, **↑/↓** move between fields, **x** clears the filter), **a** shows the
per-account table of an org audit, **q** quits. The frame always fits the terminal: only the rows that fit are drawn,
the filter takes one line, and an opened rule scrolls by line. The explorer draws in place and never clears the
terminal's scrollback (the script checks it after every key).

`trailwise evaluate --snapshot examples/snapshots/neglected-account.json` in an 80×24 terminal:

DOC
  screen list-80x24
  printf '\n**f**, then **→** twice (the severity filter set to `high`):\n\n'
  screen filter-80x24
  printf '\n**↓** then **Enter** opens a rule: every failing resource with its account, region and message, then the fix. A\n'
  printf 'command goes under its label, wrapped between arguments so that the lines can be pasted into a shell as they are\n'
  printf '(a line that continues ends with ` \\`, a JSON argument breaks only between its values); what to know before running\n'
  printf 'it is in **Note**:\n\n'
  screen details-80x24
  printf '\nThe details scroll by line with **↓**:\n\n'
  screen details-scrolled-80x24
  printf '\nThe same in a 120×40 terminal:\n\n'
  screen list-120x40
  printf '\n'
  screen details-120x40
  cat <<'DOC'

## The same result printed once (pipes, files, CI logs, `TERM=dumb`, `--format text`)

Without a TTY, with `CI` set or with `TERM=dumb`, the same content is printed once: the header, every failing rule in
a table, each failing rule expanded (up to 10 resources a rule, then "… N more"), what could not be checked with what
to do about it, the suppressed findings with their justification, and, for an org audit, the accounts lowest score
first and the rules that fail in the most accounts. ARNs too long for their column are shortened in the middle;
commands are never cut.

`trailwise evaluate --snapshot examples/snapshots/neglected-account.json --format text | cat` (100 columns in a pipe):

<details>
DOC
  printf '<summary>The whole output (%s lines)</summary>\n\n```text\n%s\n```\n\n</details>\n\n' "$(printf '%s\n' "$printed" | wc -l)" "$printed"
  printf '%s\n' "$progress"
} > docs/terminal-report.md.new
mv docs/terminal-report.md.new docs/terminal-report.md
echo "capture-terminal: docs/terminal-report.md rewritten"
