"""The worker processes behind ``kamkit run`` (see ``kamkit.outputs.reports``): each is a fresh Python
that keeps a Jupyter kernel started in advance, executes one territory's notebook at a time with
papermill and converts it to HTML itself; the calling process schedules them over pipes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
from kamkit.presentation import catalogue

#: Kernel spec the notebooks run on (the Makefile installs it into the environment).
KERNEL_NAME = "python3"
#: Modules each kernel imports while it starts (modules only: no variable is created).
WARM_MODULES = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "seaborn",
    "IPython.display",
    "kamkit",
    "kamkit.files.loading",
    "kamkit.files.assemble",
    "kamkit.analysis.segmentation",
    "kamkit.analysis.pursuit",
    "kamkit.analysis.territory",
    "kamkit.analysis.crm",
    "kamkit.charts.plots",
    "kamkit.presentation.i18n",
    "kamkit.outputs.reports",
)


def _reason(kind: str) -> str:
    """Why a report failed, in English (the outcome's ``error``; the runner says it in the
    run's language from the same catalogue entry, ``reports.reason.<kind>``)."""
    return catalogue.word(f"reports.reason.{kind}", "en")


# -- the notebook a worker runs ---------------------------------------------------------------


def translations_path(notebook, language: str) -> Path:
    """Where the translation of a notebook's prose lives: ``<stem>.<language>.json`` beside it
    (``notebooks/territory_report.pt-BR.json`` for the report; for your own
    ``my_review.ipynb``, ``my_review.pt-BR.json`` in the same folder). Without it, ``kamkit run
    --lang pt-BR`` warns that the notebook's text stays in English."""
    notebook = Path(notebook)
    return notebook.with_name(f"{notebook.stem}.{language}.json")


def localised_notebook(notebook, language: str | None):
    """The notebook with its markdown cells in ``language``.

    The texts come from ``translations_path(notebook, language)``: a list of cells, each with
    its ``id``, the English ``en`` it translates and the ``text``. A cell whose English has
    changed since keeps its English (a test keeps the shipped translation current). English,
    or a language without a file, gives the notebook as it is.
    """
    import json

    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    path = translations_path(notebook, language or "en")
    if language in (None, "en") or not path.is_file():
        return nb
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts = {c["id"]: (c["en"], c["text"]) for c in cells}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KamkitError(
            catalogue.text("reports.run.bad_translation").format(path=path, exc=exc)
        ) from None
    for cell in nb.cells:
        english, text = texts.get(cell.get("id"), (None, None))
        if cell.cell_type == "markdown" and english == cell.source:
            cell.source = text
    return nb


# -- worker processes --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    index: int
    territory: str
    name: str
    stem: str  # DIR/territories/<name>, without extension
    parameters: dict
    scratch: str  # the run's temporary folder inside DIR
    title: str = ""  # the page's title: the territory, or "whole market" in the language


class _Pool:
    """Worker processes, each running one notebook at a time; this process schedules them.

    Each worker is a fresh Python (``python -c ... _worker_main``), never a fork of the
    caller: a fork would share the caller's threads, event loop and ZeroMQ sockets -- a test
    runner's, or a Jupyter kernel's that calls :func:`run_reports` -- and two workers sharing
    one epoll instance can wait for ever for a kernel's reply. Nor does a worker import the
    caller's main module, so a script needs no ``if __name__ == "__main__"`` guard.

    Workers are started before the data is loaded (at most one per core): they import the
    notebook libraries and boot a first kernel meanwhile; once the number of reports is known,
    the workers beyond it are stopped (:meth:`shrink`). None outlives the caller: see
    :func:`_worker_main`. Messages are JSON lines: tasks on a worker's standard input,
    ``start``/``done`` on the pipe it writes its standard output to. With each task the
    scheduler says whether to boot a spare kernel for a later task (only while tasks not yet
    handed out outnumber the spares already booting).
    """

    def __init__(self, workers: int, notebook: Path, cell_timeout: float | None):
        self.workers, self.notebook, self.cell_timeout = workers, notebook, cell_timeout
        self.procs: list = []
        self.retired: list = []  # workers stopped by shrink()
        self.closed = False
        self.listeners: list = []
        self.messages = None

    def start(self) -> None:
        import queue
        import subprocess
        import threading

        self.messages = queue.Queue()
        options = json.dumps(
            {
                "notebook": str(self.notebook),
                "cell_timeout": self.cell_timeout,
                "parent": os.getpid(),
            }
        )
        for w in range(self.workers):
            # Each worker leads a process group of its own: a Ctrl-C on the terminal reaches
            # this process only, which decides; and it stops when this process dies (see
            # _worker_main).
            proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER, _PACKAGE_ROOT, options],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=str(self.notebook.parent),
                text=True,
                encoding="utf-8",
                bufsize=1,
                start_new_session=True,
            )
            self.procs.append(proc)
            listener = threading.Thread(
                target=self._listen, args=(w, proc), daemon=True, name=f"kamkit-run-worker-{w}"
            )
            listener.start()
            self.listeners.append(listener)

    def shrink(self, workers: int) -> None:
        """Keep only ``workers`` workers (fewer reports than were guessed): stop the others."""
        extra, self.procs = self.procs[workers:], self.procs[:workers]
        for proc in extra:
            with contextlib.suppress(OSError):
                proc.terminate()  # SIGTERM: it kills the kernel it is booting and exits
        self.retired += extra
        self.workers = len(self.procs)

    def _listen(self, w: int, proc) -> None:
        with contextlib.suppress(OSError, ValueError):  # the pipe closed under us: gone too
            for line in proc.stdout:
                with contextlib.suppress(ValueError):
                    self.messages.put((w, json.loads(line)))
        self.messages.put((w, None))  # the worker is gone

    def run(self, tasks: list[_Task], progress) -> dict[int, dict]:
        import dataclasses
        import queue

        todo = list(tasks)
        by_index = {t.index: t for t in tasks}
        spare = [True] * len(self.procs)  # each worker boots a kernel as it starts
        busy: dict[int, int] = {}  # worker -> task index
        alive = set(range(len(self.procs)))
        outcomes: dict[int, dict] = {}

        def finish(index: int, outcome: dict) -> None:
            outcomes[index] = outcome
            progress.update(
                by_index[index].territory,
                outcome["ok"],
                outcome.get("seconds", 0.0),
                outcome.get("error", ""),
            )

        def hand_out(w: int) -> None:
            task = todo.pop(0)
            spare[w] = len(todo) > sum(spare[v] for v in alive if v != w)
            busy[w] = task.index
            message = {"task": dataclasses.asdict(task), "spare": spare[w]}
            try:
                self.procs[w].stdin.write(json.dumps(message) + "\n")
                self.procs[w].stdin.flush()
            except OSError:  # it died meanwhile; its end-of-messages marks the task failed
                pass

        try:
            for w in sorted(alive):
                if todo:
                    hand_out(w)
            while len(outcomes) < len(tasks):
                try:
                    w, message = self.messages.get(timeout=1.0)
                except queue.Empty:
                    continue
                if message is None:
                    alive.discard(w)
                    if w in busy:
                        index = busy.pop(w)
                        finish(
                            index,
                            {
                                "index": index,
                                "ok": False,
                                "kind": "worker",
                                "error": _reason("worker"),
                            },
                        )
                    if not alive:
                        for t in todo:
                            finish(
                                t.index,
                                {
                                    "index": t.index,
                                    "ok": False,
                                    "kind": "no-worker",
                                    "error": _reason("no-worker"),
                                },
                            )
                        todo.clear()
                    continue
                if "done" in message:
                    outcome = message["done"]
                    busy.pop(w, None)
                    finish(outcome["index"], outcome)
                    if todo:
                        hand_out(w)
        finally:
            progress.close()
        return outcomes

    def close(self, abort: bool = False) -> None:
        """Stop the workers: at the end of their input, or at once (``abort``, e.g. Ctrl-C,
        SIGTERM, bad data); either way each worker shuts down the kernels it started."""
        if self.closed:
            return
        self.closed = True
        procs = self.procs + self.retired
        for proc in procs:
            if abort:
                with contextlib.suppress(OSError):
                    proc.terminate()  # SIGTERM: the worker stops its kernels and exits
            else:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # end of input: the worker stops its kernels, exits
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:  # pragma: no cover - a stuck worker
                proc.kill()
                proc.wait(timeout=5)
        for listener in self.listeners:  # they end at the end of their worker's output
            listener.join(timeout=5)
        for proc in procs:
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError, ValueError):
                    stream.close()


