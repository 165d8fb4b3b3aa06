#!/usr/bin/env bash
# Build the C kiosk (kiosk.c) for one board with the patient texts of one table.
#
#   examples/kiosk/build_kiosk.sh BOARD OUT.elf [TABLE.tsv]
#
# TABLE defaults to examples/kiosk/texts/en.tsv; its C goes next to OUT.elf.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
board="$1"
out="$2"
table="${3:-$here/texts/en.tsv}"
mkdir -p "$(dirname "$out")"
python3 "$here/texts.py" "$table" "${out%.elf}_texts.c"
"$here/build.sh" "$board" "$out" "-I$here" "$here/kiosk.c" "${out%.elf}_texts.c"
