"""The sheet's data contract: fields, header and tab aliases, vocabularies, issue codes.

This is the one place these facts live (SPEC §2); every other module imports them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum

from lib import i18n
from lib.i18n import N_
from lib.text import fold


class Kind(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    LIST = "list"
    VOCAB = "vocab"
    VOCAB_LIST = "vocab_list"
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    vocabulary: str | None = None  # for VOCAB / VOCAB_LIST / partner lists


PROJECT_FIELDS: tuple[Field, ...] = (
    Field("ID", Kind.TEXT, ("project id", "code", "mã", "mã dự án", "код")),
    Field(
        "Title",
        Kind.TEXT,
        ("project", "project title", "name", "tên", "tên dự án", "tiêu đề", "название"),
    ),
    Field(
        "Partner",
        Kind.LIST,
        ("partners", "partner agency", "agency", "đối tác", "cơ quan đối tác", "партнёр"),
        vocabulary="partners",
    ),
    Field(
        "Format",
        Kind.VOCAB,
        ("type", "media type", "product", "hình thức", "loại", "формат"),
        vocabulary="formats",
    ),
    Field("Theme", Kind.VOCAB_LIST, ("themes", "topic", "chủ đề", "тема"), vocabulary="themes"),
    Field(
        "Stage",
        Kind.VOCAB,
        ("status", "giai đoạn", "trạng thái", "этап", "статус"),
        vocabulary="stages",
    ),
    Field("Producer", Kind.TEXT, ("owner", "phụ trách", "người phụ trách", "продюсер")),
    Field("Lead", Kind.TEXT, ("team lead", "trưởng nhóm", "руководитель")),
    Field("Start", Kind.DATE, ("start date", "ngày bắt đầu", "начало")),
    Field("Due", Kind.DATE, ("due date", "deadline", "hạn", "hạn chót", "срок")),
    Field(
        "Published",
        Kind.DATE,
        ("published date", "release date", "delivered", "ngày xuất bản", "ngày phát hành"),
    ),
    Field("Occasion", Kind.TEXT, ("event", "dịp", "sự kiện", "повод")),
    Field("Photos", Kind.INTEGER, ("photo count", "số ảnh", "фото")),
    Field("Videos", Kind.INTEGER, ("video count", "số video", "видео")),
    Field("Video minutes", Kind.NUMBER, ("minutes", "duration (min)", "số phút", "минуты")),
    Field("Languages", Kind.LIST, ("language", "ngôn ngữ", "языки")),
    Field("Channels", Kind.LIST, ("cross-posted on", "platforms", "kênh", "каналы")),
    Field("Link", Kind.TEXT, ("url", "drive", "liên kết", "ссылка")),
    Field("Notes", Kind.TEXT, ("comment", "ghi chú", "примечания")),
    Field("Updated", Kind.TEXT, ("last updated", "cập nhật")),
    Field("Updated by", Kind.TEXT, ("người cập nhật",)),
)
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in PROJECT_FIELDS}
REQUIRED_PROJECT_FIELDS: tuple[str, ...] = ("ID", "Title", "Stage")
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in PROJECT_FIELDS if f.kind is Kind.DATE)
LIST_FIELDS: tuple[str, ...] = tuple(
    f.name for f in PROJECT_FIELDS if f.kind in (Kind.LIST, Kind.VOCAB_LIST)
)
MEASURES: dict[str, str] = {
    "projects": "Projects",
    "photos": "Photos",
    "videos": "Videos",
    "video_minutes": "Video minutes",
}
MILESTONE_SUFFIX = "due"
# Columns the app adds to the projects it shows (the sheet row, the deadline status, a Link it
# will not open, as text): a sheet column of the same name is kept under "<name> (<letter>)" so
# that neither hides the other.
ROW_COLUMN = "row"
STATUS_COLUMN = "Status"
LINK_TEXT_COLUMN = "Link as written"
RESERVED_COLUMNS: frozenset[str] = frozenset({ROW_COLUMN, STATUS_COLUMN, LINK_TEXT_COLUMN})
# A header row must match this many known columns; banner rows above it are skipped.
HEADER_MIN_MATCHES = 3
HEADER_SEARCH_ROWS = 10

COMMITMENT_FIELDS: tuple[Field, ...] = (
    Field("Partner", Kind.LIST, ("partner agency", "agency", "đối tác", "партнёр"), "partners"),
    Field("Year", Kind.INTEGER, ("năm", "год")),
    Field("Commitment", Kind.TEXT, ("promise", "item", "cam kết", "обязательство")),
    Field("Format", Kind.VOCAB, ("type", "hình thức", "формат"), "formats"),
    Field("Theme", Kind.VOCAB, ("topic", "chủ đề", "тема"), "themes"),
    Field("Target", Kind.INTEGER, ("goal", "count", "chỉ tiêu", "mục tiêu", "цель")),
    # Optional: what the Target counts. Blank means projects; CROSS_POSTED_TERMS means
    # cross-posted items (see PLATFORMS).
    Field("Counts", Kind.TEXT, ("measure", "counting", "unit", "đơn vị", "tính theo", "единица")),
)
# A Commitments row whose Counts cell (or, when that is blank, whose Commitment) names one of
# these counts cross-posted items instead of projects; matched with `fold`.
CROSS_POSTED_TERMS: tuple[str, ...] = (
    "cross-posted",
    "cross-posted items",
    "cross-posting",
    "crossposted",
    "đăng chéo",
    "đăng tải chéo",
    "кросс-постинг",
    "взаимные публикации",
)
# Whose platform each channel of the Channels column is, so that cross-posting can be counted:
# a published project is a cross-posted item when it ran on the home agency's platforms and on
# a platform of one of its partners. A channel matches when it is one of the names or an
# address on one of these domains (www.tass.ru, tass.ru/foo); others (Telegram, YouTube) are
# nobody's.
HOME_AGENCY = "VNA"
PLATFORMS: dict[str, tuple[str, ...]] = {
    HOME_AGENCY: ("vnanet.vn", "vietnamplus.vn", "vnews.gov.vn", "bnews.vn", "vietnam.vn", "VNA"),
    "TASS": ("tass.ru", "tass.com", "TASS", "ТАСС"),
    "KCNA": ("kcna.kp", "KCNA"),
    "Xinhua": ("xinhuanet.com", "news.cn", "Xinhua"),
    "Prensa Latina": ("prensa-latina.cu", "Prensa Latina"),
    "KPL": ("kpl.gov.la", "KPL"),
}
PEOPLE_FIELDS: tuple[Field, ...] = (
    Field("Name", Kind.TEXT, ("person", "tên", "họ tên", "имя")),
    Field("E-mail", Kind.TEXT, ("email", "mail", "e-mail address", "thư điện tử", "почта")),
    Field("Language", Kind.TEXT, ("lang", "ngôn ngữ", "язык")),
    # "manager" (or quản lý, руководитель): receives the portfolio digest.
    Field("Role", Kind.TEXT, ("vai trò", "chức vụ", "роль", "должность")),
)
MANAGER_ROLES: tuple[str, ...] = ("manager", "quản lý", "lãnh đạo", "менеджер", "руководство")
OCCASION_FIELDS: tuple[Field, ...] = (
    Field("Date", Kind.DATE, ("ngày", "дата")),
    Field("Occasion", Kind.TEXT, ("event", "name", "dịp", "sự kiện", "повод")),
    Field("Partner", Kind.LIST, ("partner agency", "agency", "đối tác", "партнёр"), "partners"),
    Field("Kind", Kind.TEXT, ("type", "loại", "тип")),
)
VOCAB_TAB_FIELDS: tuple[Field, ...] = (
    Field("Name", Kind.TEXT, ("tên", "название")),
    Field("Aliases", Kind.TEXT, ("alias", "tên khác", "синонимы")),
    Field("Order", Kind.INTEGER, ("thứ tự", "порядок")),
    Field("Colour", Kind.TEXT, ("color", "màu", "цвет")),
)

# The columns without which a side tab means nothing: its header row is the first row (within
# HEADER_SEARCH_ROWS) that names them all; the other columns are optional.
REQUIRED_SIDE_FIELDS: dict[str, tuple[str, ...]] = {
    "Occasions": ("Date", "Occasion"),
    "Commitments": ("Partner", "Year", "Target"),
    "Stages": ("Name",),
    "Themes": ("Name",),
    "Partners": ("Name",),
    "People": ("Name", "E-mail"),
}

# Tab names, matched with `fold`; Vietnamese and Russian names accepted.
TAB_ALIASES: dict[str, tuple[str, ...]] = {
    "Projects": ("Projects", "Project", "Dự án", "Проекты"),
    "Commitments": ("Commitments", "Cam kết", "Обязательства"),
    "Occasions": ("Occasions", "Sự kiện", "Dịp", "События"),
    "Stages": ("Stages", "Giai đoạn", "Этапы"),
    "Themes": ("Themes", "Chủ đề", "Темы"),
    "Partners": ("Partners", "Đối tác", "Партнёры"),
    "People": ("People", "Người nhận", "Nhân sự", "Люди", "Получатели"),
    "Log": ("Log", "Nhật ký", "Журнал"),
}
LOG_HEADER: tuple[str, ...] = (
    "Timestamp (UTC)",
    "User",
    "Project ID",
    "Field",
    "Old value",
    "New value",
)


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: its canonical name, aliases, and display colour."""

    name: str
    aliases: tuple[str, ...] = ()
    colour: str = "#7f7f7f"