#: How a worker starts: this very kamkit, whatever the caller's sys.path and folder.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_WORKER = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from kamkit.outputs.report_workers import _worker_main; _worker_main(sys.argv[2])"
)


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    # Figures must be shown inline in the notebook, whatever MPLBACKEND the caller uses.
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


# -- processes that never outlive their parent -------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent(signum: int) -> None:
    """Ask Linux to send ``signum`` to this process when its parent dies (even by kill -9);
    nothing elsewhere. The setting survives exec: a kernel started with it keeps it."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        _prctl()(_PR_SET_PDEATHSIG, signum, 0, 0, 0)


def _prctl():
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl


def _kernel_preexec():
    """What a kernel's process does between fork and exec: die with its worker (SIGKILL:
    the worker is gone, nobody will ask the kernel anything). Prepared in advance: the child
    only makes one system call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = _prctl()
    except Exception:  # noqa: BLE001 - no libc to call: workers still stop their kernels
        return None
    import signal

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)

    return preexec


def _warm_up_code() -> str:
    """What a kernel runs as it starts: import the heavy modules in a throw-away namespace
    (the notebook's namespace stays exactly as fresh), kamkit from this very installation.

    A kernel runs in the notebook's folder, which Python puts first on ``sys.path``: a folder
    named ``kamkit`` beside the notebook (a clone of the repository) would be imported instead
    of the installed package. kamkit is imported here with its own root first, so the
    notebook's ``import kamkit`` finds it already loaded; the notebook's folder stays on the
    path for the analyst's own modules and relative paths.
    """

    code = (
        "import sys\n"
        f"sys.path.insert(0, {_PACKAGE_ROOT!r})\n"
        "try:\n"
        "    import kamkit\n"
        "finally:\n"
        f"    sys.path.remove({_PACKAGE_ROOT!r})\n"
        f"import {', '.join(WARM_MODULES)}\n"
    )
    return f"exec(compile({code!r}, '<kamkit warm-up>', 'exec'), {{}})"


