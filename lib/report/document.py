"""The report as a sequence of blocks in one language: headings, paragraphs, tables, a chart.

The DOCX and PDF writers lay the blocks out; a bilingual report is two such sequences (they
have the same shape, being made from the same report) set side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.formatting import commitment_status_name, dmy
from lib.i18n import t, tc, tn, using
from lib.report.content import Report


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the page width
    empty: str = ""  # said instead when there are no rows


@dataclass(frozen=True)
class Chart:
    alt: str  # what it shows, in words


Block = Heading | Paragraph | Table | Chart


def _day(value: object) -> str:
    return "—" if pd.isna(value) else dmy(value)


def blocks(report: Report, language: str) -> list[Block]:
    with using(language):
        return _blocks(report)


def _blocks(report: Report) -> list[Block]:
    totals = report.totals
    c = report.cross_posting
    out: list[Block] = [
        Heading(
            t(
                "Implementation of the cooperation agreement with {partner}, {year}",
                partner=report.partner,
                year=report.year,
            ),
            0,
        ),
        Paragraph(t("Situation as of {date}.", date=dmy(report.as_of))),
        Paragraph(
            t(
                "Published in {year}: {projects}, with {photos} and {videos}.",
                year=report.year,
                projects=tn("{n} joint project", "{n} joint projects", totals["projects"]),
                photos=tn("{n} photo", "{n} photos", totals["photos"]),
                videos=tn("{n} video", "{n} videos", totals["videos"]),
            )
        ),
        Heading(t("1. Commitments and delivered work")),
    ]
    rows = tuple(
        (
            str(row["Commitment"]) or t("(unnamed)"),
            str(row["Target"] if row["Target"] == row["Target"] else "—"),
            str(int(row["delivered"])),
            str(int(row["in_pipeline"])),
            commitment_status_name(str(row["status"])),
        )
        for row in report.commitments.to_dict("records")
    )
    out.append(
        Table(
            (t("Commitment"), t("Target"), t("Delivered"), t("In pipeline"), t("Status")),
            rows,
            (0.46, 0.12, 0.14, 0.14, 0.14),
            t("The Commitments tab lists nothing for this partner and year."),
        )
    )
    if rows:
        out.append(Chart(t("Delivered and in-pipeline work against each target")))
    out.append(Heading(t("2. Published projects")))
    out.append(
        Table(
            (t("ID"), t("Title"), t("Format"), t("Published"), t("Photos"), t("Videos")),
            tuple(
                (
                    str(r["ID"]),
                    str(r["Title"]) + (f"\n{r['Link']}" if r["Link"] else ""),
                    tc("format", str(r["Format"])) if r["Format"] else "",
                    _day(r["Published"]),
                    str(r["Photos"]),
                    str(r["Videos"]),
                )
                for r in report.delivered.to_dict("records")
            ),
            (0.14, 0.38, 0.14, 0.16, 0.09, 0.09),
            t("Nothing was published this year yet."),
        )
    )
    out.append(Heading(t("3. Occasions covered")))
    out.append(
        Table(
            (t("Date"), t("Occasion"), t("Projects")),
            tuple(
                (_day(r["Date"]), str(r["Occasion"]), str(r["projects"]))
                for r in report.occasions.to_dict("records")
            ),
            (0.16, 0.68, 0.16),
            t("No published project is linked to an occasion."),
        )
    )
    out.append(Heading(t("4. Cross-posting")))
    out.append(
        Paragraph(
            t(
                "Of the projects published in {year}, {home} ran on VNA's platforms, {partner} "
                "on {name}'s and {both} on both sides' (cross-posted).",
                year=report.year,
                home=c.home,
                partner=c.partner,
                name=report.partner,
                both=c.both,
            )
        )
    )
    out.append(
        Table(
            (t("Channel"), t("Whose platform"), t("Projects")),
            tuple(
                (str(r["channel"]), str(r["side"]) or t("other"), str(r["projects"]))
                for r in c.by_channel.to_dict("records")
            ),
            (0.5, 0.3, 0.2),
            t("The Channels column names no platform for these projects."),
        )
    )
    out.append(Heading(t("5. Still in the pipeline for {year}", year=report.year)))
    out.append(
        Table(
            (t("ID"), t("Title"), t("Stage"), t("Due")),
            tuple(
                (str(r["ID"]), str(r["Title"]), tc("stage", str(r["Stage"])), _day(r["Due"]))
                for r in report.pipeline.to_dict("records")
            ),
            (0.16, 0.5, 0.18, 0.16),
            t("Nothing is in the pipeline for this year."),
        )
    )
    out.append(Heading(t("6. Problems")))
    out.append(Paragraph(t("Overdue projects:")))
    out.append(
        Table(
            (t("ID"), t("Title"), t("Due"), t("Days late")),
            tuple(
                (str(r["ID"]), str(r["Title"]), _day(r["Due"]), str(r["days_late"]))
                for r in report.overdue.to_dict("records")
            ),
            (0.16, 0.52, 0.16, 0.16),
            t("No project is overdue."),
        )
    )
    out.append(Paragraph(t("Long partner reviews:")))
    out.append(
        Table(
            (t("ID"), t("Days in partner review")),
            tuple((entry.project_id, str(entry.days)) for entry in report.long_reviews),
            (0.5, 0.5),
            t("No partner review has lasted more than two weeks."),
        )
    )
    return out