STAGES: tuple[Term, ...] = (
    Term("Proposed", ("idea", "pitch", "đề xuất"), "#9aa5b1"),
    Term("Approved", ("agreed", "phê duyệt", "đã duyệt"), "#5b8def"),
    Term("Planning", ("pre-production", "chuẩn bị", "lên kế hoạch"), "#7e57c2"),
    Term(
        "Shooting",
        ("production", "filming", "field work", "sản xuất", "ghi hình", "tác nghiệp", "съёмка"),
        "#f39c12",
    ),
    Term(
        "Editing",
        ("post-production", "translation", "hậu kỳ", "biên tập", "монтаж"),
        "#e67e22",
    ),
    Term(
        "Partner review",
        ("review", "approval", "sign-off", "đối tác duyệt", "согласование"),
        "#d35400",
    ),
    Term(
        "Published",
        (
            "done",
            "delivered",
            "released",
            "completed",
            "exhibited",
            "đã xuất bản",
            "hoàn thành",
            "опубликовано",
        ),
        "#2e9d5b",
    ),
    Term("On hold", ("paused", "tạm dừng"), "#b0b7bf"),
    Term("Cancelled", ("canceled", "dropped", "hủy", "huỷ", "отменено"), "#6b7280"),
)
THEMES: tuple[Term, ...] = (
    Term(
        "Green development",
        ("green", "green growth", "environment", "climate", "phát triển xanh", "môi trường"),
        "#2ca25f",
    ),
    Term("Digital transformation", ("digital", "DX", "chuyển đổi số"), "#3182bd"),
    Term(
        "AI application & governance",
        ("AI", "artificial intelligence", "trí tuệ nhân tạo"),
        "#756bb1",
    ),
    Term(
        "Culture & heritage",
        ("culture", "traditional culture", "cultural values", "văn hóa", "văn hoá", "di sản"),
        "#e6550d",
    ),
    Term("Socio-economic", ("economy", "socio-economic", "kinh tế", "kinh tế - xã hội"), "#fdae6b"),
    Term("Human resources", ("training", "HR", "đào tạo", "nhân lực"), "#de2d26"),
    Term(
        "Politics & diplomacy",
        ("politics", "diplomacy", "high-level visit", "chính trị", "ngoại giao"),
        "#636363",
    ),
)
FORMATS: tuple[Term, ...] = (
    Term("Photo story", ("photo", "photo series", "phóng sự ảnh")),
    Term("Photo exhibition", ("exhibition", "triển lãm", "triển lãm ảnh")),
    Term("Video", ("video report", "clip")),
    Term("Documentary", ("phim tài liệu",)),
    Term("Multimedia", ("e-magazine", "longform", "đa phương tiện")),
    Term("Special edition", ("special issue", "photo book", "ấn phẩm đặc biệt")),
    Term("Reporting delegation", ("delegation", "reporting trip", "đoàn công tác")),
)
PARTNERS: tuple[Term, ...] = (
    Term("TASS", ("ТАСС", "ITAR-TASS")),
    Term("KCNA", ("Korean Central News Agency",)),
)
PIPELINE_STAGES: tuple[str, ...] = tuple(t.name for t in STAGES[:7])
DONE_STAGES: frozenset[str] = frozenset({"Published", "Cancelled"})
PUBLISHED = "Published"
UNKNOWN_COLOUR = "#a0a0a0"
# Colours for values outside the vocabulary, so an unknown theme still has a stable colour.
SPARE_COLOURS: tuple[str, ...] = ("#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


@dataclass
class Vocabulary:
    """A vocabulary with its aliases; `resolve` maps anything typed to the canonical name."""

    terms: list[Term]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)
    open_ended: bool = False  # partners: free text, unknown values are not a problem

    def __post_init__(self) -> None:
        self._lookup = {}
        for term in self.terms:
            for spelling in (term.name, *term.aliases):
                self._lookup.setdefault(fold(spelling), term.name)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.terms]

    def resolve(self, value: str) -> str | None:
        """The canonical name for `value`, or None when it is outside the vocabulary."""
        return self._lookup.get(fold(value))

    def colour(self, name: str) -> str:
        for term in self.terms:
            if term.name == name:
                return term.colour
        return SPARE_COLOURS[sum(map(ord, name)) % len(SPARE_COLOURS)] if name else UNKNOWN_COLOUR

    def extended(self, extra: list[Term], *, orders: dict[str, int] | None = None) -> Vocabulary:
        """A copy with terms added or merged (aliases appended, colour replaced when given)."""
        merged = {t.name: t for t in self.terms}
        for term in extra:
            canonical = self.resolve(term.name) or term.name
            known = merged.get(canonical)
            if known is None:
                merged[canonical] = term
            else:
                colour = term.colour if term.colour != Term("").colour else known.colour
                merged[canonical] = Term(canonical, known.aliases + term.aliases, colour)
        terms = list(merged.values())
        if orders:
            position = {t.name: i for i, t in enumerate(terms)}
            terms.sort(key=lambda t: orders.get(t.name, position[t.name] + 0.5))
        return Vocabulary(terms, open_ended=self.open_ended)