def _start_kernel(cwd: str):
    """Start a kernel (returns at once; it boots, importing WARM_MODULES, in the background)."""
    import subprocess

    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=KERNEL_NAME)
    extra = {}
    preexec = _kernel_preexec()
    if preexec is not None:
        extra["preexec_fn"] = preexec
    run_sync(km.start_kernel)(
        extra_arguments=[f"--IPKernelApp.exec_lines={_warm_up_code()}"],
        env=_kernel_env(),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **extra,
    )
    return km


def _stop_kernel(km, *, hurry: bool = False) -> None:
    """Shut the kernel down (``hurry``: kill its process, e.g. from a signal handler)."""
    from jupyter_core.utils import run_sync

    process = getattr(getattr(km, "provisioner", None), "process", None)
    if not hurry:
        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)
            return
    if process is not None and process.poll() is None:
        import signal

        with contextlib.suppress(Exception):  # the kernel leads its own process group
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            process.kill()
            process.wait(timeout=5)
    with contextlib.suppress(Exception):
        km.cleanup_connection_file()


class _Stop(BaseException):
    """Raised in a worker when the parent asks it to stop at once."""


#: Set in a worker once the parent asked it to stop: a territory whose run fails from then on
#: (its kernel killed as the worker stops, a _Stop turned into another error on its way up
#: through the kernel client) writes nothing -- an interrupted run leaves no report behind.
_stopping = False


_busy = False  # is this worker running a task? (read by the thread reading its input)


def _read_tasks():
    """The worker's tasks, read from standard input by a thread; ``None`` at its end.

    The scheduler closes a worker's input only between tasks. An input that ends while a
    task runs means that the scheduler died: the worker stops at once, as for SIGTERM (this
    also works where the system cannot signal a parent's death).
    """
    import queue
    import signal
    import threading

    inbox: queue.Queue = queue.Queue()

    def read() -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in sys.stdin:
                inbox.put(line)
        inbox.put(None)
        if _busy:
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=read, daemon=True, name="kamkit-worker-input").start()
    return inbox


