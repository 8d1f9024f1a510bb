"""The commitments chart as a PNG, drawn offline with matplotlib (no browser needed)."""

from __future__ import annotations

import io

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure  # not pyplot: no display, no global figure state

from lib.i18n import t, using
from lib.report.content import Report
from lib.report.fonts import fonts
from lib.schema import STAGES

COLOURS = {term.name: term.colour for term in STAGES}


def _families() -> list[str]:
    found = fonts()
    names = []
    for path in (found.regular, found.hangul):
        font_manager.fontManager.addfont(str(path))
        names.append(font_manager.FontProperties(fname=str(path)).get_name())
    return names


def commitments_png(report: Report, languages: tuple[str, ...]) -> bytes:
    """Horizontal bars: delivered (green) and in the pipeline (orange) against the target (a
    black tick), one row per commitment; the legend in each of the report's languages."""
    rows = report.commitments.iloc[::-1]
    labels = [str(c)[:48] or "—" for c in rows["Commitment"]]

    def said(text: str) -> str:
        return " / ".join(dict.fromkeys(_in(lang, text) for lang in languages))

    with rc_context({"font.family": _families(), "font.size": 9}):
        figure = Figure(figsize=(7.2, 0.3 * len(rows) + 1.1), dpi=150)
        axes = figure.subplots()
        positions = range(len(rows))
        delivered = rows["delivered"].astype(float).tolist()
        pipeline = rows["in_pipeline"].astype(float).tolist()
        axes.barh(positions, delivered, color=COLOURS["Published"], label=said("Delivered"))
        axes.barh(
            positions, pipeline, left=delivered, color=COLOURS["Editing"], label=said("In pipeline")
        )
        targets = rows["Target"].astype("Float64").astype(float).tolist()
        axes.scatter(
            targets, positions, marker="|", s=300, color="black", label=said("Target"), zorder=3
        )
        axes.set_yticks(list(positions), labels)
        axes.spines[["top", "right"]].set_visible(False)
        # Above the bars, never over them: a long bar reaches the right edge.
        figure.legend(loc="upper center", ncol=3, frameon=False, fontsize=8)
        figure.tight_layout(rect=(0, 0, 1, 1 - 0.5 / figure.get_figheight()))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _in(language: str, text: str) -> str:
    with using(language):
        return t(text)