@dataclass(frozen=True)
class Vocabularies:
    stages: Vocabulary
    themes: Vocabulary
    formats: Vocabulary
    partners: Vocabulary

    def get(self, name: str) -> Vocabulary:
        return getattr(self, name)


def default_vocabularies() -> Vocabularies:
    return Vocabularies(
        stages=Vocabulary(list(STAGES)),
        themes=Vocabulary(list(THEMES)),
        formats=Vocabulary(list(FORMATS)),
        partners=Vocabulary(list(PARTNERS), open_ended=True),
    )


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Issue code → (severity, message template), translated where shown (lib.issue_text).
# Templates see: header, value, tab, detail.
ISSUE_CODES: dict[str, tuple[Severity, str]] = {
    "bad_date": (Severity.ERROR, N_("“{value}” in {header} is not a date we can read{detail}.")),
    "bad_number": (Severity.ERROR, N_("“{value}” in {header} is not a number.")),
    "negative_number": (Severity.ERROR, N_("{header} cannot be negative ({value}).")),
    "formula_error": (
        Severity.ERROR,
        N_("{header} holds the spreadsheet error {value}; it is read as blank. Fix the formula."),
    ),
    "unknown_stage": (Severity.WARNING, N_("Stage “{value}” is not a known stage{detail}.")),
    "unknown_theme": (Severity.WARNING, N_("Theme “{value}” is not a known theme.")),
    "unknown_format": (Severity.WARNING, N_("Format “{value}” is not a known format.")),
    "missing_id": (Severity.WARNING, N_("This project has no ID; edits from the app need one.")),
    "duplicate_id": (Severity.ERROR, N_("ID “{value}” is used by more than one row{detail}.")),
    "missing_title": (Severity.WARNING, N_("Project {value} has no title.")),
    "missing_due": (Severity.WARNING, N_("Active project {value} has no due date.")),
    "due_before_start": (
        Severity.WARNING,
        N_("Due date {value} is before the start date{detail}."),
    ),
    "published_without_date": (
        Severity.WARNING,
        N_("Project {value} is Published but has no Published date."),
    ),
    "published_in_future": (Severity.WARNING, N_("Published date {value} is in the future.")),
    "due_after_occasion": (
        Severity.WARNING,
        N_("Due {value} is after its occasion{detail}."),
    ),
    "duplicate_header": (
        Severity.WARNING,
        N_("Column “{value}” repeats {header}; the first one is used, this one is kept as extra."),
    ),
    "missing_required_column": (
        Severity.ERROR,
        N_("The {tab} tab has no {header} column{detail}."),
    ),
    "no_header_row": (
        Severity.ERROR,
        N_("No header row was found in the first 10 rows of the {tab} tab{detail}."),
    ),
    "unreadable_cell": (
        Severity.ERROR,
        N_(
            "{header} could not be read from the file{detail}; it is read as blank. Open the file "
            "in Excel or Google Sheets, retype the cell and save again."
        ),
    ),
    "bad_encoding": (
        Severity.WARNING,
        N_(
            "{header} holds characters that could not be decoded{detail}. Save the file as "
            "“CSV UTF-8” and load it again."
        ),
    ),
}
# A duplicate ID's message lists this many of the other rows, then "and N more".
DUPLICATE_ROWS_LISTED = 3
SPREADSHEET_ERRORS: frozenset[str] = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!"}
)


@functools.cache
def header_lookup(fields: tuple[Field, ...]) -> dict[str, str]:
    """Folded header spelling → field name, for one tab's fields.

    Besides the names and aliases, each field's name in every interface language is accepted,
    so a table exported from the app in Korean or Russian reads back as it was. The aliases come
    first: a translation never takes a spelling that already names another field.
    """
    lookup: dict[str, str] = {}
    for f in fields:
        for spelling in (f.name, *f.aliases):
            lookup.setdefault(fold(spelling), f.name)
    for language in i18n.LANGUAGES:
        catalogue = i18n.translations(language)
        for f in fields:
            lookup.setdefault(fold(catalogue.pgettext("field", f.name)), f.name)
    return lookup


def tab_lookup() -> dict[str, str]:
    return {fold(alias): tab for tab, aliases in TAB_ALIASES.items() for alias in aliases}
