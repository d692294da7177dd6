#!/usr/bin/env bash
# The release binary: one `engine` with the Swift runtime and Foundation linked in (--static-swift-stdlib). With
# Swift 6.3 on Linux the static Foundation libraries' own dependencies must be named for the linker, in this order.
# Prints the binary's path, size and runtime dependencies (ldd).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-release}
foundation=(CoreFoundation _FoundationICU _FoundationCShims _FoundationCollections FoundationEssentials
  CoreFoundation _FoundationICU _FoundationCShims)
static="$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift_static/linux"
flags=(-c "$configuration" --static-swift-stdlib --product engine)
for library in "${foundation[@]}"; do
  # Only the libraries this toolchain has (older ones link them by themselves).
  if [ -e "$static/lib$library.a" ]; then flags+=(-Xlinker "-l$library"); fi
done
swift build "${flags[@]}"
binary="$(swift build -c "$configuration" --static-swift-stdlib --show-bin-path)/engine"
echo "$binary: $(stat -c %s "$binary") bytes"
ldd "$binary"
