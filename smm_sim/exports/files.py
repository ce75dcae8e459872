"""From an export's bytes to tables of cells: CSV text in any of the encodings platforms use,
workbooks (through python-calamine), and zips of either, each within stated limits.

A file is told apart by its first bytes, never by its name: a zip (an xlsx is a zip holding
``xl/workbook.xml``), an OLE2 compound file (a legacy ``.xls``, or an encrypted workbook, whose
only stream is ``EncryptedPackage``), UTF-16 text (Meta's page-level CSVs) or UTF-8 / Windows
text. Every limit is checked before the step it protects, so reading takes time and memory
linear in the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..weekly_file import MEGABYTE, DataFileError

MAX_EXPORT_MB = 10  # a year of daily posts on two networks is under 1 MB as CSV
MAX_EXPORT_BYTES = MAX_EXPORT_MB * MEGABYTE
MAX_EXPANDED_MB = 40  # what a zip or a workbook may hold once uncompressed, all members together
MAX_EXPANDED_BYTES = MAX_EXPANDED_MB * MEGABYTE
MAX_MEMBERS = 40  # files in a zip: TikTok's holds about ten CSVs; a workbook about twenty parts
MAX_SHEETS = 30  # LinkedIn's followers workbook has six sheets
MAX_ROWS = 20_000  # rows a table: ten years of days, or fifty posts a day for a year
MAX_COLUMNS = 120  # LinkedIn's visitors sheet has 25 columns, Meta's content export about 30
MAX_CELL_CHARS = 5_000  # a post's text may be long; more is not an export's cell
CHUNK = 64 * 1024  # bytes a zip member is read at a time while its size is counted
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
DELIMITERS = (",", ";", "\t")
COMMENT = re.compile(r"\s*#")


@dataclass
class Table:
    """The cells of one CSV or sheet: ``rows[0]`` is the header (after any preamble).

    ``part`` names the sheet or zip member ("" for a plain CSV); ``preamble`` holds the lines
    above the header (GA4's "#" comments, Meta's metric name); ``day`` is a date the container
    was written (a zip member's), for dates given without a year.
    """

    part: str
    rows: list[list[Any]]
    preamble: list[str] = field(default_factory=list)
    delimiter: str | None = None
    day: date | None = None


def tables_of(data: bytes) -> tuple[str, list[Table]]:
    """The container's kind ("csv", "utf16", "xlsx", "xls", "zip") and its tables."""
    if len(data) > MAX_EXPORT_BYTES:
        raise DataFileError("exports.error.too_large", limit=MAX_EXPORT_MB)
    if not data.strip():
        raise DataFileError("exports.error.empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_tables(data)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise DataFileError("exports.error.password")
        return "xls", _workbook_tables(data)
    return _text_kind(data), [_csv_table(_decode(data), "")]


# --- zips and workbooks --------------------------------------------------------------------
def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # Names that do not decode, and a damaged header claiming a zip version, fail here too.
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise DataFileError("exports.error.corrupt") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise DataFileError("exports.error.too_many_members", count=len(members),
                            limit=MAX_MEMBERS)
    if sum(m.file_size for m in members) > MAX_EXPANDED_BYTES:  # what the zip declares
        raise DataFileError("exports.error.expands", limit=MAX_EXPANDED_MB)
    if any(m.flag_bits & 0x1 for m in members):
        raise DataFileError("exports.error.password")
    return archive


def _expanded(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every member's bytes, read a chunk at a time and counted as they come: a zip may declare
    sizes smaller than it expands to."""
    left = MAX_EXPANDED_BYTES
    members: dict[str, bytes] = {}
    try:
        for info in archive.infolist():
            if info.is_dir():
                continue
            parts = []
            with archive.open(info) as stream:
                while chunk := stream.read(min(CHUNK, left + 1)):
                    left -= len(chunk)
                    if left < 0:
                        raise DataFileError("exports.error.expands", limit=MAX_EXPANDED_MB)
                    parts.append(chunk)
            members[info.filename] = b"".join(parts)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError,
            ValueError, zlib.error):  # a damaged stream fails in any of these ways
        raise DataFileError("exports.error.corrupt") from None
    return members


def _zip_tables(data: bytes) -> tuple[str, list[Table]]:
    archive = _open_zip(data)
    dates = {i.filename: date(*i.date_time[:3]) for i in archive.infolist()}
    members = _expanded(archive)
    if "xl/workbook.xml" in members:
        return "xlsx", _workbook_tables(data)
    tables = []
    for name, content in members.items():
        if not content.strip() or name.startswith("__MACOSX/"):
            continue
        if content.startswith((b"PK\x03\x04", OLE_MAGIC)):
            raise DataFileError("exports.error.zip_content", member=name[-60:])
        try:
            table = _csv_table(_decode(content), name.rsplit("/", 1)[-1])
        except DataFileError:
            raise DataFileError("exports.error.zip_content", member=name[-60:]) from None
        table.day = dates.get(name)
        tables.append(table)
    if not tables:
        raise DataFileError("exports.error.zip_content", member="")
    return "zip", tables


def _workbook_tables(data: bytes) -> list[Table]:
    """The sheets of a workbook, each within the limits, read by python-calamine."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise DataFileError("exports.error.password") from None
    except Exception:  # a damaged workbook fails in many ways inside calamine
        raise DataFileError("exports.error.corrupt") from None
    names = list(book.sheet_names)
    if len(names) > MAX_SHEETS:
        raise DataFileError("exports.error.too_many_sheets", count=len(names), limit=MAX_SHEETS)
    tables = []
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            cells = sheet.to_python(skip_empty_area=True) if sheet.height <= MAX_ROWS + 5 \
                and sheet.width <= MAX_COLUMNS else None
        except Exception:  # as above: a sheet's damaged XML
            raise DataFileError("exports.error.corrupt") from None
        if sheet.height > MAX_ROWS + 5:
            raise DataFileError("exports.error.too_many_rows", part=name[:60], limit=MAX_ROWS)
        if sheet.width > MAX_COLUMNS:
            raise DataFileError("exports.error.too_many_columns", part=name[:60],
                                count=sheet.width, limit=MAX_COLUMNS)
        rows = [_trimmed(row) for row in cells or []]
        tables.append(_header_first(Table(name, [r for r in rows if r])))
    book.close()
    return tables


def _header_first(table: Table) -> Table:
    """A sheet whose first rows are a title (LinkedIn's "Metrics" has one above its header):
    the header is the first row with as many filled cells as the widest row."""
    if not table.rows:
        return table
    width = max(len(r) for r in table.rows[:10])
    for i, row in enumerate(table.rows[:10]):
        if sum(1 for c in row if c not in ("", None)) >= min(width, 2):
            table.preamble = [" ".join(str(c) for c in r if c not in ("", None))
                              for r in table.rows[:i]]
            table.rows = table.rows[i:]
            break
    return table


def _trimmed(row: list[Any]) -> list[Any]:
    while row and row[-1] in ("", None):
        row = row[:-1]
    for cell in row:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise DataFileError("exports.error.cell_too_long", limit=MAX_CELL_CHARS)
    return row


# --- text ------------------------------------------------------------------------------------
def _text_kind(data: bytes) -> str:
    return "utf16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        or _looks_utf16(data) else "csv"


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    return len(head) >= 4 and head[1::2].count(0) > len(head) // 4


def _decode(data: bytes) -> str:
    """UTF-16 (with a byte-order mark or without, as Meta writes it), UTF-8, or Windows-1252:
    what spreadsheets on Windows save."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        try:
            text = data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE,
                                                        codecs.BOM_UTF16_BE) else "utf-16-le")
        except UnicodeDecodeError:
            raise DataFileError("exports.error.unrecognised") from None
    elif b"\x00" in data:
        raise DataFileError("exports.error.unrecognised")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise DataFileError("exports.error.unrecognised") from None
    return text.lstrip("\ufeff")


def _csv_table(text: str, part: str) -> Table:
    """The rows of a CSV text: "#" lines and a one-cell title line above the header go to the
    preamble; the separator is the one that splits the header into most cells."""
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 50:
        raise DataFileError("exports.error.too_many_rows", part=part[:60], limit=MAX_ROWS)
    start, preamble = 0, []
    while start < len(lines) and (COMMENT.match(lines[start]) or not lines[start].strip()):
        if lines[start].strip():
            preamble.append(lines[start].strip().lstrip("#").strip())
        start += 1
    body = lines[start:]
    if not body:
        raise DataFileError("exports.error.empty")
    delimiter = max(DELIMITERS, key=lambda d: _width(body[1] if len(body) > 1 and
                                                     _width(body[0], d) < 2 else body[0], d))
    if _width(body[0], delimiter) < 2 and len(body) > 1:  # a title line: Meta's metric name
        preamble.append(body[0].strip().strip('"'))
        body = body[1:]
    try:
        rows = [_trimmed(r) for r in csv.reader(body, delimiter=delimiter)]
    except csv.Error:
        raise DataFileError("exports.error.unrecognised") from None
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if rows and len(rows[0]) > MAX_COLUMNS:
        raise DataFileError("exports.error.too_many_columns", part=part[:60],
                            count=len(rows[0]), limit=MAX_COLUMNS)
    return Table(part, rows, preamble, delimiter)


def _width(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return 0
