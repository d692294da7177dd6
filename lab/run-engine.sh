#!/bin/sh
# Starts `engine fake-portal` and `engine run` for the live checks (lab/README.md), both in the background, with
# their output and the portal's journal in LAB_DIR (default /tmp/switchboard-lab). Run from the repository.
set -eu
lab=${LAB_DIR:-/tmp/switchboard-lab}
mkdir -p "$lab/rules"
cp rules/*.yaml lab/rules/*.yaml "$lab/rules/"
sed "s|@LAB_DIR@|$lab|g" lab/engine.yaml >"$lab/engine.yaml"
engine=${ENGINE:-.build/debug/engine}
$engine fake-portal --contact 79161234567:12 --contact 79165550000:12 --journal "$lab/journal.jsonl" \
  --url-file "$lab/webhook" >"$lab/portal.log" 2>&1 &
echo $! >"$lab/portal.pid"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$lab/webhook" ] && break; sleep 1; done
AMI_SECRET=${AMI_SECRET:?set AMI_SECRET} B24_WEBHOOK_URL=$(cat "$lab/webhook") \
  B24_APP_TOKEN=${B24_APP_TOKEN:-lab-token} $engine run --config "$lab/engine.yaml" --log-level info \
  >"$lab/engine.log" 2>&1 &
echo $! >"$lab/engine.pid"
echo "portal $(cat "$lab/webhook"), engine pid $(cat "$lab/engine.pid"), logs in $lab"
