#!/usr/bin/env bash
# Same bytes, same run: `engine bench ami` (release build) against panoramisk's parser, best of N rounds each.
# Not part of CI. Needs panoramisk in a Python environment:
#   python3 -m venv /tmp/pano && /tmp/pano/bin/pip install --no-deps panoramisk
# Usage: bench/ami_vs_panoramisk.sh [PYTHON] [ROUNDS] CAPTURE...
#   e.g. bench/ami_vs_panoramisk.sh /tmp/pano/bin/python 5 ../shared/ami-captures/asterisk22/answered.ami
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}; shift || true
rounds=${1:-5}; shift || true
swift build -c release --scratch-path .build-release --product engine >/dev/null
engine=.build-release/release/engine
best() { sort -n | tail -1; }
for capture in "$@"; do
  swift_rates=(); python_rates=()
  for _ in $(seq "$rounds"); do
    python_rates+=("$("$python" bench/panoramisk_decode.py "$capture" --repeat 100 | awk '/events\/s/{print $2}')")
    swift_rates+=("$("$engine" bench ami "$capture" --repeat 1000 | awk '/events\/s/{print $2}')")
  done
  p=$(printf '%s\n' "${python_rates[@]}" | best)
  s=$(printf '%s\n' "${swift_rates[@]}" | best)
  awk -v c="$capture" -v p="$p" -v s="$s" \
    'BEGIN { printf "%s: panoramisk %d events/s, Switchboard %d events/s, ratio %.1fx\n", c, p, s, s / p }'
done
