"""Execute py/examples/cohort.ipynb with nbclient (what py/run_tests.sh runs, twice).

    python py/examples/run_notebook.py --out FILE [--cwd DIR]   # executed copy to FILE
    python py/examples/run_notebook.py --in-place               # rewrite the committed notebook

``--cwd`` is the kernel's working directory (default: the notebook's own directory, as
Jupyter runs it); a directory outside the repository runs it without the golden cases.
Fails on the first cell that raises. Cell timings are not recorded, so that the committed
copy changes only when an output does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().with_name("cohort.ipynb")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="write the executed notebook here")
    where.add_argument("--in-place", action="store_true", help="rewrite the committed notebook")
    ap.add_argument("--cwd", type=Path, default=NOTEBOOK.parent, help="the kernel's working directory")
    a = ap.parse_args()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(a.cwd)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    if errors:
        sys.exit(f"{NOTEBOOK}: {len(errors)} cell(s) failed")
    out = NOTEBOOK if a.in_place else a.out
    nbformat.write(nb, out)
    images = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    n = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"{NOTEBOOK.name} (cwd {a.cwd}): {n} code cells executed, {images} plots, output in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
