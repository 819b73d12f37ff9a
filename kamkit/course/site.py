"""The course site: the executed lessons as web pages that need no Python to view.

``build_site()`` (``make course``, or ``python -m kamkit.course.site``) executes every lesson of the
course -- ``notebooks/NN_*.ipynb`` (English) and ``notebooks/pt-BR/NN_*.ipynb`` (Brazilian
Portuguese, whichever exist) -- with papermill, unattended (``INTERACTIVE = False``, lesson 7's
``OUT`` in a temporary folder), two at a time in separate processes, and converts each to HTML
with the code hidden and the charts inline. It writes::

    site/index.html              the index, in both languages, linking everything below
    site/pt-BR/01_start_here.html ...   the lessons in Portuguese
    site/en/01_start_here.html ...      the lessons in English
    site/en/07_spreadsheet_first-files/ ...  what lesson 7 writes (workbooks, visit cards)
    site/pt-BR/apostila.html, site/en/handout.html   the participant handout of the sample
    site/facilitator/...html     the facilitator's kit (docs/facilitator/*.md), when present

Every link is relative and no page loads anything from the internet, so the folder opens from
a file share or a USB stick (double-click ``index.html``), and the type is large enough to
project.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text

__all__ = ["build_site", "lessons_of", "execute_lesson", "LANGUAGES", "main"]

#: The languages of the site, the workshop's first.
LANGUAGES = ("pt-BR", "en")
_ROOT = Path(__file__).resolve().parents[2]
_LESSON = re.compile(r"\d\d_\w+\.ipynb$")
#: Seconds a lesson's cell may run before the build gives up on it.
CELL_TIMEOUT = 300

# The words are in the catalogue: kamkit/presentation/words/site.toml (keys site.*); the page
# markup is in kamkit/presentation/templates/site_*.j2.


def _w(key: str) -> Text:
    from kamkit.presentation.catalogue import text

    return text(f"site.{key}")


#: The catalogue's key of each language's name, as the index heads its column.
_NAMES = {"pt-BR": "column.portuguese", "en": "column.english"}
_HANDOUT = {"pt-BR": "apostila.html", "en": "handout.html"}

# nbconvert's lab template, without what it would load from a CDN (require.js, MathJax,
# mermaid, the widgets' manager): the pages open offline.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""


def lessons_of(language: str, notebooks: str | os.PathLike | None = None) -> list[Path]:
    """The lessons of the course in ``language`` that exist, in order: ``notebooks/NN_*.ipynb``
    for English, ``notebooks/pt-BR/NN_*.ipynb`` for Portuguese."""
    folder = Path(notebooks) if notebooks is not None else _ROOT / "notebooks"
    if language != "en":
        folder = folder / language
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if _LESSON.match(p.name))


def _parameters(path: Path, scratch: Path) -> dict:
    """The unattended run's parameters: no widgets, lesson 7's files in a scratch folder."""
    import ast

    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    names: set[str] = set()
    for cell in cells[:1]:
        for node in ast.parse(cell.source).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    params: dict = {name: False for name in ("INTERACTIVE", "interactive") if name in names}
    if "OUT" in names:
        params["OUT"] = str(scratch / f"{path.stem}-files")
    return params


def _title(path: Path) -> str:
    """The lesson's title: the first heading of its first markdown cell (the English
    lesson's when the translation has none yet), else its file name."""
    import nbformat

    for candidate in (path, path.parent.parent / path.name):
        if not candidate.is_file():
            continue
        nb = nbformat.read(str(candidate), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.source.strip():
                first = cell.source.strip().splitlines()[0]
                if first.startswith("#"):
                    return first.lstrip("#").strip()
                break
    return path.stem.replace("_", " ")


def execute_lesson(path: Path, output: Path, parameters: dict, *, timeout: int):
    """Execute the lesson ``path`` into ``output`` as the course runs it: papermill on the
    python3 kernel, in the lesson's own folder (so its relative paths work), quietly. Returns
    the executed notebook; a failing cell raises papermill's error.

    A kernel that dies before it answers ran no cell (a port another process took as the
    kernel bound it, when many kernels start at once): the lesson runs again on a new kernel,
    up to ``KERNEL_STARTS`` kernels in all, as ``kamkit run`` does for a territory."""
    import papermill

    for start in range(1, KERNEL_STARTS + 1):
        try:
            return papermill.execute_notebook(
                str(path),
                str(output),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                request_save_on_cell_execute=False,
            )
        except RuntimeError as exc:
            if start == KERNEL_STARTS or "before replying to kernel_info" not in str(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


#: Kernels a lesson may start when one dies before it answers (see :func:`execute_lesson`).
KERNEL_STARTS = 3


def _execute(job: tuple) -> tuple[str, str | None, str | None]:
    """Execute one lesson and convert it (in a worker process): (key, html, error). A lesson
    already executed (``ready``: the folder of its executed copy) is converted as it is."""
    key, path, language, scratch, timeout, ready = job
    # the kernel inherits this process's environment: charts inline, whatever the caller set
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # the kernels' own log lines (transport warnings...) are not for the reader: a lesson
    # that fails is said as a sentence by the caller
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    import logging
    import warnings

    import jinja2
    from nbconvert import HTMLExporter

    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    import nbformat

    path = Path(path)
    scratch = Path(ready) if ready is not None else Path(scratch) / language
    scratch.mkdir(parents=True, exist_ok=True)
    output = scratch / path.name
    parameters = _parameters(path, scratch)
    if ready is not None:
        nb = nbformat.read(str(output), as_version=4)
    else:
        try:
            nb = execute_lesson(path, output, parameters, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - said as a sentence by the caller
            error = getattr(exc, "evalue", None) or str(exc).strip().splitlines()[-1:] or [""]
            if isinstance(error, list):
                error = error[0]
            name = getattr(exc, "ename", type(exc).__name__)
            return key, None, f"{name}: {error}"
    exporter = HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        template_file="kamkit_site.html.j2",
        extra_loaders=[jinja2.DictLoader({"kamkit_site.html.j2": _TEMPLATE})],
    )
    exporter.language_code = language
    title = _title(path)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    if "OUT" in parameters:  # the files the lesson wrote go beside its page (see build_site)
        files = parameters["OUT"]
        for written in (Path(files).as_uri(), files):
            body = body.replace(written, Path(files).name)
    return key, body, None


def _dress(page: str, language: str, other: str | None = None) -> str:
    """A lesson page with large type and a bar linking the index (and the same lesson in the
    other language, ``other``: a link relative to the page)."""
    from kamkit.presentation.html import render

    nav = render(
        "site_nav.html.j2",
        index=_w("index")(language),
        other=other,
        other_text=_w("other")(language),
    )
    page = page.replace("</head>", render("site_head.html.j2"), 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, page, count=1)


def _write(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _site_links(body: str, depth: str) -> str:
    """The kit's links as they work inside the site: another kit document (``x.md``) is its
    page, a lesson (``../../notebooks/[pt-BR/]NN_name.ipynb``) is its executed page, the course
    folder is the site's index; a link to a file the site does not carry (an exercise notebook,
    an answer key) keeps its text and loses its link."""

    def lesson(m):
        language = "pt-BR" if m.group(1) else "en"
        return f'href="{depth}{language}/{m.group(2)}.html"'

    body = re.sub(
        r'href="([^":#/]+)\.md(#[^"]*)?"',
        lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"',
        body,
    )
    outside = r'<a href="(?:\.\./)+(?!\.\./|notebooks/)[^"]*">(.*?)</a>'
    body = re.sub(outside, r"\1", body, flags=re.S)
    body = re.sub(r'href="(?:\.\./)+notebooks/(pt-BR/)?(\d\d_\w+)\.ipynb"', lesson, body)
    return re.sub(r'href="(?:\.\./)+notebooks/(?:pt-BR/)?"', f'href="{depth}index.html"', body)


def _kit(out: Path, kit: Path | None) -> list[tuple[str, str]]:
    """The facilitator's kit as pages: (title, relative link) per markdown file."""
    if kit is None or not kit.is_dir():
        return []
    import mistune

    from kamkit.presentation.html import render as render_page

    # escape=True: raw HTML in the kit's Markdown is shown as text, so the page template may
    # take the rendered body as it is
    render = mistune.create_markdown(escape=True, plugins=["table"])
    links = []
    for source in sorted(kit.rglob("*.md")):
        relative = source.relative_to(kit).with_suffix(".html")
        text = source.read_text(encoding="utf-8")
        heading = next(
            (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")),
            source.stem,
        )
        body = render(text)
        body = _site_links(body, depth="../" * len(relative.parts))
        depth = "../" * (len(relative.parts))
        language = "pt-BR" if source.name.endswith(".pt-BR.md") else "en"
        page = render_page(
            "site_kit.html.j2", lang=language, heading=heading, depth=depth, body=body
        )
        _write(out / "facilitator" / relative, page)
        links.append((heading, f"facilitator/{relative.as_posix()}"))
    for other in kit.rglob("*"):  # pictures and printable files the kit links to
        if other.is_file() and other.suffix.lower() not in (".md",):
            target = out / "facilitator" / other.relative_to(kit)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(other, target)
    return links


def _index(
    built: dict[str, list[tuple[str, str]]], handouts: dict[str, str], kit: list[tuple[str, str]]
) -> str:
    from kamkit.presentation.html import render

    columns = []
    for language, lessons in built.items():
        # each language lists its own documents of the kit (name.pt-BR.md is Portuguese)
        own = [
            (title, link)
            for title, link in kit
            if link.endswith(".pt-BR.html") == (language == "pt-BR")
        ]
        columns.append(
            {
                "lang": language,
                "name": _w(_NAMES[language])(language),
                "intro": _w("intro")(language),
                "lessons_heading": _w("lessons")(language),
                "lessons": lessons,
                "none": _w("none")(language),
                "handout": handouts.get(language),
                "handout_text": _w("handout")(language),
                "kit": own,
                "kit_text": _w("kit")(language),
            }
        )
    first = next(iter(built), "pt-BR")
    return render(
        "site_index.html.j2",
        first=first,
        title=_w("title")(first),
        other_title=_w("title")("en" if first != "en" else "pt-BR"),
        columns=columns,
    )


def build_site(
    out: str | os.PathLike = "site",
    languages=LANGUAGES,
    *,
    notebooks: str | os.PathLike | None = None,
    lessons=None,
    jobs: int = 2,
    handout: bool = True,
    kit: str | os.PathLike | None = None,
    progress=None,
    executed: str | os.PathLike | None = None,
) -> Path:
    """Build the course site into ``out``; returns the path of ``out/index.html``.

    Parameters
    ----------
    out : folder
        Where the site goes (created if needed; kamkit's files in it are replaced, others
        are left alone).
    languages : sequence of {"pt-BR", "en"}
    notebooks : folder, optional
        The course's notebooks (default: the repository's ``notebooks/``).
    lessons : list of str, optional
        Only the lessons whose file name starts with one of these (e.g. ``["01", "02"]``).
    jobs : int
        Lessons executed at once, each in a process of its own.
    handout : bool
        Also write the participant handout of the sample market in each language.
    kit : folder, optional
        The facilitator's kit (default: ``docs/facilitator`` beside ``notebooks``).
    progress : callable, optional
        Called with a line of text as each lesson is done.
    executed : folder, optional
        Lessons already executed as the build executes them (unattended: ``INTERACTIVE =
        False``, lesson 7's ``OUT`` in ``<executed>/<language>/<lesson>-files``), laid out as
        ``<executed>/<language>/<lesson>.ipynb`` (``en`` for English). Each lesson found there
        is converted as it is, with its files, instead of being executed again; a lesson not
        found there is executed. For a caller that has just executed the lessons (the tests
        do); the site shows what those runs showed.
    """
    import concurrent.futures
    import multiprocessing

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KamkitError(_w("out_is_file").format(out=out))
    languages = tuple(languages)
    for language in languages:
        if language not in LANGUAGES:
            raise KamkitError(_w("language").format(language=language))
    notebooks = Path(notebooks) if notebooks is not None else _ROOT / "notebooks"
    kit = Path(kit) if kit is not None else notebooks.parent / "docs" / "facilitator"
    found = {
        language: [
            p
            for p in lessons_of(language, notebooks)
            if lessons is None or p.name.startswith(tuple(lessons))
        ]
        for language in languages
    }
    ready = {  # the lessons executed already: the folder of each executed copy
        (language, p.name): Path(executed) / language
        for language in languages
        for p in found[language]
        if executed is not None and (Path(executed) / language / p.name).is_file()
    }
    scratch = Path(tempfile.mkdtemp(prefix="kamkit-site-"))
    try:
        jobs_list = [
            (
                f"{language}/{p.name}",
                str(p),
                language,
                str(scratch),
                CELL_TIMEOUT,
                ready.get((language, p.name)),
            )
            for language in languages
            for p in found[language]
        ]
        pages: dict[str, str] = {}
        if jobs_list:
            context = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(
                max_workers=max(1, min(jobs, len(jobs_list))), mp_context=context
            ) as pool:
                for key, body, error in pool.map(_execute, jobs_list):
                    if error is not None:
                        raise KamkitError(_w("failed").format(notebook=key, error=error))
                    pages[key] = body
                    if progress is not None:
                        progress(key)
        for language in languages:  # lesson 7's files (workbook, visit cards), linked
            written = sorted((scratch / language).glob("*-files"))
            written += [
                ready[(language, p.name)] / f"{p.stem}-files"
                for p in found[language]
                if (language, p.name) in ready
            ]
            for files in written:
                if files.is_dir():
                    target = out / language / files.name
                    shutil.rmtree(target, ignore_errors=True)
                    shutil.copytree(files, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    built: dict[str, list[tuple[str, str]]] = {}
    for language in languages:
        built[language] = []
        for path in found[language]:
            target = out / language / path.with_suffix(".html").name
            twin = next(
                (
                    f"../{lang}/{target.name}"
                    for lang in languages
                    if lang != language and any(p.name == path.name for p in found[lang])
                ),
                None,
            )
            _write(target, _dress(pages[f"{language}/{path.name}"], language, twin))
            built[language].append((_title(path), f"{language}/{target.name}"))
    handouts = {}
    if handout:
        from kamkit.course.handout import write_handout
        from kamkit.files.sample import load_sample

        market = load_sample()
        for language in languages:
            name = f"{language}/{_HANDOUT[language]}"
            write_handout(market, out / name, language=language)
            handouts[language] = name
    kit_links = _kit(out, kit)
    index = out / "index.html"
    _write(index, _index(built, handouts, kit_links))
    return index


def main(argv: list[str] | None = None) -> int:
    """``python -m kamkit.course.site [OUT] [--lang pt-BR|en ...] [--lessons 01,02]``."""
    import argparse

    from kamkit.core.errors import message_language

    parser = argparse.ArgumentParser(
        prog="python -m kamkit.course.site",
        description="Build the course site (no Python to view).",
    )
    parser.add_argument("out", nargs="?", default="site")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, dest="languages")
    parser.add_argument(
        "--lessons", default=None, help="only these lessons, e.g. 01,02 (default: all)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    speak = message_language(args.languages[0] if args.languages else None)
    try:
        index = build_site(
            args.out,
            tuple(args.languages or LANGUAGES),
            lessons=args.lessons.split(",") if args.lessons else None,
            jobs=args.jobs,
            progress=lambda key: print(key, flush=True),
        )
    except KamkitError as exc:
        print(exc.text(speak), file=sys.stderr)
        return 2
    n = sum(1 for p in Path(args.out).glob("*/[0-9][0-9]_*.html"))
    print(_w("wrote").format(path=index, n=n)(speak))
    return 0


if __name__ == "__main__":  # pragma: no cover
    # through the module itself, so that the worker processes find _execute in kamkit.course.site
    from kamkit.course.site import main as _main

    raise SystemExit(_main())
