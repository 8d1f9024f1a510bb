"""Editing an .xlsx package cell by cell: only the changed `<c>` elements are rewritten.

Every other zip member is copied unchanged, and in a changed worksheet every other cell keeps
its exact XML text, so formulas keep their cached values and styles, widths, merged cells and
other tabs stay as they were. The XML is edited as text: an ElementTree round trip would
rename namespace prefixes and break `mc:Ignorable`. ElementTree only *reads* the small parts
(workbook.xml, its relationships, styles.xml).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import fromstring
from xml.sax.saxutils import escape, quoteattr

from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel

from lib.formatting import COLUMN_DATE_FORMAT
from lib.text import column_index, column_letter

CellValue = str | int | float | date | datetime | None
# (1-based row, 0-based column) → the value the cell should hold; None clears it.
CellWrites = Mapping[tuple[int, int], CellValue]

WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_UTF8_BOM = b"\xef\xbb\xbf"

# Characters XML 1.0 cannot hold (so neither can a workbook). Vertical tab and form feed are
# what Word's Shift+Enter and page breaks paste as: they become line breaks, the rest go.
_LINE_BREAK_LIKE = "\x0b\x0c"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAK = "line_break"
CONTROL = "control"

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


class PatchError(ValueError):
    """The package cannot be edited safely; nothing was written. The message says why."""


def xml_safe(text: str) -> tuple[str, frozenset[str]]:
    """`text` as XML can hold it, and what was replaced (`LINE_BREAK`, `CONTROL`)."""
    if _ILLEGAL.search(text) is None:
        return text, frozenset()
    kinds: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        if match[0] in _LINE_BREAK_LIKE:
            kinds.add(LINE_BREAK)
            return "\n"
        kinds.add(CONTROL)
        return ""

    return _ILLEGAL.sub(replace, text), frozenset(kinds)


# --- the package ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    title: str
    member: str
    sheet_id: int
    rel_id: str


def patch_package(data: bytes, writes: Mapping[str, CellWrites], *, new_tab: str = "") -> bytes:
    """The .xlsx `data` with `writes` (tab title → cells) applied; `new_tab` is created first
    (empty, last in the workbook) when given. Raises PatchError when it cannot be done safely."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PatchError(str(error)) from None
    with source:
        infos = source.infolist()
        names = {info.filename for info in infos}
        changed: dict[str, bytes] = {}
        workbook_xml = _text(source.read("xl/workbook.xml"))
        rels_xml = _text(source.read("xl/_rels/workbook.xml.rels"))
        sheets = _sheets(workbook_xml, rels_xml)
        added: dict[str, bytes] = {}
        if new_tab:
            member, parts = _add_tab(new_tab, sheets, workbook_xml, rels_xml, source, names)
            changed.update(parts)
            added[member] = b""
            sheets.append(_Sheet(new_tab, member, 0, ""))
        epoch = CALENDAR_MAC_1904 if _is_1904(workbook_xml) else CALENDAR_WINDOWS_1900
        styles = _Styles(_text(source.read("xl/styles.xml"))) if "xl/styles.xml" in names else None
        by_title = {sheet.title: sheet.member for sheet in sheets}
        for title, cells in writes.items():
            if not cells:
                continue
            member = by_title.get(title)
            if member is None:
                raise PatchError(f"no tab {title!r}")
            if member in added:
                original = _empty_sheet(workbook_xml)
            elif member in names:
                original = source.read(member)
            else:
                raise PatchError(f"the part of tab {title!r} is missing")
            xml = _patch_sheet(_text(original), cells, styles, epoch)
            (added if member in added else changed)[member] = _bytes(xml, original)
        if styles is not None and styles.changed:
            changed["xl/styles.xml"] = _bytes(styles.xml, source.read("xl/styles.xml"))
        return _write_zip(source, infos, changed, added)


