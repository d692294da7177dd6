#!/usr/bin/env bash
# Runs `engine demo` in a root folder that holds only the engine binary, the shared libraries `ldd` lists for it,
# the bundled rules and the demo's recorded call: proof the release binary needs no Swift toolchain.
#
#   swift build -c release --static-swift-stdlib --product engine
#   sudo deploy/run-in-minimal-root.sh .build/release/engine
#
# Needs root (chroot). Prints the binary's size, its `ldd`, every file of the root, then the demo's output.
set -euo pipefail
binary=${1:?usage: $0 path/to/engine}
repo=$(cd "$(dirname "$0")/.." && pwd)
root=$(mktemp -d /tmp/engine-root.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "binary: $binary, $(stat -c %s "$binary") bytes"
ldd "$binary"
install -D -m 0755 "$binary" "$root/usr/local/bin/engine"
# Every library ldd resolves, and the dynamic loader, at the same paths.
for library in $(ldd "$binary" | grep -oE '/[^ ]+'); do
  install -D -m 0644 "$(readlink -f "$library")" "$root$library"
done
mkdir -p "$root/tmp" "$root/dev" "$root/demo/captures"
chmod 1777 "$root/tmp"
mknod -m 0666 "$root/dev/null" c 1 3
mknod -m 0444 "$root/dev/urandom" c 1 9
cp -r "$repo/rules" "$root/demo/rules"
cp "$repo/captures/answered.ami" "$root/demo/captures/answered.ami"

echo "the root holds:"
(cd "$root" && find . -type f | sort)
echo
chroot "$root" /usr/local/bin/engine demo --rules /demo/rules --capture /demo/captures/answered.ami --speed 50
