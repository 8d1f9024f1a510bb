"""What the implementation report of an agreement says for one partner and year (pure).

Every figure comes from the functions the pages use (`metrics.commitment_progress` for the
commitments, as on the Commitments page), so the report and the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.markup import safe_link
from lib.metrics import (
    channel_sides,
    commitment_progress,
    contains_any,
    cross_posted,
    deadline_status,
    is_active,
    link_occasions,
    project_labels,
    published,
)
from lib.model import Dataset
from lib.reminders.stuck import Stuck, stuck_projects
from lib.schema import HOME_AGENCY
from lib.text import fold

LONG_REVIEW_DAYS = 14  # a partner review longer than this is worth raising at the meeting


class ReportError(ValueError):
    """The report cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class CrossPosting:
    home: int  # published projects that ran on the home agency's platforms
    partner: int  # … on the partner's
    both: int  # … on both: the cross-posted items
    by_channel: pd.DataFrame  # channel, side, projects


@dataclass(frozen=True)
class Report:
    partner: str
    year: int
    as_of: date
    commitments: pd.DataFrame  # commitment_progress rows of this partner and year
    delivered: (
        pd.DataFrame
    )  # published projects: ID, Title, Format, Published, Photos, Videos, Link
    occasions: pd.DataFrame  # Date, Occasion, projects
    cross_posting: CrossPosting
    pipeline: pd.DataFrame  # ID, Title, Stage, Due
    overdue: pd.DataFrame  # ID, Title, Stage, Due, days_late
    long_reviews: list[Stuck]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "projects": len(self.delivered),
            "photos": int(self.delivered["Photos"].sum()),
            "videos": int(self.delivered["Videos"].sum()),
        }


def partner_name(dataset: Dataset, asked: str) -> str:
    """The partner as the sheet names it (TASS for ТАСС or tass); a ReportError if unknown."""
    known = sorted({p for ps in dataset.projects["Partner"] for p in ps})
    known += sorted({p for ps in dataset.commitments["Partner"] for p in ps} - set(known))
    terms = {fold(term.name): term.name for term in dataset.vocab.partners.terms}
    for term in dataset.vocab.partners.terms:
        terms.update({fold(alias): term.name for alias in term.aliases})
    name = terms.get(fold(asked), asked)
    match = next((p for p in known if fold(p) == fold(name)), None)
    if match is None:
        raise ReportError(f"No project or commitment names the partner “{asked}”.")
    return match


def build_report(dataset: Dataset, partner: str, year: int, today: date) -> Report:
    partner = partner_name(dataset, partner)
    projects = dataset.projects
    theirs = projects[contains_any(projects["Partner"], {partner})]
    progress = commitment_progress(dataset.commitments, projects, today)
    mine = (
        progress[
            contains_any(progress["Partner"], {partner})
            & progress["Year"].astype("Float64").eq(year)
        ]
        if not progress.empty
        else progress
    )
    done = published(theirs)
    done = done[done["Published"].dt.year.eq(year)].sort_values("Published", kind="stable")
    delivered = pd.DataFrame(
        {
            "ID": project_labels(done),
            "Title": done["Title"],
            "Format": done["Format"],
            "Published": done["Published"],
            "Photos": done["Photos"].fillna(0).astype("int64"),
            "Videos": done["Videos"].fillna(0).astype("int64"),
            "Link": done["Link"].map(lambda link: safe_link(link) or ""),
        }
    )
    active = theirs[is_active(theirs) & theirs["Stage"].ne("On hold")]
    active_year = active["Due"].fillna(active["Start"]).dt.year.eq(year)
    pipeline = active[active_year.fillna(False).astype(bool)].sort_values("Due", kind="stable")
    status = deadline_status(theirs, today, 0)
    late = theirs[(status == "overdue") & theirs["Due"].dt.year.eq(year)]
    return Report(
        partner=partner,
        year=year,
        as_of=today,
        commitments=mine,
        delivered=delivered,
        occasions=_occasions(dataset, done),
        cross_posting=_cross_posting(done, partner),
        pipeline=pd.DataFrame(
            {
                "ID": project_labels(pipeline),
                "Title": pipeline["Title"],
                "Stage": pipeline["Stage"],
                "Due": pipeline["Due"],
            }
        ),
        overdue=pd.DataFrame(
            {
                "ID": project_labels(late),
                "Title": late["Title"],
                "Stage": late["Stage"],
                "Due": late["Due"],
                "days_late": (pd.Timestamp(today) - late["Due"]).dt.days,
            }
        ).sort_values("Due", kind="stable"),
        long_reviews=stuck_projects(theirs, today, LONG_REVIEW_DAYS, stage="Partner review"),
    )


def _occasions(dataset: Dataset, done: pd.DataFrame) -> pd.DataFrame:
    links = link_occasions(done, dataset.occasions).dropna(subset=["occasion_name"])
    if links.empty:
        return pd.DataFrame(columns=["Date", "Occasion", "projects"])
    grouped = links.groupby(["occasion_date", "occasion_name"]).size().reset_index()
    grouped.columns = ["Date", "Occasion", "projects"]
    return grouped.sort_values("Date", kind="stable").reset_index(drop=True)


def _cross_posting(done: pd.DataFrame, partner: str) -> CrossPosting:
    sides = channel_sides(done)
    on_home = set(sides.loc[sides["side"].eq(HOME_AGENCY), "project"])
    on_partner = set(sides.loc[sides["side"].eq(partner), "project"])
    by_channel = (
        sides.groupby(["channel", "side"]).size().rename("projects").reset_index()
        if not sides.empty
        else pd.DataFrame(columns=["channel", "side", "projects"])
    )
    by_channel = by_channel.sort_values(["projects", "channel"], ascending=[False, True])
    return CrossPosting(
        home=len(on_home),
        partner=len(on_partner),
        both=int(cross_posted(done).sum()),
        by_channel=by_channel.reset_index(drop=True),
    )
