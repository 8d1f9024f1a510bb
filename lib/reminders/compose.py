"""A digest as an e-mail in its reader's language: a plain-text part and an HTML part.

Sheet text (titles, IDs) is escaped in the HTML part: it is shown as written, never as markup.
"""

from __future__ import annotations

import html
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from lib.formatting import dmy, issue_label
from lib.i18n import t, tc, tn, using
from lib.reminders.digest import Digest, Item, ItemKind

SHOWN_PER_SECTION = 25  # a portfolio digest may hold hundreds of problems: the rest are counted


def section_titles() -> dict[ItemKind, str]:
    return {
        "overdue": t("Overdue"),
        "this_week": t("Due this week"),
        "milestone": t("Milestones"),
        "stuck": t("Stuck in their stage"),
        "problem": t("New problems in the sheet"),
    }


def subject(digest: Digest) -> str:
    overdue = len(digest.of("overdue"))
    text = t("Joint productions — your digest for {period}", period=digest.period)
    if overdue:
        text += " · " + tn("{n} overdue", "{n} overdue", overdue)
    return text


def line(item: Item) -> str:
    """One item as a sentence, without its link."""
    name = f"{item.project_id} {item.title}".strip()
    if item.kind == "overdue":
        late = tn("{n} day late", "{n} days late", -item.days)
        return t("{project}: due {date}, {late}", project=name, date=dmy(item.when), late=late)
    if item.kind == "this_week":
        return t("{project}: due {date}", project=name, date=dmy(item.when))
    if item.kind == "milestone":
        return t(
            "{project}: {stage} due {date}",
            project=name,
            stage=tc("stage", item.detail),
            date=dmy(item.when),
        )
    if item.kind == "stuck":
        days = tn("{n} day", "{n} days", item.days)
        return t(
            "{project}: {stage} for {days}", project=name, stage=tc("stage", item.detail), days=days
        )
    return t(
        "{project}: {problem} ({column})",
        project=name,
        problem=issue_label(item.detail),
        column=item.column,
    )


def plain_text(digest: Digest) -> str:
    parts = [t("Hello {name},", name=digest.person.name), "", _intro(digest), ""]
    for kind, title in section_titles().items():
        items = digest.of(kind)
        if not items:
            continue
        parts.append(f"{title} ({len(items)})")
        for item in items[:SHOWN_PER_SECTION]:
            parts.append(f"  • {line(item)}")
            if item.link:
                parts.append(f"    {item.link}")
        if len(items) > SHOWN_PER_SECTION:
            parts.append(
                "  " + tn("… and {n} more", "… and {n} more", len(items) - SHOWN_PER_SECTION)
            )
        parts.append("")
    parts.append(_footer())
    return "\n".join(parts) + "\n"


def html_text(digest: Digest) -> str:
    e = html.escape
    opener = t("open")
    body = [
        "<p>" + e(t("Hello {name},", name=digest.person.name)) + "</p>",
        f"<p>{e(_intro(digest))}</p>",
    ]
    for kind, title in section_titles().items():
        items = digest.of(kind)
        if not items:
            continue
        body.append(f'<h3 style="margin:16px 0 4px">{e(title)} ({len(items)})</h3><ul>')
        for item in items[:SHOWN_PER_SECTION]:
            text = e(line(item))
            if item.link:
                text += f' — <a href="{e(item.link, quote=True)}">{e(opener)}</a>'
            body.append(f"<li>{text}</li>")
        if len(items) > SHOWN_PER_SECTION:
            more = tn("… and {n} more", "… and {n} more", len(items) - SHOWN_PER_SECTION)
            body.append(f"<li>{e(more)}</li>")
        body.append("</ul>")
    body.append(f'<p style="color:#666;font-size:12px">{e(_footer())}</p>')
    return (
        '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:14px">'
        + "".join(body)
        + "</body></html>"
    )


def message(digest: Digest, sender: str) -> EmailMessage:
    """The e-mail of one digest, written in the person's language."""
    with using(digest.person.language or None):
        mail = EmailMessage()
        mail["Subject"] = subject(digest)
        mail["From"] = sender
        mail["To"] = formataddr((digest.person.name, digest.person.email))
        mail["Message-ID"] = make_msgid(domain="joint-production-tracker")
        mail.set_content(plain_text(digest))
        mail.add_alternative(html_text(digest), subtype="html")
        # After the parts: making the message multipart moves Content-* headers into them.
        mail["Content-Language"] = digest.person.language or "en"
    return mail


def _intro(digest: Digest) -> str:
    if "manager" in digest.roles:
        return t("What needs attention across the portfolio this period.")
    return t("What needs attention in the projects you produce or lead.")


def _footer() -> str:
    return t("Sent by the Joint Production Tracker once per period.")
