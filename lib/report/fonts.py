"""The TrueType fonts the PDF embeds and the charts draw with: DejaVu Sans carries Vietnamese
diacritics and Cyrillic, NanumGothic Hangul (Debian: fonts-dejavu-core, fonts-nanum)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lib.report.content import ReportError

CANDIDATES: dict[str, tuple[str, ...]] = {
    "regular": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
    "bold": ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",),
    "hangul": ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf",),
    "hangul_bold": ("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",),
}
FAMILIES = {"regular": "DejaVu Sans", "bold": "DejaVu Sans:bold", "hangul": "NanumGothic",
            "hangul_bold": "NanumGothic:bold"}  # fmt: skip


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    hangul: Path
    hangul_bold: Path


def _find(kind: str) -> Path | None:
    for candidate in CANDIDATES[kind]:
        if Path(candidate).is_file():
            return Path(candidate)
    try:  # elsewhere than Debian: ask fontconfig
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", FAMILIES[kind]],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except OSError:
        return None
    path = Path(found) if found else None
    return path if path and path.suffix.lower() == ".ttf" and path.is_file() else None


@cache
def fonts() -> Fonts:
    found = {kind: _find(kind) for kind in CANDIDATES}
    missing = [kind for kind, path in found.items() if path is None]
    if missing:
        raise ReportError(
            "The report needs the DejaVu Sans and NanumGothic fonts (Vietnamese, Cyrillic and "
            "Hangul); install them with `apt-get install fonts-dejavu-core fonts-nanum`."
        )
    return Fonts(**found)  # type: ignore[arg-type]
