"""Read the files sales teams keep into raw tables, remembering where every row came from.

A reader returns ``RawTable`` objects: the cells as found (no type conversion yet), the header
as the user wrote it, and the row number the user sees (Excel row, or line of a text file).
Type conversion and checks live in ``kamkit._assemble``. Files are read whole into memory and
closed at once: kamkit never writes to, or keeps open, a user's input file.

pandas is imported where a frame is made, not with this module: Parquet files are decoded with
Arrow and NumPy alone, so ``kamkit.load`` can read them while pandas is being imported.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from ._schema import PARAMETERS_TABLE_SPELLINGS, TABLES, normalise_header
from .errors import Problem

MAX_CELLS_LISTED = 10  # bad cells listed one by one, per column and kind; the rest are counted
# from this many values on, dictionary lookups and remapping run in two threads
_PARALLEL_VALUES = 100_000

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
    """What a file's first bytes say it is: xlsx (zip), xls (OLE2), parquet, html, or text."""
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
    "zip": "an Excel workbook (.xlsx)",
    "ole": "an old-style Excel workbook (.xls)",
    "parquet": "a Parquet file",
    "markup": "a web page or XML file",
    "binary": "a binary file",
    "text": "a text (CSV) file",
}


def wrong_kind_problem(path: Path, expected: str, found: str) -> Problem:
    return Problem(
        f"the file's name says it is {expected}, but its content is {_KIND_WORDS[found]}.",
        fix="Open it in Excel and use 'Save As' with the right type (Excel Workbook .xlsx, or "
        "CSV), or rename it to match what it is.",
        file=path.name,
    )


# -- Excel ------------------------------------------------------------------------------------

def read_excel(path: Path, data: bytes, table_of=table_for_name
               ) -> tuple[list[RawTable], list[Problem]]:
    """Read every sheet that names a table of the model (``table_of`` maps a sheet name)."""
    import python_calamine as pc

    kind = sniff_kind(data)
    if kind not in ("zip", "ole"):
        return [], [wrong_kind_problem(path, "an Excel workbook", kind)]
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged files
        return [], [Problem(
            f"the workbook cannot be opened ({exc}).",
            fix="Open it in Excel, check it is not damaged or password-protected, and save it "
            "again as .xlsx.",
            file=path.name,
        )]
    tables, problems = [], []
    seen: dict[str, str] = {}
    for sheet_name in book.sheet_names:
        table = table_of(sheet_name)
        if table is None:
            continue
        if table in seen:
            problems.append(Problem(
                f"two sheets hold the {table} table: {seen[table]!r} and {sheet_name!r}.",
                fix="Keep one of them (rename or delete the other).",
                file=path.name,
            ))
            continue
        seen[table] = sheet_name
        cells = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        tables.append(_table_from_rows(table, cells, file=path.name, sheet=sheet_name))
    return tables, problems


def _table_from_rows(table: str, cells: list[list], *, file: str, sheet: str = "",
                     first_line: int = 1, decimal_comma: bool = False) -> RawTable:
    """Build a RawTable from a list of rows; the first non-blank row is the header."""
    import pandas as pd

    header_at = next((i for i, r in enumerate(cells) if any(_filled(v) for v in r)), None)
    if header_at is None:
        return RawTable(table, pd.DataFrame(), file, sheet, np.array([], dtype=int),
                        decimal_comma, header_row=first_line)
    header = [str(v).strip() if _filled(v) else "" for v in cells[header_at]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    columns = [h if h else f"(column {_excel_column(i)})" for i, h in enumerate(header)]
    body = cells[header_at + 1:]
    if body and any(len(r) != width for r in body):
        body = [list(r[:width]) + [""] * (width - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=columns, dtype=object) if body else \
        pd.DataFrame(columns=columns, dtype=object)
    rows = np.arange(len(frame)) + first_line + header_at + 1
    values = frame.to_numpy(dtype=object)
    keep = ~(pd.isna(values) | (values == "")).all(axis=1) if len(frame) else np.array([], bool)
    frame = frame[keep].reset_index(drop=True)
    return RawTable(table, frame, file, sheet, rows[keep], decimal_comma,
                    header_row=first_line + header_at)


def _filled(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip()) and not (
        isinstance(v, float) and np.isnan(v))


def _excel_column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


# -- CSV --------------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file as Excel users save it: UTF-8 (with or without BOM), else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


def read_csv(path: Path, data: bytes, table: str) -> tuple[list[RawTable], list[Problem]]:
    import pandas as pd

    kind = sniff_kind(data)
    if kind != "text":
        return [], [wrong_kind_problem(path, "a text (CSV) file", kind)]
    text, _encoding = decode_text(data)
    if not text.strip():
        return [RawTable(table, pd.DataFrame(), path.name, rows=np.array([], dtype=int))], []
    sep = sniff_delimiter(text)
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                        na_filter=False, skip_blank_lines=False, engine="c")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object)
    values = frame.to_numpy(dtype=object)
    filled = ~(values == "").all(axis=1) if len(frame) else np.array([], dtype=bool)
    rows = np.arange(len(frame)) + 2
    frame = frame[filled].reset_index(drop=True)
    return [RawTable(table, frame, path.name, rows=rows[filled], decimal_comma=(sep == ";"))], []


