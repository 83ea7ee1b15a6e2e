"""``review.xlsx``: the review queue as a real spreadsheet, for LibreOffice and Excel.

A CSV leaves two choices to the spreadsheet's import: the character set (LibreOffice's default import ignores the
byte-order mark and reads Vietnamese as mojibake) and whether a cell is a formula. In an .xlsx every cell is
typed: article text is an inline string, never a formula, and the file is UTF-8 by definition. Written with the
standard library (a zip of five small XML parts) and with a fixed timestamp, so reruns give identical bytes.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from typing import IO, Any, Iterable

from ..escape import xml_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{_REL}/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="review" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        f'Type="{_REL}/worksheet"/></Relationships>'
    ),
}


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_text(str(value))}</t></is></c>'


def xlsx(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    """A one-sheet workbook: a header row of ``columns``, then one row per record; text stays text."""
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, rows)
    return buffer.getvalue()


def write_xlsx(target: IO[bytes], columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """:func:`xlsx` written to ``target`` (a seekable binary file), the sheet a row at a time: a run's whole
    review queue is never in memory."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(_info(name), _HEAD + xml)
        with archive.open(_info("xl/worksheets/sheet1.xml"), "w") as sheet:
            sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
                        f'topLeftCell="A2" state="frozen"/></sheetView></sheetViews><sheetData>'.encode())
            for r, values in enumerate(itertools.chain([dict(zip(columns, columns))], rows), start=1):
                cells = "".join(_cell(f"{_column(c)}{r}", values.get(name)) for c, name in enumerate(columns))
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # a fixed time: reruns give identical bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
