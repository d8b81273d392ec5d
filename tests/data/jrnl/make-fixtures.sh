#!/bin/sh
# Regenerates the jrnl fixtures of this folder with the real jrnl program.
# Usage: sh tests/data/jrnl/make-fixtures.sh [PATH_TO_JRNL]   (see README.md)
set -eu

JRNL=${1:-/tmp/jrnlvenv/bin/jrnl}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" NO_COLOR=1
mkdir -p "$XDG_CONFIG_HOME/jrnl"

write_config() {  # $1: config file, $2: journal file, $3: timeformat
    cat > "$1" <<YAML
colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: $2
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '$3'
version: v4.6
YAML
}

# --- journal 1: jrnl's default timeformat -------------------------------------------------
C1="$XDG_CONFIG_HOME/jrnl/jrnl.yaml"
write_config "$C1" "$WORK/journal.txt" '%Y-%m-%d %H:%M'
j() { "$JRNL" --config-file "$C1" "$@"; }

j "2026-10-05 18:40: First week on the billing queue. The team was patient with all my questions @billing @first-week" </dev/null

printf '%s\n' \
  '2026-10-06 19:05: Long call about a café gift voucher.' \
  'Zoë had bought it for her father and the café had closed. Her question sounded naïve at first,' \
  'but she had read the terms more closely than I had.' \
  '' \
  'I slowed down, read the clause aloud with her, and we found the refund route together. @vouchers @Refunds' \
  | j

printf '%s\n' \
  '2026-10-08 18:15: *Refund escalation handled without a supervisor.' \
  'Challenge: A customer had waited six weeks for a refund and opened with a threat to cancel.' \
  'Grateful: It walked me through the whole refund workflow, end to end.' \
  'Kindness: I called him back after my shift to confirm the money had landed.' \
  'Lesson: Say sorry once, then show the fix. @refunds' \
  | j

printf '%s\n' \
  '2026-10-12 20:30: Night shift notes' \
  '## Challenge' \
  'Three chats at once while the status page was down.' \
  '' \
  '## Grateful' \
  'A tier-two colleague shared her macro for outage replies.' \
  '' \
  '## Kindness' \
  'I covered the last hour of the queue so a teammate could catch her bus.' \
  '' \
  '## Lesson' \
  'One honest outage message beats ten custom ones. #outage' \
  | j

printf '%s\n' \
  '2026-10-12 22:10: quick one before logging off' \
  'The tools fought me all evening.' \
  '' \
  'challenge: the chat widget kept logging customers out' \
  'grateful for: patient customers who typed everything twice' \
  'lesson learned: report the bug with timestamps, not feelings @tools' \
  | j

printf '%s\n' \
  '2026-10-20 18:00: Callback list cleared.' \
  '[ticket 4411] finally closed after three transfers.' \
  'Kindness: I wrote the customer a summary so she never has to explain it again. #callbacks' \
  | j

j "2026-11-02 18:45: Quiet Monday. Mostly password resets; I used the time to update two help articles @knowledge-base" </dev/null

j "2026-11-03 19:20: A customer thanked me by name in the survey, first time ever. *" </dev/null

printf '%s\n' \
  '2026-11-10 23:55: Late shift, end of the month rush.' \
  '### Challenge' \
  'Forty chats about the same billing error; the fortieth person was as upset as the first 😅' \
  '### Gratitude' \
  "Grateful for the team lead's snack drawer and for customers who say “no rush”." \
  '### Lessons' \
  '- copy the known-issue text into the first reply' \
  '- breathe before each new chat @billing @month-end' \
  | j

printf '%s\n' \
  '2026-11-11 00:20: Could not sleep, so one more thought.' \
  'The hardest part of the day was saying no to a refund I could not approve.' \
  'It still feels heavy. Maybe write to the team lead tomorrow. @refunds' \
  | j

j --format json > "$HERE/jrnl-export.json"
cp "$WORK/journal.txt" "$HERE/journal.txt"

# --- journal 2: a 12-hour clock (timeformat '%Y-%m-%d %I:%M %p') --------------------------
C2="$WORK/config/jrnl-12h.yaml"
write_config "$C2" "$WORK/journal-12h.txt" '%Y-%m-%d %I:%M %p'
k() { "$JRNL" --config-file "$C2" "$@"; }

k "2026-11-12 09:05: Morning shift for a change. Coffee helps @early" </dev/null
printf '%s\n' \
  '2026-11-12 12:15: Lunch-hour spike.' \
  'Challenge: a queue of twenty-two at noon.' \
  'Kindness: I swapped my break so a new starter could eat first.' \
  | k
k "2026-11-13 00:30: Just after midnight. Logged the outage timeline while it was fresh @outage" </dev/null
printf '%s\n' \
  '2026-11-13 17:45: *Closed the week with zero open tickets.' \
  'Lesson: batching the follow-ups at 4pm keeps the evening calm.' \
  | k
cp "$WORK/journal-12h.txt" "$HERE/journal-12h.txt"
k --format json > "$HERE/jrnl-12h-export.json"

"$JRNL" --version > "$WORK/version.txt"
head -n 1 "$WORK/version.txt" > "$HERE/jrnl-version.txt"
chmod 644 "$HERE"/journal.txt "$HERE"/journal-12h.txt "$HERE"/*.json
