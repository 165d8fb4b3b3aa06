"""The assessment page in a real headless browser (Debian's chromium) at a phone's
size: a screenshot that must be 390x844 and not blank, and the DOM after load with every
section of the assessment."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageStat

from test_service import post, prefetch_from_templates, request

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target" / "service-test"
SECTIONS = ("disclaimer", "flag", "criteria", "differential", "explanation", "next-steps",
            "based-on", "notes", "counseling", "references")


def chromium(url: str, *mode: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed (make setup installs it)"
    with tempfile.TemporaryDirectory(prefix="poh-chromium-") as profile:
        return subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--window-size=390,844", *mode, url],
            capture_output=True, timeout=90,
        )


def card_link(service) -> str:
    pre = prefetch_from_templates(service, "poh-like-1")
    st, _, body = post(service, request("poh-like-1", pre))
    assert st == 200
    (card,) = json.loads(body)["cards"]
    return card["links"][0]["url"]


def test_the_page_renders_on_a_phone_screen(service):
    url = card_link(service)
    OUT.mkdir(parents=True, exist_ok=True)
    shot = OUT / "assessment-390x844.png"
    shot.unlink(missing_ok=True)
    r = chromium(url, f"--screenshot={shot}")
    assert shot.exists(), r.stderr.decode()[-2000:]
    img = Image.open(shot)
    assert img.size == (390, 844)
    stat = ImageStat.Stat(img.convert("L"))
    # Not blank: text and coloured boxes give a spread of grey levels.
    assert stat.stddev[0] > 10, stat.stddev
    assert len(img.convert("L").getcolors(maxcolors=1 << 16) or []) > 20

    r = chromium(url + "?counseling=1", "--dump-dom")
    dom = r.stdout.decode()
    for s in SECTIONS:
        assert f'id="{s}"' in dom, s
    # The chart carries no GNAS result (the FHIR reader reads none), so counseling says
    # the chance for a child cannot be given yet.
    assert "OTHER" in dom and 'id="counseling"' in dom and "cannot be given" in dom
    assert "<script" not in dom
    # Laid out for the phone: the viewport meta is there and no element is wider.
    assert 'name="viewport"' in dom
