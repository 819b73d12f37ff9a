"""The course site (``make course``): the executed lessons as pages that need no Python.

A small site (two lessons in each language, the facilitator's kit, the handouts) is built
once, with ``MPLBACKEND=Agg`` in the environment as a Makefile used to export it: the pages
must still carry their charts (built in a worker process of the session's, started as the
session begins). The slow test builds the whole site from the repository, converting the
session's runs of the lessons (tests/conftest.py).
"""

import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from kamkit import course
from kamkit.core.errors import KamkitError
from kamkit.course.site import build_site, lessons_of

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: The lessons of the course: every notebooks/NN_name.ipynb.
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.scripts: list[str] = []
        self.classes: list[list[str]] = []  # the class list of every element
        self.stack: list[list[str]] = []
        self.inputs_in_code = 0
        self.lang = None
        self.sections: dict[str, list[str]] = {}
        self._section = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts.append(attrs.get("src") or "")
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        for name in ("href", "src"):
            if attrs.get(name) and tag != "img":
                self.links.append(attrs[name])
        if tag == "section" and "data-language" in attrs:
            self._section = attrs["data-language"]
            self.sections[self._section] = []
        if tag == "a" and self._section is not None:
            self.sections[self._section].append(attrs.get("href", ""))
        if "jp-InputArea" in classes and any("jp-CodeCell" in c for c in self.stack):
            self.inputs_in_code += 1
        self.classes.append(classes)
        if tag not in ("img", "br", "meta", "link", "input", "hr"):
            self.stack.append(classes)

    def handle_endtag(self, tag):
        if tag not in ("img", "br", "meta", "link", "input", "hr") and self.stack:
            self.stack.pop()
        if tag == "section":
            self._section = None


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _relative_targets(page: _Page, where: Path) -> list[Path]:
    """The files the page's links and sources point to (relative links only)."""
    targets = []
    for link in [*page.links, *page.images]:
        if link.startswith(("data:", "#", "mailto:")):
            continue
        parsed = urlparse(link)
        assert not parsed.scheme and not parsed.netloc, f"{where.name}: not relative: {link}"
        assert not link.startswith("/"), f"{where.name}: absolute path {link}"
        targets.append((where.parent / unquote(parsed.path)).resolve())
    return targets


def _copy_course(folder: Path, names=("01_start_here", "02_concentration")) -> Path:
    """Two lessons in English and in Portuguese (the translation as the course makes it)."""
    notebooks = folder / "notebooks"
    (notebooks / "pt-BR").mkdir(parents=True)
    for name in names:
        lesson = NOTEBOOKS / f"{name}.ipynb"
        shutil.copy(lesson, notebooks / lesson.name)
        translated = course.translated(lesson)
        nbformat.write(translated, str(notebooks / "pt-BR" / lesson.name))
    kit = folder / "docs" / "facilitator"
    kit.mkdir(parents=True)
    (kit / "agenda.md").write_text(
        "# Agenda\n\nSee [the role plays](role_plays.md).\n\n"
        "| time | block |\n|---|---|\n| 09:00 | lesson 1 |\n",
        encoding="utf-8",
    )
    (kit / "role_plays.md").write_text(
        "# Role plays\n\nBack to [the agenda](agenda.md#top).\n", encoding="utf-8"
    )
    (kit / "agenda.pt-BR.md").write_text(
        "# Programação\n\n[English](agenda.md)\n", encoding="utf-8"
    )
    return notebooks


def _build_small_site(job):
    """Build the small site in a worker process of the session's, in the environment given."""
    folder, environment = job
    os.environ.clear()
    os.environ.update(environment)
    notebooks = _copy_course(folder)
    out = folder / "site"
    said = []
    start = time.perf_counter()
    index = build_site(out, notebooks=notebooks, progress=said.append)
    seconds = time.perf_counter() - start
    return out, index, said, seconds


