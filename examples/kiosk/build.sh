#!/usr/bin/env bash
# Build a poh C firmware image for one board with Debian's gcc-arm-none-eabi and newlib
# (nano specs), linked against libpoh.a (poh-ffi without std, for the board's target).
#
#   examples/kiosk/build.sh BOARD OUT.elf [-DNAME ...] SOURCE.c [SOURCE.c ...]
#
# BOARD is m0 (thumbv6m-none-eabi, QEMU microbit) or m4 (thumbv7em-none-eabihf, QEMU
# mps2-an386, with the speed tables). Writes OUT.elf and OUT.map (the linker map). The C
# is compiled -std=c99 -Wall -Wextra -Wpedantic -Werror against include/poh.h.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
board="$1"
out="$2"
shift 2
case "$board" in
m0)
    target=thumbv6m-none-eabi
    cpu=(-mcpu=cortex-m0 -mthumb -mfloat-abi=soft)
    uart=uart_nrf51.c
    features=()
    ;;
m4)
    target=thumbv7em-none-eabihf
    cpu=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
    uart=uart_cmsdk.c
    # The M4 has the flash for the compiler-built tables: both code paths are exercised.
    # (`explain`, the error details, stays off on both boards: docs/EMBEDDING.md.)
    features=(--features speed-tables)
    ;;
*)
    echo "build.sh: BOARD must be m0 or m4, not $board" >&2
    exit 2
    ;;
esac

# libpoh.a: the same crate and header as the host library, without `std`. Built as a
# staticlib alone: with the manifest's other crate types (rlib) rustc skips LTO, which
# leaves core::fmt and every crate's unused code in the image (about 19 KiB more on the
# Cortex-M0). Paths in panic locations are remapped so that sizes do not depend on where
# the checkout is.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
target_dir="$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
(cd "$repo" && RUSTFLAGS="--remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$repo=/poh" \
    cargo rustc -q -p poh-ffi --lib --crate-type staticlib --no-default-features "${features[@]}" \
    --target "$target" --profile embedded)
lib="$target_dir/$target/embedded/libpoh.a"
[ -f "$lib" ] || { echo "build.sh: $lib was not built" >&2; exit 1; }

# The C library's memory functions, not compiler_builtins': Rust's are weak and written for
# speed (about 1.5 KiB on the Cortex-M0), newlib nano's are small. Listing them as undefined
# before libc is searched, ahead of libpoh.a, makes the linker take newlib's.
libc_mem=(memcpy memmove memset __aeabi_memcpy __aeabi_memcpy4 __aeabi_memcpy8 __aeabi_memmove
    __aeabi_memmove4 __aeabi_memmove8 __aeabi_memset __aeabi_memset4 __aeabi_memset8
    __aeabi_memclr __aeabi_memclr4 __aeabi_memclr8)
mkdir -p "$(dirname "$out")"
arm-none-eabi-gcc "${cpu[@]}" -std=c99 -Os -g -Wall -Wextra -Wpedantic -Werror \
    -ffunction-sections -fdata-sections -I"$repo/include" -I"$here/board" \
    --specs=nano.specs --specs=nosys.specs -nostartfiles \
    -L"$here/board" -T"$here/board/$board.ld" -Wl,--gc-sections -Wl,--no-warn-execstack -Wl,-Map="${out%.elf}.map" \
    -o "$out" "$here/board/startup.c" "$here/board/$uart" "$@" \
    "${libc_mem[@]/#/-Wl,-u,}" -lc "$lib"
