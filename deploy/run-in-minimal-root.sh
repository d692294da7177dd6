#!/usr/bin/env bash
# Runs `engine demo` in a root folder that holds only the engine binary, the shared libraries `ldd` lists for it,
# the bundled rules and the demo's recorded call (and the kernel's /proc and /sys): proof the binary built with
# --static-swift-stdlib needs no Swift toolchain.
#
#   deploy/build-release.sh
#   sudo deploy/run-in-minimal-root.sh .build/release/engine
#
# Needs root (chroot, mount). Prints the binary's size, its `ldd`, every file of the root, then the demo's output.
set -euo pipefail
binary=${1:?usage: $0 path/to/engine}
repo=$(cd "$(dirname "$0")/.." && pwd)
root=$(mktemp -d /tmp/engine-root.XXXXXX)
trap 'umount "$root/proc" "$root/sys" 2>/dev/null || true; rm -rf "$root"' EXIT

echo "binary: $binary, $(stat -c %s "$binary") bytes"
ldd "$binary"
install -D -m 0755 "$binary" "$root/usr/local/bin/engine"
# Every library ldd resolves, and the dynamic loader, at the same paths.
for library in $(ldd "$binary" | grep -oE '/[^ ]+'); do
  install -D -m 0755 "$(readlink -f "$library")" "$root$library"   # the loader must be executable
done
mkdir -p "$root/tmp" "$root/dev" "$root/proc" "$root/sys" "$root/demo/captures"
chmod 1777 "$root/tmp"
mknod -m 0666 "$root/dev/null" c 1 3
mknod -m 0444 "$root/dev/urandom" c 1 9
cp -r "$repo/rules" "$root/demo/rules"
cp "$repo/captures/answered.ami" "$root/demo/captures/answered.ami"

mount -t proc proc "$root/proc"   # the CPU count and /proc/self/exe, as on any Linux machine
mount -t sysfs sysfs "$root/sys"
echo "the root holds (besides /proc and /sys):"
(cd "$root" && find . -path ./proc -prune -o -path ./sys -prune -o -type f -print | sort)
echo
chroot "$root" /usr/local/bin/engine demo --rules /demo/rules --capture /demo/captures/answered.ami --speed 50