def start_notebook_runs(request):
    """Start building the small site in the session's workers (tests/conftest.py calls this as
    the session begins: it builds beside the tests before those that read it), with
    ``MPLBACKEND=Agg`` in its environment, what an old Makefile exported: charts must survive."""
    factory = request.getfixturevalue("tmp_path_factory")
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    return request.getfixturevalue("started_jobs").start(
        "small-site", lambda: [(factory.mktemp("course"), environment)], _build_small_site
    )


@pytest.fixture(scope="module")
def site(request, started_jobs):
    """The small site (``started_jobs``: the session starts building it as it begins)."""
    _, (built,) = start_notebook_runs(request)
    return built.result()


def test_the_index_is_at_the_top_and_lists_both_languages(site):
    out, index, said, _ = site
    assert index == out / "index.html" and index.is_file()
    page = _parse(index)
    assert list(page.sections) == ["pt-BR", "en"]  # the workshop's language first
    for language, handout in (("pt-BR", "apostila.html"), ("en", "handout.html")):
        links = page.sections[language]
        assert f"{language}/01_start_here.html" in links
        assert f"{language}/02_concentration.html" in links
        assert f"{language}/{handout}" in links
    # each language lists its own documents of the facilitator's kit
    assert {"facilitator/agenda.html", "facilitator/role_plays.html"} <= set(page.sections["en"])
    assert "facilitator/agenda.pt-BR.html" not in page.sections["en"]
    assert "facilitator/agenda.pt-BR.html" in page.sections["pt-BR"]
    assert "facilitator/agenda.html" not in page.sections["pt-BR"]
    text = index.read_text(encoding="utf-8")
    assert "Português (Brasil)" in text and "English" in text
    assert "Aulas" in text and "Lessons" in text
    assert sorted(said) == sorted(
        f"{lang}/{n}.ipynb"
        for lang in ("pt-BR", "en")
        for n in ("01_start_here", "02_concentration")
    )


def test_lesson_pages_have_charts_and_no_code(site):
    out, _, _, _ = site
    pages = sorted(out.glob("*/0*.html"))
    assert len(pages) == 4
    for path in pages:
        page = _parse(path)
        text = path.read_text(encoding="utf-8")
        pngs = [s for s in page.images if s.startswith("data:image/png;base64,")]
        assert pngs, f"{path}: no chart"
        assert page.inputs_in_code == 0, f"{path}: a code cell shows its input"
        assert not any("jp-InputPrompt" in c for c in page.classes)
        assert not any("jp-OutputPrompt" in c for c in page.classes)
        assert "kk.load_sample(" not in text and "import kamkit" not in text
        assert not re.search(r"In\s*(&nbsp;)?\[\d*\]", text)
        assert page.lang == path.parent.name
        assert "../index.html" in page.links  # back to the index
        other = "en" if path.parent.name == "pt-BR" else "pt-BR"
        assert f"../{other}/{path.name}" in page.links  # the same lesson, other language


def test_nothing_comes_from_the_internet(site):
    out, _, _, _ = site
    for path in out.rglob("*.html"):
        page = _parse(path)
        assert all(not s for s in page.scripts), f"{path}: loads a script file {page.scripts}"
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""<script[^>]*\bsrc\s*=\s*["']?(https?:)?//""", text, re.I)
        assert not re.search(r"""<link[^>]*href\s*=\s*["']?(https?:)?//""", text, re.I)


def test_every_relative_link_resolves(site):
    out, _, _, _ = site
    pages = list(out.rglob("*.html"))
    assert len(pages) >= 9  # index, 4 lessons, 2 handouts, 2 kit pages
    for path in pages:
        for target in _relative_targets(_parse(path), path):
            assert target.is_file(), f"{path.relative_to(out)} links to a missing {target}"
            assert out.resolve() in target.parents  # inside the site: it can be copied whole


def test_the_handouts_are_there_in_each_language(site):
    out, _, _, _ = site
    for language, name in (("pt-BR", "apostila.html"), ("en", "handout.html")):
        page = _parse(out / language / name)
        assert page.lang == language and page.images and not page.scripts


