#!/usr/bin/env bash
# Install libpoh (static and shared), include/poh.h and pkg-config files into PREFIX.
#   ffi-c/install.sh PREFIX [static|shared|both]   (default: both; run from anywhere)
# Builds the release library first, and prints each step as it goes.
#
# pkg-config files:
#   static, both: lib/pkgconfig/poh.pc links the static library (-l:libpoh.a, so a
#     libpoh.so beside it is never picked); Libs.private is what rustc reports as the
#     native libraries a static link needs (--print native-static-libs): link with
#     `pkg-config --static --libs poh`.
#   shared: lib/pkgconfig/poh.pc links libpoh.so, with an rpath to PREFIX/lib so the
#     program finds it at run time; both: the same file as poh-shared.pc.
set -euo pipefail
# The target directory as every script finds it (tools/sh/harness.sh: cargo metadata).
# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
root="$POH_ROOT"
prefix="${1:?usage: ffi-c/install.sh PREFIX [static|shared|both]}"
kind="${2:-both}"
case "$kind" in
  static | shared | both) ;;
  *) echo "install.sh: unknown kind $kind (static, shared or both)" >&2; exit 2 ;;
esac
step() { echo "install.sh: $*"; }
cd "$root"
target="$POH_TARGET"
step "building the release library (cargo build --release -p poh-ffi; the first build takes a minute)"
native="$(cargo rustc -q --release -p poh-ffi --lib --crate-type staticlib -- --print native-static-libs 2>&1 \
  | sed -n 's/.*native-static-libs: //p' | tail -n 1)"
cargo build -q --release -p poh-ffi
[ -n "$native" ] || { echo "install.sh: rustc printed no native-static-libs" >&2; exit 1; }
step "native libraries a static link needs: $native"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
step "copying include/poh.h to $prefix/include/"
cp include/poh.h "$prefix/include/"
pc() { # pc OUT LIBS: write a pkg-config file from ffi-c/poh.pc.in
  sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" -e "s|@LIBS@|$2|" \
    -e "s|@NATIVE_STATIC_LIBS@|$native|" ffi-c/poh.pc.in >"$1"
  step "writing $1 (Libs: $2)"
}
static_libs='-L${libdir} -l:libpoh.a'
shared_libs='-L${libdir} -Wl,-rpath,${libdir} -lpoh'
if [ "$kind" != shared ]; then
  step "copying libpoh.a to $prefix/lib/"
  cp "$target/release/libpoh.a" "$prefix/lib/"
  pc "$prefix/lib/pkgconfig/poh.pc" "$static_libs"
fi
if [ "$kind" != static ]; then
  step "copying libpoh.so to $prefix/lib/"
  cp "$target/release/libpoh.so" "$prefix/lib/"
  if [ "$kind" = shared ]; then
    pc "$prefix/lib/pkgconfig/poh.pc" "$shared_libs"
  else
    pc "$prefix/lib/pkgconfig/poh-shared.pc" "$shared_libs"
  fi
fi
step "installed poh $version ($kind) into $prefix"