def _write_zip(
    source: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    changed: Mapping[str, bytes],
    added: Mapping[str, bytes],
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.comment = source.comment
        for info in infos:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            copy.comment = info.comment
            content = changed[info.filename] if info.filename in changed else source.read(info)
            target.writestr(copy, content)
        for name, content in added.items():
            info = zipfile.ZipInfo(name, datetime.now().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _text(data: bytes) -> str:
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PatchError("a part is stored as UTF-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PatchError("a part is not UTF-8") from None


def _bytes(xml: str, original: bytes) -> bytes:
    encoded = xml.encode("utf-8")
    return _UTF8_BOM + encoded if original.startswith(_UTF8_BOM) else encoded


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _sheets(workbook_xml: str, rels_xml: str) -> list[_Sheet]:
    """The tabs in the workbook's order, with the zip member holding each one's XML."""
    targets: dict[str, str] = {}
    for element in fromstring(rels_xml):
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            targets[element.get("Id", "")] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
    sheets = []
    for element in fromstring(workbook_xml).iter():
        if _local(element.tag) == "sheet":
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            sheet_id = element.get("sheetId", "0")
            sheets.append(
                _Sheet(
                    element.get("name", ""),
                    targets.get(rel_id, ""),
                    int(sheet_id) if sheet_id.isdigit() else 0,
                    rel_id,
                )
            )
    return sheets


def _is_1904(workbook_xml: str) -> bool:
    for element in fromstring(workbook_xml).iter():
        if _local(element.tag) == "workbookPr":
            return element.get("date1904", "").lower() in ("1", "true")
    return False


def _empty_sheet(workbook_xml: str) -> bytes:
    namespace = _namespace(fromstring(workbook_xml).tag)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{namespace}"><sheetData/></worksheet>'
    ).encode()


def _add_tab(
    title: str,
    sheets: list[_Sheet],
    workbook_xml: str,
    rels_xml: str,
    source: zipfile.ZipFile,
    names: set[str],
) -> tuple[str, dict[str, bytes]]:
    """A new worksheet part's name and the three parts that declare it, edited as text."""
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in names:
        number += 1
    member = f"xl/worksheets/sheet{number}.xml"
    rel_ids = set(re.findall(r'\bId\s*=\s*"([^"]*)"', rels_xml))
    counter = 1
    while f"rId{counter}" in rel_ids:
        counter += 1
    rel_id = f"rId{counter}"

    root = fromstring(workbook_xml)
    rel_ns = next(
        (
            _namespace(key)
            for element in root.iter()
            if _local(element.tag) == "sheet"
            for key in element.attrib
            if _local(key) == "id" and key.startswith("{")
        ),
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    )
    # Only a declaration on the root is in scope for the new <sheet>: openpyxl declares the
    # prefix on each <sheet> element instead, where a sibling cannot use it.
    root_tag = re.search(r"<(?!\?)[^>]*>", workbook_xml)
    root_start = root_tag[0] if root_tag else ""
    declared = re.search(r'xmlns:([\w.-]+)\s*=\s*"' + re.escape(rel_ns) + '"', root_start)
    rel_attr = f"{declared[1]}:id" if declared else f'xmlns:r="{rel_ns}" r:id'
    closing = re.search(r"</([\w.-]+:)?sheets\s*>", workbook_xml)
    if closing is None:
        raise PatchError("workbook.xml has no <sheets>")
    prefix = closing[1] or ""
    sheet_id = max((s.sheet_id for s in sheets), default=0) + 1
    element = f'<{prefix}sheet name={quoteattr(title)} sheetId="{sheet_id}" {rel_attr}="{rel_id}"/>'
    workbook_xml = workbook_xml[: closing.start()] + element + workbook_xml[closing.start() :]

    rel_type = next(
        (
            e.get("Type", "")
            for e in fromstring(rels_xml)
            if e.get("Type", "").endswith("/worksheet")
        ),
        _WORKSHEET_REL,
    )
    relationship = (
        f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="/{member}"/>'  # absolute: no base
    )
    rels_xml = _insert_before_closing(rels_xml, "Relationships", relationship)

    types_raw = source.read("[Content_Types].xml")
    override = f'<Override PartName="/{member}" ContentType="{WORKSHEET_CONTENT_TYPE}"/>'
    types_xml = _insert_before_closing(_text(types_raw), "Types", override)
    return member, {
        "xl/workbook.xml": _bytes(workbook_xml, source.read("xl/workbook.xml")),
        "xl/_rels/workbook.xml.rels": _bytes(rels_xml, source.read("xl/_rels/workbook.xml.rels")),
        "[Content_Types].xml": _bytes(types_xml, types_raw),
    }


def _insert_before_closing(xml: str, tag: str, text: str) -> str:
    closing = list(re.finditer(rf"</(?:[\w.-]+:)?{tag}\s*>", xml))
    if not closing:
        raise PatchError(f"no </{tag}>")
    at = closing[-1].start()
    return xml[:at] + text + xml[at:]


# --- styles --------------------------------------------------------------------------------


class _Styles:
    """styles.xml: which cell styles show dates, and a date style added when none fits."""

    def __init__(self, xml: str) -> None:
        self.xml = xml
        self.changed = False
        root = fromstring(xml)
        self.prefix = _prefix_of(xml, "styleSheet")
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []
        for element in root:
            if _local(element.tag) == "numFmts":
                for fmt in element:
                    number = fmt.get("numFmtId", "")
                    if number.isdigit():
                        self.custom[int(number)] = fmt.get("formatCode", "")
            elif _local(element.tag) == "cellXfs":
                self.formats = [_int(xf.get("numFmtId")) for xf in element]
        self._added: dict[int | None, int] = {}

    def is_date(self, style: int | None) -> bool:
        if style is None or not 0 <= style < len(self.formats):
            return False
        number = self.formats[style]
        code = self.custom.get(number) or BUILTIN_FORMATS.get(number, "")
        return bool(code) and is_date_format(code)

    def date_style(self, based_on: int | None) -> int:
        """A new cell style: `based_on`'s font, fill and borders with a date number format."""
        if based_on in self._added:
            return self._added[based_on]
        number = self._date_format()
        xfs = self._cell_xfs()
        p = self.prefix
        elements = list(re.finditer(rf"<{p}xf\b[^>]*?(?:/>|>.*?</{p}xf\s*>)", xfs[1], re.S))
        if based_on is not None and 0 <= based_on < len(elements):
            template = elements[based_on][0]
        else:
            template = elements[0][0] if elements else f'<{p}xf numFmtId="0" xfId="0"/>'
        clone = _set_attr(template, "numFmtId", str(number))
        clone = _set_attr(clone, "applyNumberFormat", "1")
        start, end = xfs[0], xfs[0] + len(xfs[1])
        body = xfs[1]
        closing = body.rindex("<")
        body = body[:closing] + clone + body[closing:]
        body = _set_attr(body, "count", str(len(elements) + 1))
        self.xml = self.xml[:start] + body + self.xml[end:]
        self.formats.append(number)
        index = len(self.formats) - 1
        self._added[based_on] = index
        self.changed = True
        return index

    def _cell_xfs(self) -> tuple[int, str]:
        p = self.prefix
        found = re.search(rf"<{p}cellXfs\b[^>]*?>.*?</{p}cellXfs\s*>", self.xml, re.S)
        if found is None:
            raise PatchError("styles.xml has no cell styles")
        return found.start(), found[0]

    def _date_format(self) -> int:
        for number, code in self.custom.items():
            if code == COLUMN_DATE_FORMAT:
                return number
        number = max([163, *self.custom]) + 1
        p = self.prefix
        element = f'<{p}numFmt numFmtId="{number}" formatCode={quoteattr(COLUMN_DATE_FORMAT)}/>'
        found = re.search(rf"<{p}numFmts\b[^>]*?(/?)>", self.xml)
        if found is None:
            opening = re.search(rf"<{p}styleSheet\b[^>]*>", self.xml)
            if opening is None:
                raise PatchError("styles.xml has no <styleSheet>")
            block = f'<{p}numFmts count="1">{element}</{p}numFmts>'
            self.xml = self.xml[: opening.end()] + block + self.xml[opening.end() :]
        elif found[1]:
            block = f'<{p}numFmts count="1">{element}</{p}numFmts>'
            self.xml = self.xml[: found.start()] + block + self.xml[found.end() :]
        else:
            closing = self.xml.index(f"</{p}numFmts", found.end())
            self.xml = self.xml[:closing] + element + self.xml[closing:]
            opening = _set_attr(found[0], "count", str(len(self.custom) + 1))
            self.xml = self.xml[: found.start()] + opening + self.xml[found.end() :]
        self.custom[number] = COLUMN_DATE_FORMAT
        return number


def _prefix_of(xml: str, tag: str) -> str:
    found = re.search(rf"<([\w.-]+:)?{tag}\b", xml)
    return found[1] or "" if found else ""


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _set_attr(element: str, name: str, value: str) -> str:
    """`element`'s opening tag with attribute `name` set to `value` (added when missing)."""
    end = element.index(">")
    if element[end - 1] == "/":
        end -= 1
    tag = element[:end]
    pattern = re.compile(rf"(\s{re.escape(name)}\s*=\s*)(\"[^\"]*\"|'[^']*')")
    if pattern.search(tag):
        tag = pattern.sub(lambda m: f'{m[1]}"{value}"', tag, count=1)
    else:
        tag = f'{tag.rstrip()} {name}="{value}"'
    return tag + element[end:]


# --- one worksheet -------------------------------------------------------------------------


@dataclass
class _Cell:
    start: int  # offsets in the row's inner text
    end: int
    column: int  # 0-based
    attrs: dict[str, str]
    inner: str


@dataclass
class _Row:
    start: int  # offsets in the sheetData body
    end: int
    number: int
    attrs_text: str
    inner: str | None  # None for a self-closing <row/>


def _attrs(text: str) -> dict[str, str]:
    return {m[1]: html.unescape(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(text)}


def _patch_sheet(xml: str, writes: CellWrites, styles: _Styles | None, epoch: datetime) -> str:
    p = _prefix_of(xml, "worksheet")
    data = re.search(rf"<{p}sheetData\b[^>]*?(/?)>", xml)
    if data is None:
        raise PatchError("a worksheet has no <sheetData>")
    if data[1]:
        head = xml[: data.start()] + data[0][:-2].rstrip() + ">"
        body, tail = "", f"</{p}sheetData>" + xml[data.end() :]
    else:
        end = xml.index(f"</{p}sheetData", data.end())
        head, body, tail = xml[: data.end()], xml[data.end() : end], xml[end:]

    sheet = _SheetText(p, body, styles, epoch)
    sheet.unshare_formulas_of(writes)
    body = sheet.apply(writes)
    return _extend_dimension(head, p, writes) + body + tail


class _SheetText:
    def __init__(self, prefix: str, body: str, styles: _Styles | None, epoch: datetime) -> None:
        self.p = prefix
        self.body = body
        self.styles = styles
        self.epoch = epoch
        self._row = re.compile(rf"<{prefix}row\b([^>]*?)(?:/>|>(.*?)</{prefix}row\s*>)", re.S)
        self._cell = re.compile(rf"<{prefix}c\b([^>]*?)(?:/>|>(.*?)</{prefix}c\s*>)", re.S)
        self._formula = re.compile(rf"<{prefix}f\b([^>]*?)(?:/>|>(.*?)</{prefix}f\s*>)", re.S)
        self._column_dates: dict[int, int | None] | None = None

    def rows(self) -> list[_Row]:
        rows, previous = [], 0
        for match in self._row.finditer(self.body):
            attrs = _attrs(match[1])
            number = attrs.get("r", "")
            previous = max(int(number), previous + 1) if number.isdigit() else previous + 1
            rows.append(_Row(match.start(), match.end(), previous, match[1], match[2]))
        return rows

    def cells(self, inner: str) -> list[_Cell]:
        cells, previous = [], -1
        for match in self._cell.finditer(inner):
            attrs = _attrs(match[1])
            ref = _REF.match(attrs.get("r", ""))
            column = column_index(ref[1]) if ref else previous + 1
            previous = max(column, previous + 1)
            cells.append(_Cell(match.start(), match.end(), previous, attrs, match[2] or ""))
        return cells

    def unshare_formulas_of(self, writes: CellWrites) -> None:
        """A shared formula's first cell holds the formula text for the cells sharing it: before
        it is overwritten, each of those cells gets the formula written out in full."""
        masters: dict[str, tuple[str, str]] = {}  # si → (formula, origin cell)
        for row in self.rows():
            if row.inner is None or not any(r == row.number for r, _ in writes):
                continue
            for cell in self.cells(row.inner):
                if (row.number, cell.column) not in writes:
                    continue
                formula = self._formula.search(cell.inner)
                if formula is None:
                    continue
                attrs = _attrs(formula[1])
                if attrs.get("t") == "shared" and "ref" in attrs and formula[2]:
                    ref = f"{column_letter(cell.column)}{row.number}"
                    masters[attrs.get("si", "")] = (html.unescape(formula[2]), ref)
        if not masters:
            return

        def expand(match: re.Match[str]) -> str:
            found = self._formula.search(match[0])
            if found is None:
                return match[0]
            attrs = _attrs(found[1])
            if attrs.get("t") != "shared" or attrs.get("si") not in masters or found[2]:
                return match[0]
            cell_ref = _attrs(match[1]).get("r", "")
            if not _REF.match(cell_ref):
                raise PatchError("a cell sharing a formula has no reference")
            text, origin = masters[attrs["si"]]
            moved = Translator("=" + text, origin=origin).translate_formula(cell_ref)[1:]
            element = f"<{self.p}f>{escape(moved)}</{self.p}f>"
            return match[0][: found.start()] + element + match[0][found.end() :]

        self.body = self._cell.sub(expand, self.body)

    def apply(self, writes: CellWrites) -> str:
        by_row: dict[int, dict[int, CellValue]] = {}
        for (row, column), value in writes.items():
            by_row.setdefault(row, {})[column] = value
        pieces: list[str] = []
        cursor = 0
        pending = sorted(by_row)
        for row in self.rows():
            while pending and pending[0] < row.number:
                pieces += [self.body[cursor : row.start], self._new_row(pending[0], by_row)]
                cursor = row.start
                pending.pop(0)
            if pending and pending[0] == row.number:
                pieces += [self.body[cursor : row.start], self._patched_row(row, by_row)]
                cursor = row.end
                pending.pop(0)
        pieces.append(self.body[cursor:])
        pieces += [self._new_row(number, by_row) for number in pending]
        return "".join(pieces)

    def _new_row(self, number: int, by_row: dict[int, dict[int, CellValue]]) -> str:
        cells = "".join(
            self._cell_xml(number, column, value)
            for column, value in sorted(by_row[number].items())
        )
        return f'<{self.p}row r="{number}">{cells}</{self.p}row>'

    def _patched_row(self, row: _Row, by_row: dict[int, dict[int, CellValue]]) -> str:
        wanted = by_row[row.number]
        inner = row.inner or ""
        cells = self.cells(inner)
        existing = {cell.column: cell for cell in cells}
        pieces: list[str] = []
        cursor = 0
        pending = sorted(c for c in wanted if c not in existing)
        for cell in cells:
            while pending and pending[0] < cell.column:
                column = pending.pop(0)
                pieces += [
                    inner[cursor : cell.start],
                    self._cell_xml(row.number, column, wanted[column]),
                ]
                cursor = cell.start
            if cell.column in wanted:
                style = cell.attrs.get("s", "")
                written = self._cell_xml(
                    row.number,
                    cell.column,
                    wanted[cell.column],
                    int(style) if style.isdigit() else None,
                )
                pieces += [inner[cursor : cell.start], written]
                cursor = cell.end
        end_of_cells = cells[-1].end if cells else 0  # before a row's <extLst>, if any
        pieces.append(inner[cursor:end_of_cells])
        pieces += [self._cell_xml(row.number, column, wanted[column]) for column in pending]
        pieces.append(inner[max(cursor, end_of_cells) :])
        attrs = _widen_spans(row.attrs_text, wanted)
        return f"<{self.p}row{attrs}>{''.join(pieces)}</{self.p}row>"

    def _cell_xml(self, row: int, column: int, value: CellValue, style: int | None = None) -> str:
        p = self.p
        ref = f"{column_letter(column)}{row}"
        if isinstance(value, bool):
            raise PatchError("a true/false value cannot be written")
        if isinstance(value, date | datetime):
            if self.styles is None:
                value = value.isoformat()  # no styles part to hold a date format: ISO text
            else:
                style = self._date_style(column, style)
                serial = to_excel(value, self.epoch)
                return f'<{p}c r="{ref}" s="{style}"><{p}v>{_number(serial)}</{p}v></{p}c>'
        if (
            isinstance(value, int | float)
            and self.styles is not None
            and self.styles.is_date(style)
        ):
            style = None  # a count in a date-formatted cell would read back as a date
        style_attr = f' s="{style}"' if style is not None else ""
        if value is None:
            return f'<{p}c r="{ref}"{style_attr}/>'
        if isinstance(value, str):
            text = escape(xml_safe(value)[0]).replace("\r", "&#13;")
            return (
                f'<{p}c r="{ref}"{style_attr} t="inlineStr"><{p}is>'
                f'<{p}t xml:space="preserve">{text}</{p}t></{p}is></{p}c>'
            )
        return f'<{p}c r="{ref}"{style_attr}><{p}v>{_number(value)}</{p}v></{p}c>'

    def _date_style(self, column: int, style: int | None) -> int:
        assert self.styles is not None
        if self.styles.is_date(style):
            return style  # type: ignore[return-value]
        found = self._dates_by_column().get(column)
        if found is not None:
            return found
        return self.styles.date_style(style)

    def _dates_by_column(self) -> dict[int, int | None]:
        """The first date-formatted style in each column (cells as they were)."""
        if self._column_dates is None:
            found: dict[int, int | None] = {}
            styles = self.styles
            for row in self.rows():
                for cell in self.cells(row.inner or ""):
                    style = cell.attrs.get("s", "")
                    dated = styles is not None and style.isdigit() and styles.is_date(int(style))
                    if dated and cell.column not in found:
                        found[cell.column] = int(style)
            self._column_dates = found
        return self._column_dates


def _number(value: Any) -> str:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise PatchError("not a finite number")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(int(value))


def _widen_spans(attrs_text: str, columns: Mapping[int, Any]) -> str:
    """The row's `spans` hint (first:last column, 1-based) widened to the cells written."""
    found = re.search(r"""(\sspans\s*=\s*)(["'])([^"']*)\2""", attrs_text)
    if not found:
        return attrs_text
    bounds = [int(n) for n in re.findall(r"\d+", found[3])]
    if not bounds:
        return attrs_text
    low = min([*bounds, *(c + 1 for c in columns)])
    high = max([*bounds, *(c + 1 for c in columns)])
    if (low, high) == (min(bounds), max(bounds)):
        return attrs_text
    return attrs_text[: found.start()] + f'{found[1]}"{low}:{high}"' + attrs_text[found.end() :]


def _extend_dimension(head: str, p: str, writes: CellWrites) -> str:
    """The sheet's `<dimension>` grown to cover the cells written (readers may trust it)."""
    found = re.search(rf"<{p}dimension\b[^>]*?\bref\s*=\s*\"([^\"]*)\"", head)
    if found is None or not writes:
        return head
    corners = [_REF.match(part) for part in found[1].split(":")]
    if not all(corners) or len(corners) not in (1, 2):
        return head
    first, last = corners[0], corners[-1]
    assert first is not None and last is not None
    top, left = int(first[2]), column_index(first[1])
    bottom, right = int(last[2]), column_index(last[1])
    rows = [r for r, _ in writes]
    columns = [c for _, c in writes]
    top, left = min(top, *rows), min(left, *columns)
    bottom, right = max(bottom, *rows), max(right, *columns)
    ref = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
    return head[: found.start(1)] + ref + head[found.end(1) :]
