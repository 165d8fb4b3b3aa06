"""The READMEs' code examples run and print what they claim (README.md, py/README.md).

Every fenced block is one of:

* ```python: run (each README's blocks in order, in one namespace, from the repository
  root); a ``print(...)`` line whose comment is ``# -> TEXT`` must print TEXT, the
  printed lines compared in order;
* ```console: shell sessions, ``$ COMMAND`` lines run by bash from the repository root
  with the built ``poh`` and this virtualenv's ``python`` first on PATH; the lines after
  a command are its expected standard output, ``...`` standing for any lines;
* a block right after ``<!-- output of the block above -->``: the whole standard output
  of the ```python block before it (lines compared without trailing blanks);
* ```json: in README.md, a findings document the core must accept;
* anything else, or a block right after ``<!-- not run: REASON -->``: not run, and the
  reason is required (a block of a runnable language without it fails this test).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

import poh
from conftest import ROOT

READMES = [ROOT / "README.md", ROOT / "py" / "README.md"]
RUNNABLE = {"python", "console", "json"}
FENCE = re.compile(r"^```(\w*)\s*$")
NOT_RUN = re.compile(r"<!-- not run: (.+?) -->")
OUTPUT = "<!-- output of the block above -->"


def blocks(path: Path) -> List[Tuple[int, str, str, Optional[str]]]:
    """(line, language, text, reason not run or None) of every fenced block."""
    out = []
    lines = path.read_text().splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, lang = i, m.group(1)
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        prev = next((lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        reason = NOT_RUN.search(prev)
        why = reason.group(1) if reason else ("output" if prev.strip() == OUTPUT else None)
        out.append((start + 1, lang, "\n".join(lines[start + 1 : j]), why))
        i = j + 1
    return out


def test_every_block_is_run_or_says_why_not():
    unmarked = [
        f"{p.relative_to(ROOT)}:{line} ```{lang}"
        for p in READMES
        for line, lang, _, reason in blocks(p)
        if lang not in RUNNABLE and reason is None
    ]
    assert not unmarked, "blocks neither run nor marked <!-- not run: REASON -->: " + ", ".join(unmarked)
    runs = sum(1 for p in READMES for _, lang, _, r in blocks(p) if lang in RUNNABLE and r is None)
    assert runs >= 6, runs


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_blocks_print_what_they_claim(readme, monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "__readme__"}
    ran = 0
    found = blocks(readme)
    for n, (line, lang, text, reason) in enumerate(found):
        if lang != "python" or reason is not None:
            continue
        claims = [m.group(1) for m in re.finditer(r"^\s*print\(.*#\s*->\s*(.*?)\s*$", text, re.M)]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(text, f"{readme.name}:{line}", "exec"), namespace)
        printed = buf.getvalue().splitlines()
        if n + 1 < len(found) and found[n + 1][3] == "output":
            want = [x.rstrip() for x in found[n + 1][2].splitlines()]
            assert [x.rstrip() for x in printed] == want, f"{readme.name}:{line}: printed {printed}"
        else:
            assert printed == claims, f"{readme.name}:{line}: printed {printed}, the README claims {claims}"
        ran += 1
    assert ran >= 1


def test_json_findings_examples_are_accepted():
    import json

    docs = [t for _, lang, t, r in blocks(ROOT / "README.md") if lang == "json" and r is None]
    assert docs
    for t in docs:
        a = poh.evaluate(json.loads(t))
        assert a.verdict in ("met", "not_met", "indeterminate")


@pytest.fixture(scope="module")
def shell_path(poh_cli, tmp_path_factory) -> str:
    """PATH with the built `poh` and this virtualenv's `python` first."""
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "poh").symlink_to(poh_cli)
    # A wrapper, not a link: a virtualenv's interpreter finds its packages by its path.
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bin_dir / "python").chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def _matches(expected: List[str], got: List[str]) -> bool:
    """Expected lines against the output; a ``...`` line stands for any lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(_matches(expected[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and got[0] == expected[0] and _matches(expected[1:], got[1:])


def sessions(text: str) -> List[Tuple[str, List[str]]]:
    out: List[Tuple[str, List[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_console_blocks_print_what_they_claim(readme, shell_path):
    bash = shutil.which("bash")
    assert bash
    ran = 0
    for line, lang, text, reason in blocks(readme):
        if lang != "console" or reason is not None:
            continue
        for command, expected in sessions(text):
            r = subprocess.run(
                [bash, "-c", command], cwd=ROOT, capture_output=True, text=True,
                env={**os.environ, "PATH": shell_path}, timeout=120,
            )
            got = r.stdout.splitlines()
            assert _matches(expected, got), (
                f"{readme.name}:{line}: `{command}` (exit {r.returncode}) printed\n{r.stdout}{r.stderr}"
                f"\nthe README claims\n" + "\n".join(expected)
            )
            ran += 1
    if readme.name == "README.md" and readme.parent == ROOT:
        assert ran >= 1
