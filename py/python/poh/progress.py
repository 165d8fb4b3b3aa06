"""The progress bar of long batches (`evaluate_many`, `evaluate_frame`, the command
line, the OMOP screen): tqdm's when it is installed (``pip install 'poh[progress]'``),
else a plain bar on standard error."""

from __future__ import annotations

import sys
from typing import IO, Any, Callable, Dict, Optional

__all__ = ["Progress", "PROGRESS_FROM", "wanted"]

# evaluate_many and evaluate_frame show a bar by default from this many inputs on (when
# their number is known beforehand): a batch this long takes a noticeable time.
PROGRESS_FROM = 10_000


def wanted(progress: Optional[bool], total: Optional[int]) -> bool:
    """Whether a batch of ``total`` inputs shows a bar: as asked, or by default when
    the batch is long."""
    if progress is not None:
        return progress
    return total is not None and total >= PROGRESS_FROM


class Progress:
    """A bar of ``total`` steps; does nothing when not ``enabled``."""

    def __init__(
        self, total: Optional[int], enabled: bool, unit: str = "patient", file: Optional[IO[str]] = None
    ) -> None:
        self.total, self.done, self.enabled, self.unit = total, 0, enabled, unit
        self.file = sys.stderr if file is None else file
        self.bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
            except ImportError:
                return
            self.bar = tqdm(total=total, unit=unit, file=self.file)

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            return
        total = f"/{self.total}" if self.total is not None else ""
        width = 30
        filled = width * self.done // max(self.total or self.done, 1)
        self.file.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}{total} {self.unit}s")
        self.file.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.close()
        else:
            self.file.write("\n")
            self.file.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def callback(enabled: bool, unit: str) -> Callable[[int, int], None]:
    """The bar as a callback ``(done, total)`` (the total known only at the first call),
    closed when ``done`` reaches ``total``."""
    state: Dict[str, Any] = {"bar": None}

    def update(done: int, total: int) -> None:
        if not enabled:
            return
        if state["bar"] is None:
            state["bar"] = Progress(total, True, unit)
        bar: Progress = state["bar"]
        bar.update(done - bar.done)
        if done >= total:
            bar.close()

    return update