def _worker_main(options: str) -> None:
    """A worker process (see :class:`_Pool`): runs the tasks read from standard input.

    It stops at once -- its kernels killed, no report written after -- on SIGTERM (the
    scheduler aborting), when the scheduler dies (Linux signals it; elsewhere its input ends
    in the middle of a task), and never leaves a traceback on the terminal for it.
    """
    import signal

    def stop(signum, frame):
        global _stopping
        _stopping = True
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # stop once; the clean-up must finish
        raise _Stop()

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the scheduler decides when to stop
    signal.signal(signal.SIGTERM, stop)
    settings = json.loads(options)
    # Stop when the scheduler dies, however it dies (kill -9 included): Linux sends SIGTERM.
    # If it died before this line, the worker was already handed to another parent.
    _die_with_parent(signal.SIGTERM)
    if settings.get("parent") and os.getppid() != settings["parent"]:
        return
    kernels: dict[str, object] = {}
    try:
        _work(settings, kernels)
    except _Stop:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for km in kernels.values():
            if km is not None:
                _stop_kernel(km, hurry=True)


def _work(settings: dict, kernels: dict) -> None:
    """The worker's loop; ``kernels`` holds the kernels it runs (``current``, ``spare``)."""
    global _busy
    import logging
    import warnings

    # Messages go on the original standard output; whatever a library prints, to stderr.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    _skip_slow_optional_import()
    # The scheduler reports each failure as a sentence; the libraries' own log lines and
    # warnings (with file and line) would only clutter the terminal.
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    notebook, cell_timeout = settings["notebook"], settings["cell_timeout"]
    cwd = str(Path(notebook).parent)
    inbox = _read_tasks()
    kernels["spare"] = _start_kernel(cwd)
    exporter = _exporter()  # imports papermill and nbconvert while the kernel boots
    for line in iter(inbox.get, None):
        message = json.loads(line)
        task = _Task(**message["task"])
        kernels["current"], kernels["spare"] = (kernels.get("spare") or _start_kernel(cwd)), None
        if message["spare"]:
            kernels["spare"] = _start_kernel(cwd)
        _busy = True
        outcome = _run_territory(notebook, task, kernels, cwd, exporter, cell_timeout)
        _busy = False
        _stop_kernel(kernels.pop("current"))
        channel.write(json.dumps({"done": outcome}) + "\n")
    spare = kernels.pop("spare", None)
    if spare is not None:
        _stop_kernel(spare)


def _run_territory(notebook: str, task, kernels: dict, cwd: str, exporter, cell_timeout) -> dict:
    """One territory on ``kernels["current"]``; when that kernel died as it started (another
    process took one of its ports as it bound them), no cell ran, so the territory runs once
    more on a new kernel. A second such death is reported as the territory's failure."""
    outcome = _run_one(notebook, task, kernels["current"], exporter, cell_timeout)
    if outcome.pop("unstarted", False):
        _stop_kernel(kernels.pop("current"))
        kernels["current"] = _start_kernel(cwd)
        outcome = _run_one(notebook, task, kernels["current"], exporter, cell_timeout)
        outcome.pop("unstarted", None)
    return outcome


def _exporter():
    import jinja2
    from nbconvert import HTMLExporter

    from kamkit.presentation.html import TEMPLATES

    # What `jupyter nbconvert --to html --no-input` does, minus the CDN scripts: the page is
    # the template reports_page.html.j2 (beside kamkit's others), which extends nbconvert's.
    page = "reports_page.html.j2"
    return HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        template_file=page,
        extra_loaders=[jinja2.DictLoader({page: (TEMPLATES / page).read_text(encoding="utf-8")})],
    )


