"""Read the files sales teams keep into raw tables, remembering where every row came from.

A reader returns ``RawTable`` objects: the cells as found (no type conversion yet), the header
as the user wrote it, and the row number the user sees (Excel row, or line of a text file).
Type conversion and checks live in ``kamkit.files.assemble``. Files are read whole into memory and
closed at once: kamkit never writes to, or keeps open, a user's input file.

pandas is imported where a frame is made, not with this module: Parquet files are decoded with
Arrow and NumPy alone, so ``kamkit.load`` can read them while pandas is being imported.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from kamkit.core.errors import Problem, Text
from kamkit.core.schema import PARAMETERS_TABLE_SPELLINGS, PLAN_TABLES, TABLES, normalise_header

MAX_CELLS_LISTED = 10  # bad cells listed one by one, per column and kind; the rest are counted

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}


@dataclass
class RawTable:
    """Cells of one sheet or file, before typing.

    ``frame`` columns are the user's headers; ``rows`` gives, per frame row, the row number the
    user sees (``None`` for Parquet, which has no visible rows: positions are 1-based records).
    """

    table: str  # "accounts", "sales", "visits", "parameters"
    frame: pd.DataFrame | None  # None until ``finish()`` when the reader left a ``build``
    file: str
    sheet: str = ""
    rows: np.ndarray | None = None
    decimal_comma: bool = False  # the file itself suggests 1.234,56 numbers (a ';' CSV)
    trimmed: bool = False  # text categories already stripped of surrounding spaces (Parquet)
    plain_text: frozenset = frozenset()  # headers of columns already text as kept: str or None
    # header -> row positions whose cells the reader reported (and left blank): the checks do
    # not report them again as empty
    reported: dict = field(default_factory=dict)
    header_row: int = 1
    build: Callable[[], pd.DataFrame] | None = field(default=None, repr=False)

    def finish(self) -> RawTable:
        """Make the frame if the reader left it to be made (Parquet: decoded without pandas)."""
        if self.frame is None and self.build is not None:
            self.frame, self.build = self.build(), None
        return self

    def row_label(self, position: int) -> int:
        """Row number the user sees for frame position ``position``."""
        if self.rows is None:
            return position + 1
        return int(self.rows[position])


def table_for_name(name: str) -> str | None:
    """Which table a sheet or file name (without suffix) holds, or None."""
    norm = normalise_header(name)
    for table in TABLES.values():
        if norm in table.spellings():
            return table.name
    if norm in PARAMETERS_TABLE_SPELLINGS:
        return "parameters"
    return None


# -- sniffing ---------------------------------------------------------------------------------


def sniff_kind(data: bytes) -> str:
    """What a file's first bytes say it is: xlsx (zip), xls (OLE2), parquet, html, text, or
    empty (0 bytes). UTF-16 text with its byte order mark (Excel's "Unicode text") is text."""
    if not data:
        return "empty"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "text"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        return "ole"
    if data[:4] == b"PAR1":
        return "parquet"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "markup"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


_KIND_WORDS = {
    "zip": Text("an Excel workbook (.xlsx)", "uma pasta de trabalho do Excel (.xlsx)"),
    "ole": Text(
        "an old-style Excel workbook (.xls)", "uma pasta de trabalho do Excel antigo (.xls)"
    ),
    "parquet": Text("a Parquet file", "um arquivo Parquet"),
    "markup": Text("a web page or XML file", "uma página da web ou um arquivo XML"),
    "binary": Text("a binary file", "um arquivo binário"),
    "text": Text("a text (CSV) file", "um arquivo de texto (CSV)"),
}
_EXPECTED_WORDS = {
    "an Excel workbook": Text("an Excel workbook", "uma pasta de trabalho do Excel"),
    "a text (CSV) file": Text("a text (CSV) file", "um arquivo de texto (CSV)"),
    "a Parquet file": Text("a Parquet file", "um arquivo Parquet"),
}
_WRONG_KIND = Text(
    "the file's name says it is {expected}, but its content is {found}.",
    "o nome do arquivo diz que ele é {expected}, mas o conteúdo é {found}.",
)
_WRONG_KIND_FIX = Text(
    "Open it in Excel and use 'Save As' with the right type (Excel Workbook .xlsx, or CSV), or "
    "rename it to match what it is.",
    "Abra no Excel e use 'Salvar como' com o tipo certo (Pasta de Trabalho do Excel .xlsx, ou "
    "CSV), ou renomeie o arquivo conforme o que ele é.",
)
_EMPTY_FILE = Text("the file is empty (0 bytes).", "o arquivo está vazio (0 bytes).")
_EMPTY_FILE_FIX = Text(
    "It was probably not saved or copied completely: save it again from Excel, or copy it "
    "again from where it came from.",
    "Provavelmente ele não foi salvo ou copiado por inteiro: salve de novo no Excel, ou copie "
    "de novo da origem.",
)


def _both(en: str, pt: str, **fields) -> Text:
    return Text(en, pt).format(**fields)


def _fill(template: Text, **fields: Text | str) -> Text:
    """``template`` with fields that are themselves in both languages (a Text's English goes
    into the English sentence, its Portuguese into the Portuguese one)."""
    return Text(
        template.en.format(**{k: v.en if isinstance(v, Text) else v for k, v in fields.items()}),
        template.pt.format(**{k: v.pt if isinstance(v, Text) else v for k, v in fields.items()}),
    )


def wrong_kind_problem(path: Path, expected: str, found: str) -> Problem:
    if found == "empty":
        return Problem(_EMPTY_FILE, fix=_EMPTY_FILE_FIX, file=path.name)
    return Problem(
        _fill(
            _WRONG_KIND, expected=_EXPECTED_WORDS.get(expected, expected), found=_KIND_WORDS[found]
        ),
        fix=_WRONG_KIND_FIX,
        file=path.name,
    )


# -- Excel ------------------------------------------------------------------------------------


def read_excel(
    path: Path, data: bytes, table_of=table_for_name, kinds_of=None
) -> tuple[list[RawTable], list[Problem]]:
    """Read every sheet that names a table of the model (``table_of`` maps a sheet name).

    ``kinds_of(table)`` gives ``{normalised header: "date" or "number"}``: the cells of those
    columns are checked here (dates past 2261, numbers that read two ways; see
    ``check_cells``)."""
    import python_calamine as pc

    kind = sniff_kind(data)
    if kind not in ("zip", "ole"):
        return [], [wrong_kind_problem(path, "an Excel workbook", kind)]
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged files
        return [], [
            Problem(
                _both(
                    "the workbook cannot be opened ({exc}).",
                    "a pasta de trabalho não pode ser aberta ({exc}).",
                    exc=exc,
                ),
                fix=Text(
                    "Open it in Excel, check it is not damaged or password-protected, and save "
                    "it again as .xlsx.",
                    "Abra no Excel, confira se não está corrompida ou protegida por senha, e "
                    "salve de novo como .xlsx.",
                ),
                file=path.name,
            )
        ]
    tables, problems = [], []
    seen: dict[str, str] = {}
    for sheet_name in book.sheet_names:
        table = table_of(sheet_name)
        if table is None:
            continue
        if table in seen:
            problems.append(
                Problem(
                    _both(
                        "two sheets hold the {table} table: {a!r} and {b!r}.",
                        "duas planilhas têm a tabela {table}: {a!r} e {b!r}.",
                        table=table,
                        a=seen[table],
                        b=sheet_name,
                    ),
                    fix=Text(
                        "Keep one of them (rename or delete the other).",
                        "Deixe só uma (renomeie ou apague a outra).",
                    ),
                    file=path.name,
                )
            )
            continue
        seen[table] = sheet_name
        cells = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        raw = _table_from_rows(table, cells, file=path.name, sheet=sheet_name)
        problems += check_cells(raw, kinds_of(table) if kinds_of else {})
        tables.append(raw)
    return tables, problems


def _table_from_rows(
    table: str,
    cells: list[list],
    *,
    file: str,
    sheet: str = "",
    first_line: int = 1,
    decimal_comma: bool = False,
) -> RawTable:
    """Build a RawTable from a list of rows; the first non-blank row is the header."""
    import pandas as pd

    header_at = next((i for i, r in enumerate(cells) if any(_filled(v) for v in r)), None)
    if header_at is None:
        return RawTable(
            table,
            pd.DataFrame(),
            file,
            sheet,
            np.array([], dtype=int),
            decimal_comma,
            header_row=first_line,
        )
    header = [str(v).strip() if _filled(v) else "" for v in cells[header_at]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    columns = [h if h else f"(column {excel_column(i)})" for i, h in enumerate(header)]
    body = cells[header_at + 1 :]
    if body and any(len(r) != width for r in body):
        body = [list(r[:width]) + [""] * (width - len(r)) for r in body]
    frame = (
        pd.DataFrame(body, columns=columns, dtype=object)
        if body
        else pd.DataFrame(columns=columns, dtype=object)
    )
    rows = np.arange(len(frame)) + first_line + header_at + 1
    values = frame.to_numpy(dtype=object)
    keep = ~(pd.isna(values) | (values == "")).all(axis=1) if len(frame) else np.array([], bool)
    frame = frame[keep].reset_index(drop=True)
    return RawTable(
        table, frame, file, sheet, rows[keep], decimal_comma, header_row=first_line + header_at
    )


def _filled(v) -> bool:
    return (
        v is not None
        and not (isinstance(v, str) and not v.strip())
        and not (isinstance(v, float) and np.isnan(v))
    )


def excel_column(i: int) -> str:
    """The letters Excel shows for the column at 0-based position ``i``: 0 -> A, 27 -> AB."""
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


_excel_column = excel_column  # kamkit.outputs.template's import, until it takes the public name


# -- CSV --------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file as Excel users save it: UTF-8 (with or without BOM), UTF-16 with its
    BOM (Excel's "Unicode text"), else cp1252 (see ``decode_with_rows``)."""
    text, encoding, _ = decode_with_rows(data)
    return text, encoding


# a well-formed UTF-8 sequence of two to four bytes (an accent, ç, €...)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
    rb"[\xf0-\xf4][\x80-\xbf]{3}"
)
_STRAY = re.compile("[\udc80-\udcff]")


def decode_with_rows(data: bytes) -> tuple[str, str, list[int]]:
    """Decode a text file; returns (text, encoding, rows of bytes that were not UTF-8).

    A file that is UTF-8 but for a few bytes (a line pasted from an old system) is read as
    UTF-8, and only those bytes as Windows (cp1252) characters: decoding it all as cp1252
    would garble every accent. A file with no UTF-8 accent at all and bytes that are not UTF-8
    is a Windows (cp1252) file, read as such (the rows list is then empty).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        bom = True
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    else:
        bom = False
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8", []
    except UnicodeDecodeError:
        pass
    if not bom and not _UTF8_MULTIBYTE.search(data):
        return data.decode("cp1252", errors="replace"), "cp1252", []
    # UTF-8 with stray bytes: those (as surrogates) are read one by one as cp1252
    text = data.decode("utf-8", errors="surrogateescape")
    rows, line, last = [], 1, 0
    pieces, start = [], 0
    for hit in _STRAY.finditer(text):
        at = hit.start()
        line += text.count("\n", last, at)
        last = at
        if not rows or rows[-1] != line:
            rows.append(line)
        pieces.append(text[start:at])
        pieces.append(bytes([ord(hit.group()) - 0xDC00]).decode("cp1252", errors="replace"))
        start = at + 1
    pieces.append(text[start:])
    return "".join(pieces), "utf-8+cp1252", rows


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


_SEPARATOR_WORDS = {
    ";": Text("the semicolon (;)", "o ponto e vírgula (;)"),
    ",": Text("the comma (,)", "a vírgula (,)"),
    "\t": Text("the tab", "a tabulação"),
    "|": Text("the bar (|)", "a barra vertical (|)"),
}
_EXTRA_CELLS_FIX = Text(
    "A value probably holds the separator, {sep}: put that value in quotes, or remove the "
    "extra cells; or open the file in Excel and save it again as CSV.",
    "Algum valor deve conter o separador, {sep}: coloque esse valor entre aspas, ou apague as "
    "células a mais; ou abra o arquivo no Excel e salve de novo como CSV.",
)


def read_csv(
    path: Path, data: bytes, table: str, kinds: dict | None = None
) -> tuple[list[RawTable], list[Problem]]:
    """Read a text file (CSV, TSV, Excel's "Unicode text"); ``kinds`` as in ``check_cells``."""
    import pandas as pd

    kind = sniff_kind(data)
    if kind not in ("text", "empty"):
        return [], [wrong_kind_problem(path, "a text (CSV) file", kind)]
    text, _encoding, odd_rows = decode_with_rows(data)
    problems = []
    if odd_rows:
        problems.append(_odd_bytes_problem(path.name, odd_rows))
    if not text.strip():
        return [RawTable(table, pd.DataFrame(), path.name, rows=np.array([], dtype=int))], problems
    sep = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
        # rows one cell longer than the header make pandas take the first column for an
        # index, shifting every cell one column left: never accepted as it is
        split = isinstance(frame.index, pd.RangeIndex)
    except (pd.errors.ParserError, csv.Error):
        split = False
    if split:
        rows = np.arange(len(frame)) + 2
    else:  # rows of unequal length, or a quote never closed: the csv module says where
        layout, header, body, lines = _split_rows(text, sep, path.name)
        if layout:
            return [], problems + layout
        frame = (
            pd.DataFrame(body, columns=header, dtype=object)
            if body
            else pd.DataFrame(columns=header, dtype=object)
        )
        rows = np.array(lines, dtype=int)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object)
    values = frame.to_numpy(dtype=object)
    filled = ~(values == "").all(axis=1) if len(frame) else np.array([], dtype=bool)
    frame = frame[filled].reset_index(drop=True)
    raw = RawTable(table, frame, path.name, rows=rows[filled], decimal_comma=(sep == ";"))
    problems += check_cells(raw, kinds or {})
    return [raw], problems


_ODD_BYTES = Text(
    "the file is UTF-8, but row(s) {rows} hold characters that are not; kamkit read those as "
    "Windows (cp1252) characters.",
    "o arquivo é UTF-8, mas a(s) linha(s) {rows} têm caracteres que não são; o kamkit os leu "
    "como caracteres do Windows (cp1252).",
)
_ODD_BYTES_FIX = Text(
    "Check the accents in those rows; save the file as 'CSV UTF-8' to avoid this.",
    "Confira os acentos nessas linhas; salve o arquivo como 'CSV UTF-8' para evitar isso.",
)


def _odd_bytes_problem(file: str, rows: list[int]) -> Problem:
    """The warning for a UTF-8 file with bytes read as cp1252: the rows, ten listed."""
    listed = ", ".join(map(str, rows[:MAX_CELLS_LISTED]))
    more = len(rows) - MAX_CELLS_LISTED
    shown = Text(listed, listed) + (
        _both(" and {n} more", " e mais {n}", n=more) if more > 0 else ""
    )
    return Problem(_fill(_ODD_BYTES, rows=shown), fix=_ODD_BYTES_FIX, file=file, severity="warning")


def _split_rows(
    text: str, sep: str, file: str
) -> tuple[list[Problem], list[str], list[list[str]], list[int]]:
    """Split a file pandas could not split evenly, with the csv module: returns (problems,
    header, body rows, the line each body row starts on). Problems are rows with more filled
    cells than the header, and a quote never closed, each named by row (the line a text
    editor shows). Blank cells past the header (``a;b;c;``, as Excel writes a row whose last
    columns are empty) are dropped, and short rows filled with blanks."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    width, problems, ragged, start = None, [], [], 1
    header, body, lines = [], [], []
    words = _SEPARATOR_WORDS.get(sep, repr(sep))
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if width is None:
                header = list(cells)
                while header and not header[-1].strip():
                    header.pop()
                width = len(header)
                header = [
                    h if h.strip() else f"(column {excel_column(i)})" for i, h in enumerate(header)
                ]
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                ragged.append((line, len(cells)))
            body.append(cells[:width] + [""] * (width - len(cells)))
            lines.append(line)
    except csv.Error:
        problems.append(
            Problem(
                Text(
                    'a quote (") opened in this row is never closed, so the rest of the file would '
                    "be read as one cell.",
                    'uma aspa (") aberta nesta linha nunca é fechada, e o resto do arquivo seria '
                    "lido como uma célula só.",
                ),
                fix=Text(
                    "Close the quote, or remove it; or open the file in Excel and save it "
                    "again as CSV.",
                    "Feche a aspa, ou apague-a; ou abra o arquivo no Excel e salve de novo como "
                    "CSV.",
                ),
                file=file,
                row=start,
            )
        )
    for line, count in ragged[:MAX_CELLS_LISTED]:
        problems.append(
            Problem(
                _both(
                    "this row has {n} cells, but the header has {width} columns.",
                    "esta linha tem {n} células, mas o cabeçalho tem {width} colunas.",
                    n=count,
                    width=width,
                ),
                fix=_fill(_EXTRA_CELLS_FIX, sep=words),
                file=file,
                row=line,
            )
        )
    if len(ragged) > MAX_CELLS_LISTED:
        rest = len(ragged) - MAX_CELLS_LISTED
        problems.append(
            Problem(
                _both(
                    "{n} more rows have more cells than the header, the last at row {last}.",
                    "mais {n} linhas têm mais células que o cabeçalho; a última é a linha {last}.",
                    n=rest,
                    last=ragged[-1][0],
                ),
                fix=Text(
                    "Put values that hold the separator in quotes.",
                    "Coloque entre aspas os valores que contêm o separador.",
                ),
                file=file,
            )
        )
    return problems, header, body, lines


# -- checks on the cells as read ----------------------------------------------------------------

_OUTSIDE = Text(
    "{value} is outside the dates kamkit can hold (the years 1678 to 2261).",
    "{value} está fora das datas que o kamkit consegue guardar (anos de 1678 a 2261).",
)
_OUTSIDE_FIX = Text(
    "A placeholder such as 9999-12-31 means no date: leave the cell empty, or write the real date.",
    "Uma data fictícia como 31/12/9999 quer dizer 'sem data': deixe a célula "
    "vazia, ou escreva a data real.",
)
_OUTSIDE_MORE = Text(
    "{n} more dates in this column are outside that range, the last at row {last}.",
    "mais {n} datas desta coluna estão fora desse intervalo; a última é a linha {last}.",
)
_OUTSIDE_MORE_FIX = Text(
    "Leave them empty, or write the real dates.", "Deixe-as vazias, ou escreva as datas reais."
)
_AMBIGUOUS = Text(
    "{value!r} can be read two ways: this column also has numbers with a decimal point (like "
    "{example!r}), so the dot in {value!r} may separate thousands or decimals.",
    "{value!r} pode ser lido de dois jeitos: esta coluna também tem números com ponto decimal "
    "(como {example!r}), então o ponto de {value!r} pode separar milhares ou decimais.",
)
_AMBIGUOUS_FIX = Text(
    "Write every number of the column the same way: with the decimal comma (12.500,00 or "
    "12500 for twelve thousand five hundred, 3,75) or with the decimal point (12500, 3.75).",
    "Escreva todos os números da coluna do mesmo jeito: com vírgula decimal (12.500,00 ou 12500 "
    "para doze mil e quinhentos, 3,75) ou com ponto decimal (12500, 3.75).",
)
_AMBIGUOUS_MORE = Text(
    "{n} more cells in this column can be read two ways, the last at row {last}.",
    "mais {n} células desta coluna podem ser lidas de dois jeitos; a última é a linha {last}.",
)
_INFINITE = Text(
    "{value} is too large to be a number kamkit can add up.",
    "{value} é grande demais para ser um número que o kamkit consiga somar.",
)
_INFINITE_FIX = Text(
    "Write the real amount (such as 1234.56 or 1.234,56).",
    "Escreva o valor real (como 1.234,56 ou 1234.56).",
)
_INFINITE_MORE = Text(
    "{n} more cells in this column are too large, the last at row {last}.",
    "mais {n} células desta coluna são grandes demais; a última é a linha {last}.",
)


def check_cells(raw: RawTable, kinds: dict) -> list[Problem]:
    """Check the cells of the columns ``kinds`` names (``{normalised header: "date" or
    "number"}``) for what a plain conversion would misread without a word: a date past 2261
    (an ERP's 9999-12-31, which would wrap around into 1816), a number that reads two ways
    (``12.500`` beside ``3.75``: see ``_convert.ambiguous_numbers``) and an infinite one
    (``1e309``, ``inf``).

    Each such cell is an error naming it (the first ``MAX_CELLS_LISTED`` per column and kind,
    the rest counted); it is then left blank and noted in ``raw.reported``, so the later checks
    do not report it again.
    """
    from kamkit.model import convert as _convert

    if not kinds or raw.frame is None or not len(raw.frame):
        return []
    problems = []
    for header in list(raw.frame.columns):
        kind = kinds.get(normalise_header(header))
        if kind not in ("date", "number"):
            continue
        values = raw.frame[header]
        if values.dtype != object:
            continue
        found = []  # (cells, message of a value, fix, sentence for the rest)
        if kind == "date":
            found.append(
                (
                    _convert.outside_dates(values),
                    lambda v: _OUTSIDE.format(value=v),
                    _OUTSIDE_FIX,
                    _OUTSIDE_MORE,
                    _OUTSIDE_MORE_FIX,
                )
            )
        else:
            wrong = _convert.ambiguous_numbers(values, decimal_comma=raw.decimal_comma)
            example = _convert.dot_decimal_example(values) if wrong.any() else ""
            found.append(
                (
                    wrong,
                    lambda v, example=example: _AMBIGUOUS.format(value=v, example=example),
                    _AMBIGUOUS_FIX,
                    _AMBIGUOUS_MORE,
                    _AMBIGUOUS_FIX,
                )
            )
            found.append(
                (
                    _convert.infinite_numbers(values),
                    lambda v: _INFINITE.format(value=v),
                    _INFINITE_FIX,
                    _INFINITE_MORE,
                    _INFINITE_FIX,
                )
            )
        every = np.zeros(len(values), dtype=bool)
        for wrong, message, fix, more, more_fix in found:
            if not wrong.any():
                continue
            positions = np.flatnonzero(wrong)
            for pos in positions[:MAX_CELLS_LISTED]:
                problems.append(
                    Problem(
                        message(_cell_text(values.iat[pos])),
                        fix=fix,
                        file=raw.file,
                        sheet=raw.sheet,
                        row=raw.row_label(pos),
                        column=header,
                    )
                )
            if len(positions) > MAX_CELLS_LISTED:
                problems.append(
                    Problem(
                        more.format(
                            n=len(positions) - MAX_CELLS_LISTED, last=raw.row_label(positions[-1])
                        ),
                        fix=more_fix,
                        file=raw.file,
                        sheet=raw.sheet,
                        column=header,
                    )
                )
            every |= wrong
        if every.any():
            positions = np.flatnonzero(every)
            column = values.to_numpy(dtype=object).copy()
            column[positions] = None
            raw.frame[header] = column
            raw.reported[header] = positions
    return problems


def _cell_text(value) -> str:
    """A cell as the user wrote it (a date without the time Excel adds)."""
    import datetime as dt

    if isinstance(value, dt.datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# -- Parquet ----------------------------------------------------------------------------------


def read_parquet(
    path: Path, table: str, keep: set[str] | None = None, ids=None
) -> tuple[list[RawTable], list[Problem]]:
    """Read a Parquet file fast and small, whatever its size.

    Text columns are read as Arrow dictionaries and become pandas Categoricals (no Python
    string per row: 20 million invoice lines would cost gigabytes); numbers and dates are
    copied row group by row group into preallocated NumPy arrays, while the next two row
    groups are decoded by two other threads. Peak memory is the result plus three row groups.
    The accounts table, small, is read whole into plain text (object arrays). With ``keep``
    (normalised header names), only those columns are read. With ``ids`` -- (normalised
    headers of the account code, the accounts' codes) -- that column is coded against the
    accounts directly (codes not among them follow), which saves matching later.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(path, "rb") as fh:
        kind = sniff_kind(fh.read(4096))
    if kind != "parquet":
        return [], [wrong_kind_problem(path, "a Parquet file", kind)]
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
        names = [f.name for f in schema if keep is None or normalise_header(f.name) in keep]
        coded = [
            f.name
            for f in schema
            if f.name in names
            and (
                pa.types.is_string(f.type)
                or pa.types.is_large_string(f.type)
                or pa.types.is_dictionary(f.type)
            )
        ]
        twice = sorted({c for c in schema.names if schema.names.count(c) > 1})
        if twice:
            return [], [
                Problem(
                    _both(
                        "the Parquet file has more than one column named {name!r}.",
                        "o arquivo Parquet tem mais de uma coluna chamada {name!r}.",
                        name=twice[0],
                    ),
                    fix=Text(
                        "Rename or drop the extra column where the file is written.",
                        "Renomeie ou tire a coluna repetida onde o arquivo é gerado.",
                    ),
                    file=path.name,
                )
            ]
        plain_text: frozenset = frozenset()
        outside: dict = {}
        pf = pq.ParquetFile(path, read_dictionary=coded)
        if table == "accounts" or table in PLAN_TABLES:  # small tables: plain text
            build, plain_text = _plain_frame(pf, names, outside)
        else:
            id_column = None
            if ids is not None:
                id_column = next((c for c in coded if normalise_header(c) in ids[0]), None)
            # a column of Arrow's null type (all blank, as pandas writes one) is not read:
            # it becomes a blank column
            blank = [f.name for f in schema if f.name in names and pa.types.is_null(f.type)]
            build = _parquet_frame(
                pf,
                coded,
                names,
                {id_column: ids[1]} if id_column else {},
                blank=blank,
                outside=outside,
            )
    except (OSError, pa.ArrowException) as exc:
        return [], [
            Problem(
                _both(
                    "the Parquet file cannot be read ({exc}).",
                    "o arquivo Parquet não pode ser lido ({exc}).",
                    exc=exc,
                ),
                fix=Text(
                    "Write it again from its source (pandas, DuckDB, your ETL tool).",
                    "Gere o arquivo de novo na origem (pandas, DuckDB, sua ferramenta de ETL).",
                ),
                file=path.name,
            )
        ]
    reported = {name: np.concatenate(positions) for name, (positions, *_) in outside.items()}
    return [
        RawTable(
            table,
            None,
            path.name,
            rows=None,
            trimmed=True,
            build=build,
            plain_text=plain_text,
            reported=reported,
        )
    ], _outside_problems(outside, path.name)


def _plain_frame(
    pf, names: list[str], outside: dict
) -> tuple[Callable[[], pd.DataFrame], frozenset]:
    """A small table read whole: text columns as object arrays of trimmed str (None where
    blank), the others as NumPy arrays. Returns the function that makes the frame, and the
    names of the text columns.

    Text arrives as Arrow dictionaries: one Python string per distinct value, not per row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    data = pf.read(columns=names, use_threads=False)
    columns, texts = {}, set()
    for name in names:
        column = data.column(name)
        kind = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            columns[name] = _values(column.cast(kind), name, 0, outside)
            continue
        values, pos = np.empty(len(column), dtype=object), 0
        for chunk in column.chunks:
            if not pa.types.is_dictionary(chunk.type):
                chunk = chunk.dictionary_encode()
            words = pc.utf8_trim_whitespace(chunk.dictionary.cast(pa.string()))
            words = np.append(words.to_numpy(zero_copy_only=False), None)  # index -1: None
            words[words == ""] = None
            values[pos : pos + len(chunk)] = words[_int_values(chunk.indices)]
            pos += len(chunk)
        columns[name] = values
        texts.add(name)
    del data

    def build() -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            {
                name: pd.Series(values, dtype=object, copy=False) if name in texts else values
                for name, values in columns.items()
            },
            copy=False,
        )

    return build, frozenset(texts)


def _parquet_frame(
    pf,
    coded: list[str],
    names: list[str],
    known: dict,
    outside: dict | None = None,
    blank: list[str] = (),
) -> Callable[[], pd.DataFrame]:
    """Decode the file with Arrow and NumPy, row group by row group; returns the function that
    makes the frame (text columns as Categoricals). Dates out of range are noted in
    ``outside`` (see ``_as_ns``)."""
    n = pf.metadata.num_rows
    outside = {} if outside is None else outside
    order, names = names, [c for c in names if c not in blank]
    out: dict[str, np.ndarray] = {c: np.empty(n, dtype=np.int32) for c in coded}
    pieces: dict[str, list] = {c: [] for c in coded}
    offset = 0
    for g in range(pf.num_row_groups):
        group = pf.read_row_group(g, columns=names)
        _copy_row_group(group, names, pieces, out, offset, n, outside)
        offset += group.num_rows
        del group
    columns = {}
    for name in names:
        if name not in pieces:
            columns[name] = out.pop(name) if name in out else np.empty(0)
            continue
        against = known.get(name)
        columns[name] = _codes_over_all_dictionaries(out.pop(name), pieces.pop(name), against)

    def build() -> pd.DataFrame:
        import pandas as pd

        for name, value in columns.items():
            if not isinstance(value, tuple):
                continue
            codes, categories = value
            dtype = (
                categories.dtype
                if isinstance(categories, KnownCodes)
                else pd.CategoricalDtype(
                    pd.Index(categories.to_numpy(zero_copy_only=False), dtype=object)
                )
            )
            columns[name] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        for name in blank:  # no category, every code missing: blank for every kind
            columns[name] = pd.Categorical.from_codes(
                np.full(n, -1, dtype=np.int8),
                dtype=pd.CategoricalDtype(pd.Index([], dtype=object)),
                validate=False,
            )
        return pd.DataFrame({name: columns[name] for name in order}, copy=False)

    return build


def _copy_row_group(group, names, pieces, out, offset, n, outside) -> None:
    import pyarrow as pa

    for name in names:
        pos = offset
        for chunk in group.column(name).chunks:
            size = len(chunk)
            if name in pieces:
                if not pa.types.is_dictionary(chunk.type):
                    chunk = chunk.dictionary_encode()
                out[name][pos : pos + size] = _int_values(chunk.indices)
                pieces[name].append((pos, size, chunk.dictionary))
            else:
                values = _values(chunk, name, pos, outside)
                if name not in out:
                    out[name] = np.empty(n, dtype=values.dtype)
                elif values.dtype != out[name].dtype:
                    # e.g. whole numbers, then a row group with blanks (floats with NaN): the
                    # column becomes the type that holds both, not the first one's
                    wider = np.result_type(out[name].dtype, values.dtype)
                    if wider != out[name].dtype:
                        out[name] = out[name].astype(wider)
                out[name][pos : pos + size] = values
            pos += size


# the dates a datetime64[ns] column can hold
_NS_RANGE = (
    np.datetime64(np.iinfo(np.int64).min + 1, "ns"),
    np.datetime64(np.iinfo(np.int64).max, "ns"),
)


def _values(array, name: str, pos: int, outside: dict) -> np.ndarray:
    """A column of numbers or dates (Arrow, starting at row position ``pos``) as NumPy; dates
    in datetime64[ns], as the data model has them (see ``_as_ns``)."""
    values = array.to_numpy(zero_copy_only=False)
    if values.dtype.kind == "M" and values.dtype != np.dtype("datetime64[ns]"):
        values = _as_ns(values, name, pos, outside)
    elif values.dtype.kind == "f":
        wrong = np.isinf(values)
        if wrong.any():  # cannot be summed, nor written to a workbook: noted, left blank
            _note(outside, name, "infinite", pos, wrong, values)
            values = np.where(wrong, np.nan, values)
    return values


def _note(
    outside: dict, name: str, kind: str, pos: int, wrong: np.ndarray, values: np.ndarray
) -> None:
    """Note the cells ``wrong`` of a chunk starting at row position ``pos`` in
    ``outside[name]`` = [row positions (arrays), [(row position, text), ...] for the first
    ``MAX_CELLS_LISTED``, kind]."""
    where = np.flatnonzero(wrong)
    seen = outside.setdefault(name, [[], [], kind])
    seen[0].append(where + pos)
    room = MAX_CELLS_LISTED - len(seen[1])
    seen[1] += [(pos + int(i), str(values[i])) for i in where[: max(room, 0)]]


def _as_ns(values: np.ndarray, name: str, pos: int, outside: dict) -> np.ndarray:
    """Dates in another unit as datetime64[ns]; those outside its range (an ERP's 9999-12-31)
    become NaT, noted in ``outside[name]`` = [row positions (arrays), [(row position, date
    text), ...] for the first ``MAX_CELLS_LISTED``]."""
    unit = np.datetime_data(values.dtype)[0]
    lo, hi = (np.datetime64(b, unit) for b in _NS_RANGE)
    wrong = ~np.isnat(values) & ((values < lo) | (values > hi))
    if wrong.any():
        _note(outside, name, "date", pos, wrong, values)
        values = np.where(wrong, np.datetime64("NaT", unit), values)
    return values.astype("datetime64[ns]")


def _outside_problems(outside: dict, file: str) -> list[Problem]:
    problems = []
    for name, (positions, shown, kind) in outside.items():
        count = sum(len(p) for p in positions)
        last = int(positions[-1][-1]) + 1
        if kind == "date":
            message, fix, more, more_fix = _OUTSIDE, _OUTSIDE_FIX, _OUTSIDE_MORE, _OUTSIDE_MORE_FIX
        else:
            message, fix, more, more_fix = _INFINITE, _INFINITE_FIX, _INFINITE_MORE, _INFINITE_FIX
        for pos, text in shown:
            problems.append(
                Problem(
                    message.format(value=text[:10] if kind == "date" else text),
                    fix=fix,
                    file=file,
                    row=pos + 1,
                    column=name,
                )
            )
        if count > len(shown):
            problems.append(
                Problem(
                    more.format(n=count - len(shown), last=last),
                    fix=more_fix,
                    file=file,
                    column=name,
                )
            )
    return problems


def _int_values(indices) -> np.ndarray:
    """Dictionary indices as a NumPy view (nulls as -1); a view avoids Arrow's slow copy."""
    import pyarrow.compute as pc

    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    buffer = indices.buffers()[1]
    dtype = np.dtype(indices.type.to_pandas_dtype())
    return np.frombuffer(
        buffer, dtype=dtype, count=len(indices), offset=indices.offset * dtype.itemsize
    )


def _codes_over_all_dictionaries(indices: np.ndarray, pieces: list, known=None):
    """Per-chunk dictionary indices -> codes over the distinct values of all chunks.

    Chunks of one row group share a dictionary, so each distinct dictionary is looked up once,
    all in one ``index_in`` call. The categories are ``known`` (e.g. the accounts' codes)
    followed by the sorted values not among them, or, without ``known``, the sorted distinct
    values. ``known`` may be ``KnownCodes`` (distinct, trimmed codes),
    returned as the categories when no value is outside them. Returns ``(codes,
    categories)`` (an Arrow string array, or that ``KnownCodes``).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def key(d):
        return (len(d), *(b.address if b is not None else 0 for b in d.buffers()))

    distinct: dict[tuple, int] = {}
    dictionaries = []
    for _, _, d in pieces:
        if key(d) not in distinct:
            distinct[key(d)] = len(dictionaries)
            dictionaries.append(d.cast(pa.string()))
    every = pa.concat_arrays(dictionaries) if dictionaries else pa.array([], pa.string())
    untrimmed = every
    given = None
    if isinstance(known, KnownCodes):  # trimmed and distinct already
        given, known = known, known.values
        found = _index_in(dictionaries, known)
        if not pc.any(pc.and_(pc.is_null(found), pc.is_valid(untrimmed))).as_py():
            # every value is a known code as it is: no trimming to do
            codes = _remap(indices, pieces, dictionaries, distinct, key, found)
            return codes, given
    every = pc.utf8_trim_whitespace(every)  # " C-1 " is C-1, as in every other format
    if given is None and known is not None:
        known = pc.utf8_trim_whitespace(pa.array(known, pa.string()))
        if len(pc.unique(known)) != len(known):
            known = None  # duplicate codes: reported by the accounts checks, coded plainly here
    if known is None:
        categories = pc.unique(every).drop_null().sort()
        found = pc.index_in(every, value_set=categories)
    else:
        categories = known
        found = pc.index_in(every, value_set=categories)
        missing = pc.and_(pc.is_null(found), pc.is_valid(every))
        if pc.any(missing).as_py():
            extra = pc.unique(pc.filter(every, missing)).sort()
            more = pc.add(pc.index_in(every, value_set=extra), len(categories))
            found = pc.coalesce(found, more)
            categories = pa.concat_arrays([categories, extra])
        elif given is not None:
            categories = given  # exactly the known codes: their categorical type, as it is
    return _remap(indices, pieces, dictionaries, distinct, key, found), categories


def _index_in(arrays: list, value_set):
    """``pc.index_in`` of the concatenated ``arrays``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    every = pa.concat_arrays(arrays) if arrays else pa.array([], pa.string())
    return pc.index_in(every, value_set=value_set)


def _remap(indices, pieces, dictionaries, distinct, key, found) -> np.ndarray:
    """Dictionary indices -> codes, in place: ``found`` holds the code of each value of the
    concatenated ``dictionaries`` (null: none)."""
    import pyarrow.compute as pc

    found = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    maps, start = [], 0
    for d in dictionaries:
        maps.append(np.append(found[start : start + len(d)], np.int32(-1)))  # null index -> -1
        start += len(d)
    for pos, size, d in pieces:
        indices[pos : pos + size] = maps[distinct[key(d)]][indices[pos : pos + size]]
    return indices


class KnownCodes:
    """The accounts' codes (distinct, trimmed) that event tables are coded against, as an
    Arrow array, and their categorical type, made once when first asked for (so sales and
    visits share one type object, and decoding needs no pandas)."""

    def __init__(self, values):
        self.values = values  # pyarrow.StringArray

    @functools.cached_property
    def dtype(self) -> pd.CategoricalDtype:
        import pandas as pd

        return pd.CategoricalDtype(
            pd.Index(self.values.to_numpy(zero_copy_only=False), dtype=object)
        )
