#!/usr/bin/env bash
# The main job on the bundled samples:
#  1. normalizes every identity of samples/identities.txt with
#     `leadroster normalize` (input -> normalized value, or the error code);
#  2. checks samples/crm-export.csv (CRM headers, mapped by the engine) with
#     `leadroster check`;
#  3. plans each provider's sample with `leadroster plan --format report`:
#     one line per invalid or duplicate row, the ok count, the requests and
#     the summary;
#  4. starts the local emulator (`leadroster emulate`, 127.0.0.1, a free port,
#     stopped on exit), pushes the sendpilot, reached and puffle samples to it
#     with `leadroster push`, and prints what the emulator then holds next to
#     each push summary.
# Assumes the engine is built (npm/dist; see scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f npm/dist/leadroster.wasm ]; then
  echo "npm/dist is missing: run bash scripts/build.sh first" >&2
  exit 1
fi

cli() { node npm/cli.mjs "$@"; }

echo "== leadroster $(cli --version): normalizing samples/identities.txt"
# Each line: <kind>[:<default country>] TAB <value as pasted>. Every identity
# goes through `leadroster normalize`; one node call then prints the table:
#   kind[:CC]  "input"  ->  normalized value | code: message
results=$(mktemp)
work=$(mktemp -d)
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null
  rm -rf "$results" "$work"
}
trap cleanup EXIT
while IFS=$'\t' read -r spec value || [ -n "${spec:-}" ]; do
  case "$spec" in '' | '#'*) continue ;; esac
  kind=${spec%%:*}
  cc=
  [ "$spec" != "$kind" ] && cc=${spec#*:}
  if [ -n "$cc" ]; then
    out=$(cli normalize --default-country "$cc" -- "$kind" "$value")
  else
    out=$(cli normalize -- "$kind" "$value")
  fi
  hex=$(printf '%s' "$value" | od -An -tx1 | tr -d ' \n') # hex: keeps padding and tabs intact
  printf '%s\t%s\t%s\n' "$spec" "$hex" "$out" >>"$results"
done < samples/identities.txt
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  for (const line of lines) {
    const [spec, hex, out] = line.split("\t");
    const input = Buffer.from(hex, "hex").toString("utf8");
    const r = JSON.parse(out);
    const res = r.ok ? r.value : `${r.code}: ${r.message}`;
    console.log(`  ${spec.padEnd(9)} ${JSON.stringify(input).padEnd(72)} -> ${res}`);
  }
' "$results"

# A CRM export with its own headers (First Name, Email Address, LinkedIn Profile,
# Country...) checked as is: exit 1 means some rows are invalid or duplicate.
echo
echo "== check: samples/crm-export.csv (a CRM export, no renaming) for reached"
cli check samples/crm-export.csv --provider reached --default-country US || [ $? -eq 1 ]

plan() {
  echo
  echo "== plan: $1"
  shift
  cli plan --format report "$@"
}

plan "magnetite (CSV with nested company.* / contact.* columns, UTF-8 BOM)" \
  --provider magnetite --campaign-id cmp_magnetite_demo samples/magnetite.csv
plan "sendpilot (JSON, LinkedIn identities, flat custom fields)" \
  --provider sendpilot --campaign-id camp_xyz789 samples/sendpilot.json
plan "reached (CSV, CRLF, phones with a country column)" \
  --provider reached --campaign-id c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f samples/reached.csv
plan "sendkit (NDJSON, leadId or email)" \
  --provider sendkit --campaign-id example_string samples/sendkit.ndjson
plan "puffle (JSON, LinkedIn campaign)" \
  --provider puffle --channel linkedin --campaign-id 7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918 samples/puffle.json

echo
echo "== push: the samples to the local emulator (leadroster emulate)"
# A throwaway key: the emulator accepts it, push reads it from the environment.
export LEADROSTER_API_KEY="demo_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
REACHED_ID=c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f
PUFFLE_ID=7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918
LEADROSTER_EMULATOR_KEYS="$LEADROSTER_API_KEY" node npm/cli.mjs emulate --port 0 \
  --campaign sendpilot:camp_xyz789 --campaign "reached:$REACHED_ID" --campaign "puffle:$PUFFLE_ID:draft:linkedin" \
  >"$work/emulator.out" 2>&1 &
emu_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/emulator.out" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/emulator.out" >&2; exit 1; }
echo "emulator: $url"

push() {
  local provider=$1 campaign=$2 file=$3
  shift 3
  echo
  echo "-- push $file -> $provider campaign $campaign"
  # exit 1 = some rows invalid (the samples have some on purpose)
  cli push "$file" --provider "$provider" --campaign-id "$campaign" --base-url "$url" \
    --journal "$work/$provider.journal.ndjson" --yes "$@" || [ $? -eq 1 ]
  node -e '
    const [url, id] = process.argv.slice(1);
    fetch(url + "/_emulator/state?leads=1", { headers: { Authorization: "Bearer " + process.env.LEADROSTER_API_KEY } }).then((r) => r.json()).then((s) => {
      const c = s.campaigns.find((x) => x.id === id);
      console.log(`emulator holds ${c.count} leads in ${c.provider} campaign ${c.id}:`);
      for (const l of c.leads) console.log("  " + (l.linkedinUrl || l.linkedin_url || l.phone || l.email || "lead_id " + l.lead_id));
    });
  ' "$url" "$campaign"
}
push sendpilot camp_xyz789 samples/sendpilot.json
push reached "$REACHED_ID" samples/reached.csv
push puffle "$PUFFLE_ID" samples/puffle.json --channel linkedin
cli report "$work/reached.journal.ndjson"