def _engine():
    """A papermill engine that executes on a kernel started in advance (``km=``)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class PrestartedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            km=None,
            **kwargs,
        ):
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                kernel_name=kernel_name,
                startup_timeout=start_timeout,
                timeout=execution_timeout,
                log=logger,
                log_output=log_output,
            )
            try:
                return client.execute()
            except Exception as exc:
                # papermill saves a notebook that stops on an error, not one stopped by a
                # timeout or a dead kernel (we ask for no save per cell): keep what ran
                exc.kamkit_partial = nb_man.nb
                raise
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("kamkit-prestarted", PrestartedKernelEngine)
    return "kamkit-prestarted"


def _run_one(notebook: str, task: _Task, km, exporter, cell_timeout: float | None) -> dict:
    """Execute one territory's notebook, then write its HTML and notebook; never raises."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    stem = Path(task.stem)
    html_path, nb_path = stem.with_suffix(".html"), stem.with_suffix(".ipynb")
    failed_path = stem.with_name(stem.name + ".failed.ipynb")
    scratch = Path(tempfile.mkdtemp(prefix=f"{task.name}.", dir=task.scratch))
    partial = scratch / "executed.ipynb"
    outcome = {"index": task.index, "ok": False}

    try:
        source = localised_notebook(notebook, task.parameters.get("language"))
        nb = papermill.execute_notebook(
            source,
            str(partial),
            parameters=task.parameters,
            kernel_name=KERNEL_NAME,
            engine_name=_engine(),
            km=km,
            progress_bar=False,
            execution_timeout=cell_timeout,
            request_save_on_cell_execute=False,
        )
        title = task.title or task.territory
        nb.metadata["title"] = title
        nb.metadata["papermill"]["input_path"] = str(notebook)  # not the (localised) copy
        nb.metadata["papermill"]["output_path"] = str(nb_path)
        # the page says its language (<html lang="pt-BR">): screen readers, translators, search
        exporter.language_code = task.parameters.get("language") or "en"
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        with atomic_path(html_path) as tmp:
            tmp.write_text(body, encoding="utf-8")
        with atomic_path(nb_path) as tmp:
            nbformat.write(nb, str(tmp))
        failed_path.unlink(missing_ok=True)
        outcome.update(ok=True, html=str(html_path), notebook=str(nb_path))
    except PapermillExecutionError as exc:
        outcome.update(cell=f"In [{exc.exec_count}]", error=f"{exc.ename}: {exc.evalue}")
    except CellTimeoutError as exc:
        _save_partial(exc, partial)
        outcome.update(
            error=_reason("timeout").format(seconds=cell_timeout),
            kind="timeout",
            fields={"seconds": cell_timeout},
        )
    except Exception as exc:  # a dead kernel, a timeout, a broken notebook: isolate it
        _save_partial(exc, partial)
        outcome.update(error=f"{type(exc).__name__}: {exc}".strip().rstrip(":"))
        # a kernel that died before it answered ran no cell: the run may try a new one
        outcome["unstarted"] = "before replying to kernel_info" in str(exc)
    if _stopping and not outcome["ok"]:  # the run is being interrupted: this failure is its
        shutil.rmtree(scratch, ignore_errors=True)
        raise _Stop()
    if not outcome["ok"]:
        # Keep the partial notebook for diagnosis; drop this territory's reports of an earlier
        # run so that nothing out of date looks current.
        for stale in (html_path, nb_path):
            stale.unlink(missing_ok=True)
        if partial.is_file():
            _keep_failed(partial, failed_path, notebook)
            outcome["notebook"] = str(failed_path)
    shutil.rmtree(scratch, ignore_errors=True)
    outcome["seconds"] = time.perf_counter() - t0
    return outcome


def _save_partial(exc: Exception, partial: Path) -> None:
    """Write the notebook as far as it ran (see ``_engine``), unless papermill did."""
    nb = getattr(exc, "kamkit_partial", None)
    if nb is None or partial.exists():
        return
    import nbformat

    with contextlib.suppress(Exception):
        nbformat.write(nb, str(partial))


def _keep_failed(partial: Path, failed: Path, notebook: str) -> None:
    """Keep a failed run's partial notebook, its papermill metadata naming the template."""
    import nbformat

    try:
        nb = nbformat.read(str(partial), as_version=4)
        nb.metadata.setdefault("papermill", {})["input_path"] = str(notebook)
        nbformat.write(nb, str(partial))
    except Exception:  # noqa: BLE001  (the notebook is kept as papermill left it)
        pass
    os.replace(partial, failed)


def _skip_slow_optional_import() -> None:
    """Keep jsonschema from importing the optional ``rfc3987-syntax`` in this process.

    nbformat imports jsonschema, whose format checkers import ``rfc3987_syntax`` when it is
    installed (jupyterlab's dependencies install it); that module builds an Earley parser on
    import, 2-3 s of CPU at the start of every run, for IRI format checks nbformat never
    makes. Only the command's own process is affected, and only before jsonschema is loaded:
    jsonschema then behaves as if the package were not installed.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