def test_a_lesson_that_fails_is_a_sentence(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Lesson 9 · Broken"),
        nbformat.v4.new_code_cell("raise ValueError('the data is gone')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, str(notebooks / "09_broken.ipynb"))
    with pytest.raises(KamkitError) as caught:
        build_site(tmp_path / "site", ("en",), notebooks=notebooks, handout=False)
    message = caught.value.text("pt-BR")
    assert "09_broken.ipynb" in message and "the data is gone" in message
    assert "JupyterLab" in message
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_lesson_executed_already_is_converted_as_it_is(tmp_path):
    """build_site(executed=folder): a lesson found there is not run again (its source would
    fail), its page shows the executed copy's outputs, and the files it wrote go beside the
    page, its paths to them made relative."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    parameters = nbformat.v4.new_code_cell('INTERACTIVE = True\nOUT = "course_output"')
    parameters.metadata["tags"] = ["parameters"]
    source = nbformat.v4.new_notebook()
    source.cells = [
        nbformat.v4.new_markdown_cell("# Lesson 7 · Ready"),
        parameters,
        nbformat.v4.new_code_cell("raise ValueError('not run again')"),
    ]
    source.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(source, str(notebooks / "07_ready.ipynb"))
    ready = tmp_path / "runs" / "en"
    files = ready / "07_ready-files"  # where the run's OUT pointed
    files.mkdir(parents=True)
    (files / "cards.html").write_text("the cards", encoding="utf-8")
    executed = nbformat.v4.new_notebook(metadata=source.metadata)
    executed.cells = [source.cells[0], parameters, nbformat.v4.new_code_cell("print(...)")]
    executed.cells[2].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"Written {files}/cards.html\n")
    ]
    nbformat.write(executed, str(ready / "07_ready.ipynb"))

    index = build_site(
        tmp_path / "site", ("en",), notebooks=notebooks, handout=False, executed=tmp_path / "runs"
    )
    page = (tmp_path / "site" / "en" / "07_ready.html").read_text(encoding="utf-8")
    assert "Written 07_ready-files/cards.html" in page and str(files) not in page
    assert "not run again" not in page  # the code is hidden, and it did not run
    copied = tmp_path / "site" / "en" / "07_ready-files" / "cards.html"
    assert copied.read_text(encoding="utf-8") == "the cards"
    assert "en/07_ready.html" in _parse(index).sections["en"]


def test_bad_arguments_are_sentences(tmp_path):
    file = tmp_path / "site"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(KamkitError, match="folder"):
        build_site(file)
    with pytest.raises(KamkitError, match="pt-BR or en"):
        build_site(tmp_path / "s", ("fr",))


def test_lessons_of_finds_what_exists(tmp_path):
    assert lessons_of("en") == LESSONS
    assert [p.name[:2] for p in LESSONS] == [f"{n:02d}" for n in range(1, 11)]
    assert lessons_of("pt-BR", tmp_path) == []


def test_make_course_builds_the_site_without_mplbackend():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^course:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target and "kamkit.course.site" in target.group(1) and "site" in target.group(1)
    assert not re.search(r"^\s*export\s+MPLBACKEND", makefile, re.M)
    assert "/site/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
def test_the_whole_site_builds(tmp_path, notebook_runs):
    """Every lesson of the repository, in both languages, from the session's runs of the
    lessons (tests/conftest.py: executed as the build executes them), which the build converts
    instead of executing them again; the time is that of the build and of those runs, two at a
    time, as the build runs them."""
    lessons = [*lessons_of("en"), *lessons_of("pt-BR")]
    runs = notebook_runs.get(*lessons)
    executing = sum(run.seconds for run in runs.values()) / 2
    start = time.perf_counter()
    index = build_site(tmp_path / "site", executed=notebook_runs.folder)
    seconds = time.perf_counter() - start + executing
    assert seconds < 240, f"the site took {seconds:.0f} s"
    page = _parse(index)
    english = [p for p in page.sections["en"] if re.match(r"en/\d\d_", p)]
    assert len(english) == len(lessons_of("en")) == len(LESSONS) == 10  # lessons 1-10
    assert len([p for p in page.sections["pt-BR"] if re.match(r"pt-BR/\d\d_", p)]) == len(
        lessons_of("pt-BR")
    )
    for language in ("en", "pt-BR"):
        for lesson in lessons_of(language):
            path = tmp_path / "site" / language / lesson.with_suffix(".html").name
            parsed = _parse(path)
            assert parsed.inputs_in_code == 0
            code = "".join(
                c.source
                for c in nbformat.read(str(lesson), as_version=4).cells
                if c.cell_type == "code"
            )
            if "kk.plot_" in code:  # a lesson that draws shows its charts
                assert any(s.startswith("data:image/png") for s in parsed.images), path
    for path in (tmp_path / "site").rglob("*.html"):
        for target in _relative_targets(_parse(path), path):
            assert target.is_file(), f"{path} links to a missing {target}"


def test_python_m_kamkit_site_says_a_failure_as_a_sentence(tmp_path, monkeypatch, capsys):
    import kamkit.course.site as module
    from kamkit.presentation.catalogue import text

    def failing(*args, **kwargs):
        raise KamkitError(
            text("site.failed").format(
                notebook="en/03_whole_market.ipynb", error="ValueError: no sales"
            )
        )

    monkeypatch.setattr(module, "build_site", failing)
    assert module.main([str(tmp_path / "site"), "--lang", "pt-BR"]) == 2
    said = capsys.readouterr()
    assert "A aula en/03_whole_market.ipynb não rodou" in said.err
    assert "Traceback" not in said.err and not (tmp_path / "site").exists()


def test_the_kits_links_work_inside_the_site():
    """A kit document links lessons, other documents and repository files; in the site a
    lesson is its executed page, a document its page, and a file the site does not carry keeps
    its text without a dead link."""
    from kamkit.course.site import _site_links

    body = (
        '<a href="../../notebooks/pt-BR/01_start_here.ipynb">L1</a> '
        '<a href="../../notebooks/02_concentration.ipynb">L2</a> '
        '<a href="../../notebooks/">all</a> <a href="../../exercises/answer_key.md">key</a> '
        '<a href="agenda.pt-BR.md#x">agenda</a>'
    )
    assert _site_links(body, "../") == (
        '<a href="../pt-BR/01_start_here.html">L1</a> <a href="../en/02_concentration.html">L2'
        '</a> <a href="../index.html">all</a> key <a href="agenda.pt-BR.html#x">agenda</a>'
    )


DIED = "Kernel died before replying to kernel_info"


@pytest.mark.parametrize(
    "errors, runs, raised",
    [
        ([DIED, DIED], 3, None),  # the third kernel runs it
        ([DIED, DIED, DIED], 3, "kernel_info"),  # three kernels died: said
        (["a cell failed"], 1, "a cell failed"),  # any other error: at once
    ],
)
def test_a_kernel_that_dies_before_it_answers_gets_a_new_kernel(
    monkeypatch, tmp_path, errors, runs, raised
):
    """No cell ran on a kernel that died before replying (a port taken as it bound it): the
    lesson runs again on a new one, up to KERNEL_STARTS kernels; any other error is raised."""
    import papermill

    from kamkit.course import site

    calls = []

    def execute(*args, **kwargs):
        calls.append(args)
        if len(calls) <= len(errors):
            raise RuntimeError(errors[len(calls) - 1])
        return "executed"

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    assert site.KERNEL_STARTS == 3
    lesson, out = tmp_path / "01_x.ipynb", tmp_path / "out.ipynb"
    if raised is None:
        assert site.execute_lesson(lesson, out, {}, timeout=5) == "executed"
    else:
        with pytest.raises(RuntimeError, match=raised):
            site.execute_lesson(lesson, out, {}, timeout=5)
    assert len(calls) == runs
