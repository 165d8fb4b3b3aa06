#!/usr/bin/env bash
# Install libpoh (static and shared), include/poh.h and poh.pc into PREFIX.
#   ffi-c/install.sh PREFIX [static|shared|both]   (default: both; run from anywhere)
# Builds the release library first. Libs.private in poh.pc is what rustc reports as the
# native libraries a static link needs (--print native-static-libs) on this platform.
set -euo pipefail
# The target directory as every script finds it (tools/sh/harness.sh: cargo metadata).
# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
root="$POH_ROOT"
prefix="${1:?usage: ffi-c/install.sh PREFIX [static|shared|both]}"
kind="${2:-both}"
cd "$root"
target="$POH_TARGET"
native="$(cargo rustc -q --release -p poh-ffi --lib --crate-type staticlib -- --print native-static-libs 2>&1 \
  | sed -n 's/.*native-static-libs: //p' | tail -n 1)"
cargo build -q --release -p poh-ffi
[ -n "$native" ] || { echo "install.sh: rustc printed no native-static-libs" >&2; exit 1; }
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
cp include/poh.h "$prefix/include/"
case "$kind" in
  static) cp "$target/release/libpoh.a" "$prefix/lib/" ;;
  shared) cp "$target/release/libpoh.so" "$prefix/lib/" ;;
  both) cp "$target/release/libpoh.a" "$target/release/libpoh.so" "$prefix/lib/" ;;
  *) echo "install.sh: unknown kind $kind" >&2; exit 2 ;;
esac
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" -e "s|@NATIVE_STATIC_LIBS@|$native|" \
  ffi-c/poh.pc.in > "$prefix/lib/pkgconfig/poh.pc"
echo "installed poh $version ($kind) into $prefix"
