#!/bin/sh
# Pulls a whole Assets to SQL export to stdout, following X-Next-Cursor until the last chunk.
#
#   A2S_KEY=a2s_… scripts/pull.sh <pull endpoint URL> <export id> <postgresql|mysql|sqlserver|sqlite> [since]
#   A2S_KEY=a2s_… scripts/pull.sh "$URL" exp-1234abcd sqlite | sqlite3 assets.sqlite
#
# `since` (ISO 8601, e.g. 2025-01-17T12:34:00Z) pulls only objects updated since then (no deletions).
# The key is passed to curl in a header file, never on the command line. 429/503 answers are retried by curl,
# honouring Retry-After; any other error stops the script with the JSON error on stderr and exit status 1.
set -eu

if [ "$#" -lt 3 ] || [ "$#" -gt 4 ]; then
  echo "usage: A2S_KEY=a2s_… $0 <url> <export id> <dialect> [since]" >&2
  exit 2
fi
: "${A2S_KEY:?set A2S_KEY to the API key}"
url=$1
export_id=$2
dialect=$3
since=${4:-}

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
printf 'Authorization: Bearer %s\n' "$A2S_KEY" > "$work/auth"

cursor=
while :; do
  set -- --data-urlencode "export=$export_id" --data-urlencode "dialect=$dialect"
  if [ -n "$since" ]; then set -- "$@" --data-urlencode "since=$since"; fi
  if [ -n "$cursor" ]; then set -- "$@" --data-urlencode "cursor=$cursor"; fi
  status=$(curl --silent --show-error --get --retry 5 --max-time 120 \
    -H "@$work/auth" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$@" "$url")
  if [ "$status" != 200 ]; then
    echo "pull failed with HTTP $status:" >&2
    cat "$work/body" >&2
    echo >&2
    exit 1
  fi
  cat "$work/body"
  cursor=$(tr -d '\r' < "$work/headers" | grep -i '^x-next-cursor:' | tail -n 1 | cut -d: -f2- | tr -d ' ')
  if [ -z "$cursor" ]; then break; fi
done
