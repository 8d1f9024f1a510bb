"""Who receives which digest: the `people` setting and the optional People tab, by name."""

from __future__ import annotations

import pandas as pd

from lib.config import Person
from lib.i18n import supported
from lib.schema import MANAGER_ROLES
from lib.text import fold


def recipients(configured: tuple[Person, ...], people_tab: pd.DataFrame) -> tuple[Person, ...]:
    """Everyone with an e-mail address: the settings first (they win over the tab for a name),
    then the People tab's rows; a row without a usable address is left out."""
    chosen: dict[str, Person] = {fold(p.name): p for p in configured if p.name}
    if not people_tab.empty:
        managers = {fold(role) for role in MANAGER_ROLES}
        for row in people_tab.to_dict("records"):
            name = str(row.get("Name") or "").strip()
            email = str(row.get("E-mail") or "").strip().removeprefix("mailto:")
            if not name or "@" not in email or fold(name) in chosen:
                continue
            chosen[fold(name)] = Person(
                name=name,
                email=email,
                language=supported(row.get("Language") or "") or "",
                manager=fold(row.get("Role") or "") in managers,
            )
    return tuple(chosen.values())