# -- Parquet ----------------------------------------------------------------------------------

def read_parquet(path: Path, table: str, keep: set[str] | None = None, ids=None
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
        coded = [f.name for f in schema if f.name in names and (
            pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_dictionary(f.type))]
        twice = sorted({c for c in schema.names if schema.names.count(c) > 1})
        if twice:
            return [], [Problem(
                f"the Parquet file has more than one column named {twice[0]!r}.",
                fix="Rename or drop the extra column where the file is written.",
                file=path.name)]
        plain_text: frozenset = frozenset()
        outside: dict = {}
        pf = pq.ParquetFile(path, read_dictionary=coded)
        if table == "accounts":  # a small table that becomes plain text
            build, plain_text = _plain_frame(pf, names, outside)
        else:
            id_column = None
            if ids is not None:
                id_column = next((c for c in coded if normalise_header(c) in ids[0]), None)
            build = _parquet_frame(pf, coded, names, {id_column: ids[1]} if id_column else {},
                                   second=lambda: pq.ParquetFile(path, read_dictionary=coded),
                                   outside=outside)
    except (OSError, pa.ArrowException) as exc:
        return [], [Problem(
            f"the Parquet file cannot be read ({exc}).",
            fix="Write it again from its source (pandas, DuckDB, your ETL tool).",
            file=path.name,
        )]
    reported = {name: np.concatenate(positions) for name, (positions, _) in outside.items()}
    return [RawTable(table, None, path.name, rows=None, trimmed=True, build=build,
                     plain_text=plain_text, reported=reported)], \
        _outside_problems(outside, path.name)


def _plain_frame(pf, names: list[str], outside: dict
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
            values[pos: pos + len(chunk)] = words[_int_values(chunk.indices)]
            pos += len(chunk)
        columns[name] = values
        texts.add(name)
    del data

    def build() -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({name: pd.Series(values, dtype=object, copy=False)
                             if name in texts else values
                             for name, values in columns.items()}, copy=False)

    return build, frozenset(texts)


def _parquet_frame(pf, coded: list[str], names: list[str], known: dict, second=None,
                   outside: dict | None = None) -> Callable[[], pd.DataFrame]:
    """Decode the file with Arrow and NumPy; returns the function that makes the frame (text
    columns as Categoricals). ``second`` opens the file again, for a second decoding thread;
    dates out of range are noted in ``outside`` (see ``_as_ns``)."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    n = pf.metadata.num_rows
    outside = {} if outside is None else outside
    out: dict[str, np.ndarray] = {c: np.empty(n, dtype=np.int32) for c in coded}
    pieces: dict[str, list] = {c: [] for c in coded}
    offset = 0
    groups = pf.num_row_groups
    # decoding threads, each with its own reader, take row groups in turn and decode each in
    # one thread (Arrow's pool would add more, and the files are read side by side already);
    # this thread copies the decoded ones in order
    readers = [pf, second()] if second is not None and groups > 2 else [pf]
    decoders = [ThreadPoolExecutor(max_workers=1) for _ in readers]
    pending: deque = deque()

    def decode(g: int) -> None:
        k = g % len(readers)
        pending.append(decoders[k].submit(readers[k].read_row_group, g, columns=names,
                                          use_threads=False))

    try:
        for g in range(min(groups, len(readers))):
            decode(g)
        for g in range(groups):
            group = pending.popleft().result()
            if g + len(readers) < groups:
                decode(g + len(readers))
            _copy_row_group(group, names, pieces, out, offset, n, outside)
            offset += group.num_rows
            del group
    finally:
        for pool in decoders:
            pool.shutdown(cancel_futures=True)
    columns = {}
    for name in names:
        if name not in pieces:
            columns[name] = out.pop(name) if name in out else np.empty(0)
            continue
        against = known.get(name)
        if hasattr(against, "result"):  # the accounts' codes, read meanwhile by another thread
            against = against.result()
        columns[name] = _codes_over_all_dictionaries(out.pop(name), pieces.pop(name), against)

    def build() -> pd.DataFrame:
        import pandas as pd

        for name, value in columns.items():
            if not isinstance(value, tuple):
                continue
            codes, categories = value
            dtype = categories.dtype if isinstance(categories, KnownCodes) else \
                pd.CategoricalDtype(pd.Index(categories.to_numpy(zero_copy_only=False),
                                             dtype=object))
            columns[name] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        return pd.DataFrame(columns, copy=False)

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
                out[name][pos: pos + size] = _int_values(chunk.indices)
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
                out[name][pos: pos + size] = values
            pos += size


# the dates a datetime64[ns] column can hold
_NS_RANGE = (np.datetime64(np.iinfo(np.int64).min + 1, "ns"),
             np.datetime64(np.iinfo(np.int64).max, "ns"))


def _values(array, name: str, pos: int, outside: dict) -> np.ndarray:
    """A column of numbers or dates (Arrow, starting at row position ``pos``) as NumPy; dates
    in datetime64[ns], as the data model has them (see ``_as_ns``)."""
    values = array.to_numpy(zero_copy_only=False)
    if values.dtype.kind == "M" and values.dtype != np.dtype("datetime64[ns]"):
        values = _as_ns(values, name, pos, outside)
    return values


def _as_ns(values: np.ndarray, name: str, pos: int, outside: dict) -> np.ndarray:
    """Dates in another unit as datetime64[ns]; those outside its range (an ERP's 9999-12-31)
    become NaT, noted in ``outside[name]`` = [row positions (arrays), [(row position, date
    text), ...] for the first ``MAX_CELLS_LISTED``]."""
    unit = np.datetime_data(values.dtype)[0]
    lo, hi = (np.datetime64(b, unit) for b in _NS_RANGE)
    wrong = ~np.isnat(values) & ((values < lo) | (values > hi))
    if wrong.any():
        where = np.flatnonzero(wrong)
        seen = outside.setdefault(name, [[], []])
        seen[0].append(where + pos)
        room = MAX_CELLS_LISTED - len(seen[1])
        seen[1] += [(pos + int(i), str(values[i])) for i in where[:room]]
        values = np.where(wrong, np.datetime64("NaT", unit), values)
    return values.astype("datetime64[ns]")


def _outside_problems(outside: dict, file: str) -> list[Problem]:
    problems = []
    for name, (positions, shown) in outside.items():
        count = sum(len(p) for p in positions)
        for pos, text in shown:
            problems.append(Problem(
                f"{text[:10]} is outside the dates kamkit can hold (the years 1678 to 2261).",
                fix="A placeholder such as 9999-12-31 means no date: leave the cell empty, or "
                "write the real date.", file=file, row=pos + 1, column=name))
        if count > len(shown):
            problems.append(Problem(
                f"{count - len(shown)} more dates in this column are outside that range.",
                fix="Leave them empty, or write the real dates.", file=file, column=name))
    return problems


def _int_values(indices) -> np.ndarray:
    """Dictionary indices as a NumPy view (nulls as -1); a view avoids Arrow's slow copy."""
    import pyarrow.compute as pc

    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    buffer = indices.buffers()[1]
    dtype = np.dtype(indices.type.to_pandas_dtype())
    return np.frombuffer(buffer, dtype=dtype, count=len(indices), offset=indices.offset * dtype.itemsize)


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
    """``pc.index_in`` of the concatenated ``arrays``; for many values, in two halves side by
    side (Arrow releases the GIL; each half builds its own table of ``value_set``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    total = sum(len(a) for a in arrays)
    cut = next((i + 1 for i, run in enumerate(np.cumsum([len(a) for a in arrays]))
                if run >= total / 2), 0)
    if total < _PARALLEL_VALUES or not 0 < cut < len(arrays):
        every = pa.concat_arrays(arrays) if arrays else pa.array([], pa.string())
        return pc.index_in(every, value_set=value_set)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = pool.map(lambda part: pc.index_in(pa.concat_arrays(part), value_set=value_set),
                          (arrays[:cut], arrays[cut:]))
        return pa.concat_arrays(list(halves))


def _remap(indices, pieces, dictionaries, distinct, key, found) -> np.ndarray:
    """Dictionary indices -> codes, in place: ``found`` holds the code of each value of the
    concatenated ``dictionaries`` (null: none). Many rows are remapped in two threads."""
    import pyarrow.compute as pc

    found = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    maps, start = [], 0
    for d in dictionaries:
        maps.append(np.append(found[start: start + len(d)], np.int32(-1)))  # null index -> -1
        start += len(d)
    codes = indices

    def remap(some) -> None:
        for pos, size, d in some:
            codes[pos: pos + size] = maps[distinct[key(d)]][indices[pos: pos + size]]

    if len(indices) < _PARALLEL_VALUES or len(pieces) < 2:
        remap(pieces)
        return codes
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(remap, (pieces[0::2], pieces[1::2])))  # pieces never overlap
    return codes


class KnownCodes:
    """The accounts' codes (distinct, trimmed) that event tables are coded against, as an
    Arrow array, and their categorical type, made once when first asked for (so sales and
    visits share one type object, and decoding needs no pandas)."""

    def __init__(self, values):
        self.values = values  # pyarrow.StringArray

    @functools.cached_property
    def dtype(self) -> pd.CategoricalDtype:
        import pandas as pd

        return pd.CategoricalDtype(pd.Index(self.values.to_numpy(zero_copy_only=False),
                                            dtype=object))
