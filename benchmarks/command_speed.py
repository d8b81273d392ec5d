"""Whole-command speed: every reflect command as a fresh process, on journals of 1 to 50k entries.

What is measured, each command run as its own process (the ``reflect`` console script next
to this interpreter, else ``python -m reflect``), with ``REFLECT_HOME`` pointing at a home
prepared for the size and ``REFLECT_DEBUG`` unset:

- ``reflect add``, ``list --from "last month"``, ``summary "last month" --format json``,
  ``show ID`` (the entry in the middle of the journal) and ``similar TEXT``: wall time from
  spawning the process to reaping it, and its peak memory (max RSS, from ``os.wait4``);
- ``reflect --version`` beside a bare ``python -c pass``, its own baseline;
- the app, headless (``App.run_test()``, in a child process, as ``startup.py`` does it):
  time from spawning to the first paint, to a useful start screen (the Today screen's
  ``#streak`` shows its "Streak..." line, so the journal was read), and to a ready From your
  past (the match index built), beside a one-widget Textual app's first paint;
- reference rows on the same entries: jrnl 4.6 adding one tagged entry and listing
  (``-from`` the day reflect's "last month" means, ``--short``), through a config file in
  temporary XDG folders ("--jrnl PATH" or $REFLECT_BENCH_JRNL; skipped, with a note, when
  absent), and
  stock TinyDB: a process that opens a JSON file of the same documents and inserts one.

How: the homes are built once per size in a temporary folder (removed at the end) from
``synthetic_entries(n)``, re-dated so that the newest entry falls on the last day of the
previous month: "last month" then holds entries at every size (the 1-entry journal
included) whatever day the benchmark runs. Before timing, ``reflect similar`` runs once in
every home so its meaning-vector cache is warm (embedding 50k entries from cold takes
minutes), and one untimed round of everything warms the page cache and bytecode. Then
every measurement is run once per round, rounds repeated (``--repeats``), the order of the
round rotated each time, so drift on a busy machine hits every row alike; figures are
medians. After each run of a command that writes (reflect add, jrnl add, the TinyDB
insert) its journal file is restored from a pristine copy (untimed; reflect's as that very
file, see ``put_back``, so the start screen's kept view is valid as after the app's own
last run), so every run, of it
and of the other commands, meets a journal of exactly the stated size. Every measured
process is started by a small spawner process (see SPAWNER), so its peak memory is its
own and not inherited from this script, which holds whole journals.

Goals (printed pass/miss beside the figures): add at 10k <= 1.3x and at 50k <= 1.8x the
1-entry figure; list, show and summary at 10k <= 1.5x; similar at 10k <= 2x its 1k
figure; the start screen useful at 10k within 1.5x of the one-widget app's first paint;
``reflect --version`` <= 2x bare Python; From your past ready within 1 s at 50k. POSIX
only (os.wait4). Run:
``.venv/bin/python benchmarks/command_speed.py [--sizes 1,1000] [--repeats 3] [--jrnl PATH]``
(a jrnl for it: ``python3 -m venv /tmp/bench-jrnl-venv &&
/tmp/bench-jrnl-venv/bin/pip install jrnl==4.6``, then ``--jrnl /tmp/bench-jrnl-venv/bin/jrnl``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_entries
from reflect.journal import Journal
from reflect.model import Entry
from reflect.paths import HomePaths

SIZES = (1, 1_000, 10_000, 50_000)
REPEATS = 7
JRNL_ENV = "REFLECT_BENCH_JRNL"
SIMILAR_TEXT = "irate cx shouted about a refund"
ADD_CHALLENGE = "A caller shouted about a refund that never arrived"
ADD_TAGS = ("billing", "refund")
APP_TIMEOUT = 300.0
"""Seconds an app child waits for its start screen and its match index before giving up."""

# The one-widget app and reflect's app print, as JSON, the wall-clock moments (time.time())
# they reach, then leave at once (os._exit): shutdown is never counted. reflect's child
# polls the screen for the streak line and the app for its match index (on the app itself,
# else on app.services, where it lived before), a few milliseconds apart.
ONE_WIDGET_CHILD = """
import asyncio, json, os, time
from textual.app import App
from textual.widgets import Static
class One(App[None]):
    def compose(self):
        yield Static("hello")
async def main():
    async with One().run_test(size=(100, 30)):
        print(json.dumps({"first paint": time.time()}), flush=True)
        os._exit(0)
asyncio.run(main())
"""

REFLECT_APP_CHILD = """
import asyncio, json, os, sys, time
from pathlib import Path
from reflect.tui.app import build_app

def match_index(app):
    index = getattr(app, "match_index", None)
    if index is None:
        index = getattr(getattr(app, "services", None), "match_index", None)
    return index

def streak_line(app):
    for screen in list(app.screen_stack):
        for widget in screen.query("#streak"):
            return str(getattr(widget, "content", ""))
    return ""

async def main():
    app = build_app(Path(sys.argv[1]))
    give_up = time.time() + float(sys.argv[2])
    async with app.run_test(size=(100, 30)):
        moments = {"first paint": time.time(), "start screen": None, "past ready": None}
        while time.time() < give_up:
            now = time.time()
            if moments["start screen"] is None and streak_line(app).startswith("Streak"):
                moments["start screen"] = now
            if moments["past ready"] is None and match_index(app) is not None:
                moments["past ready"] = now
            if None not in moments.values():
                break
            await asyncio.sleep(0.002)
        print(json.dumps(moments), flush=True)
        os._exit(0)
asyncio.run(main())
"""

# Stock TinyDB: the default JSON storage, one insert, as its README shows.
TINYDB_CHILD = """
import json, sys
from tinydb import TinyDB
db = TinyDB(sys.argv[1])
db.insert(json.loads(sys.argv[2]))
db.close()
"""

# The floor: the least any crash-safe add to this one-file format can do, as a process of
# its own (no click, no TinyDB, no model): lock, read, parse, check the id is new, insert,
# dump, write a temporary file, fsync, replace, fsync the folder. What reflect adds above
# it is what reflect itself costs.
FLOOR_CHILD = """
import fcntl, gc, os, sys, tempfile
import orjson
home, key, document = sys.argv[1], sys.argv[2], orjson.loads(sys.argv[3])
path = os.path.join(home, "journal.json")
lock = os.open(os.path.join(home, "journal.lock"), os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(lock, fcntl.LOCK_EX)
with open(path, "rb") as file:
    raw = file.read()
gc.disable()
tables = orjson.loads(raw)
gc.freeze()
gc.enable()
assert key not in tables["entries"]
tables["entries"][key] = document
fd, temporary = tempfile.mkstemp(dir=home)
os.write(fd, orjson.dumps(tables))
os.fsync(fd)
os.close(fd)
os.replace(temporary, path)
folder = os.open(home, os.O_RDONLY)
os.fsync(folder)
os.close(folder)
os._exit(0)
"""

JRNL_TIME_FORMAT = "%Y-%m-%d %H:%M"
JRNL_CONFIG = """\
version: {version}
journals:
  default:
    journal: {journal}
editor: ""
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: {time_format}
tagsymbols: "#@"
highlight: false
linewrap: 79
indent_character: "|"
colors:
  body: none
  date: none
  tags: none
  title: none
"""

WALL = "wall"
RSS = "rss"


class BenchFailure(RuntimeError):
    """A child process failed: the figures would be meaningless."""


@dataclasses.dataclass(frozen=True)
class Task:
    """One process to run once per round."""

    row: str
    size: int | None
    """The journal size it runs on; None for the rows that do not depend on one."""
    argv: tuple[str, ...]
    env: Mapping[str, str]
    restore: tuple[tuple[Path, Path], ...] = ()
    """(pristine, target): copied back after each run (for writers that write in place)."""
    relink: tuple[tuple[Path, Path], ...] = ()
    """(pristine, target): put back as the pristine file itself (see :func:`put_back`),
    for writers that replace their file and never write into it."""
    """(pristine copy, file) pairs copied back after each run, untimed."""
    moments: bool = False
    """The child prints the moments it reaches (the app rows) instead of being timed whole."""


Samples = dict[tuple[str, int | None], dict[str, list[float]]]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _reflect_command() -> tuple[str, ...]:
    script = Path(sys.executable).with_name("reflect")
    return (str(script),) if script.is_file() else (sys.executable, "-m", "reflect")


def _max_rss_bytes(kilobytes_or_bytes: int) -> float:
    """ru_maxrss is in kilobytes on Linux, in bytes on macOS."""
    return float(kilobytes_or_bytes if sys.platform == "darwin" else kilobytes_or_bytes * 1024)


# Every measured process is started by this small process rather than by the benchmark
# itself. On Linux a process's max RSS starts from the peak of the process it was spawned
# from (the kernel carries it over exec), so a child of this script, which holds whole
# journals in memory, would report at least this script's peak. The spawner imports next
# to nothing and forks (a copy of itself, a few MB) before exec, so the figure it reads
# with wait4 is the command's own. It also takes the times, around fork and wait4.
SPAWNER = r"""
import json, os, sys, time
WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
for line in sys.stdin:
    job = json.loads(line)
    spawned, started = time.time(), time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(job["cwd"])
            for fd, path, flags in (
                (0, os.devnull, os.O_RDONLY), (1, job["out"], WRITE), (2, job["err"], WRITE)
            ):
                opened = os.open(path, flags, 0o600)
                if opened != fd:
                    os.dup2(opened, fd)
                    os.close(opened)
            os.execve(job["argv"][0], job["argv"], job["env"])
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    done = {"wall": wall, "spawned": spawned, "maxrss": usage.ru_maxrss, "code": code}
    print(json.dumps(done), flush=True)
"""


@dataclasses.dataclass(frozen=True)
class Finished:
    wall: float
    """Seconds from fork to reaping the process."""
    spawned: float
    """time.time() just before the fork, for the moments the app children print."""
    max_rss: float
    """Bytes."""
    stdout: str


class Spawner:
    """The small process that starts every measured command (see SPAWNER)."""

    def __init__(self, folder: Path) -> None:
        self._out, self._err = folder / "stdout.txt", folder / "stderr.txt"
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def run(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> Finished:
        """Run one process to its end; :class:`BenchFailure` when it fails."""
        job = {"argv": list(argv), "env": dict(env), "cwd": str(cwd)}
        job.update(out=str(self._out), err=str(self._err))
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline()
        if not answer:
            raise BenchFailure("the spawner process stopped")
        done = json.loads(answer)
        if done["code"] != 0:
            problem = self._err.read_text(encoding="utf-8", errors="replace").strip()
            raise BenchFailure(f"{' '.join(argv)} exited {done['code']}: {problem[-2000:]}")
        stdout = self._out.read_text(encoding="utf-8", errors="replace")
        return Finished(done["wall"], done["spawned"], _max_rss_bytes(done["maxrss"]), stdout)

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=30)


def put_back(pristine: Path, target: Path) -> None:
    """Make ``target`` the pristine file again: a hard link of it, put in place with
    ``os.replace``. The journal every run meets is then the same file (inode, size,
    mtime), so what reflect keeps beside it keyed by its identity (the start screen's
    view) stays valid, as for a journal nobody wrote since the app last ran. Safe only for
    writers that replace the file (reflect, the floor): one writing into it would change
    the pristine copy too."""
    temporary = target.with_name(target.name + ".putting-back")
    temporary.unlink(missing_ok=True)
    os.link(pristine, temporary)
    os.replace(temporary, target)


def run_task(spawner: Spawner, task: Task, cwd: Path) -> dict[str, float]:
    done = spawner.run(task.argv, task.env, cwd)
    for pristine, target in task.restore:
        shutil.copyfile(pristine, target)
    for pristine, target in task.relink:
        put_back(pristine, target)
    if not task.moments:
        return {WALL: done.wall, RSS: done.max_rss}
    reached = json.loads(done.stdout.strip().splitlines()[-1])
    return {name: moment - done.spawned for name, moment in reached.items() if moment is not None}


# -- preparing the journals --------------------------------------------------------------


def newest_day(today: date) -> date:
    """The last day of the month before ``today``'s."""
    return today.replace(day=1) - timedelta(days=1)


def redated(entries: list[Entry], newest: date) -> list[Entry]:
    """The same entries moved in time so the newest is on ``newest``, each written at
    18:00 UTC on its own shift's day."""
    shift = newest - max(entry.shift_date for entry in entries)
    moved = []
    for entry in entries:
        day = entry.shift_date + shift
        written = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
        moved.append(
            dataclasses.replace(entry, shift_date=day, created_at=written, updated_at=written)
        )
    return moved


def measured_env() -> dict[str, str]:
    """This environment, as a user's shell would have it: without REFLECT_DEBUG, and with
    bytecode caching on (a sandbox's PYTHONDONTWRITEBYTECODE would have every process
    compile reflect's sources again, a constant that hides how the figures grow)."""
    dropped = ("REFLECT_DEBUG", "PYTHONDONTWRITEBYTECODE")
    return {name: value for name, value in os.environ.items() if name not in dropped}


def reflect_env(home: Path) -> dict[str, str]:
    env = measured_env()
    env["REFLECT_HOME"] = str(home)
    return env


def jrnl_text(entries: Sequence[Entry]) -> str:
    """A plain-text jrnl journal of the entries: title, the other steps, the tags as @tags."""
    parts = []
    for entry in sorted(entries, key=lambda one: one.shift_date):
        moment = datetime(entry.shift_date.year, entry.shift_date.month, entry.shift_date.day, 18)
        tags = " ".join(f"@{tag}" for tag in entry.tags)
        parts.append(
            f"[{moment.strftime(JRNL_TIME_FORMAT)}] {entry.challenge}.\n"
            f"{entry.grateful} {entry.kindness}\nLesson: {entry.lesson}.\n{tags}\n\n"
        )
    return "".join(parts)


def jrnl_version(jrnl: Path) -> str:
    """The version jrnl reports ("4.6"), which its config file must repeat."""
    done = subprocess.run(
        [str(jrnl), "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.split()[1].lstrip("v")


def prepare_jrnl(
    folder: Path, entries: Sequence[Entry], version: str
) -> tuple[dict[str, str], Path]:
    """A jrnl journal of the entries, configured in its own XDG folders (HOME too), so no
    real user's jrnl files are read or written; no encryption. Returns (env, journal)."""
    config_home, data_home = folder / "config", folder / "data"
    (config_home / "jrnl").mkdir(parents=True)
    data_home.mkdir()
    journal = data_home / "journal.txt"
    journal.write_text(jrnl_text(entries), encoding="utf-8")
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        JRNL_CONFIG.format(  # JSON strings are YAML strings, quoted safely
            version=json.dumps(version),
            journal=json.dumps(str(journal)),
            time_format=json.dumps(JRNL_TIME_FORMAT),
        ),
        encoding="utf-8",
    )
    env = measured_env()
    env.update(
        HOME=str(folder),
        XDG_CONFIG_HOME=str(config_home),
        XDG_DATA_HOME=str(data_home),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_STATE_HOME=str(folder / "state"),
    )
    for name in ("VISUAL", "EDITOR"):
        env.pop(name, None)
    return env, journal


def prepare_tinydb(path: Path, entries: Sequence[Entry]) -> None:
    from tinydb import TinyDB

    with TinyDB(str(path)) as db:
        db.insert_multiple(entry.to_dict() for entry in entries)


def prepare_size(
    spawner: Spawner,
    size: int,
    root: Path,
    today: date,
    reflect: tuple[str, ...],
    jrnl: tuple[Path, str] | None,
) -> list[Task]:
    """Build the homes of one size and the tasks that run on them."""
    folder = root / f"size-{size}"
    pristine = folder / "pristine"
    pristine.mkdir(parents=True)
    _say(f"preparing {_entries(size)}: reflect home")
    entries = redated(synthetic_entries(size), newest_day(today))
    home = folder / "reflect-home"
    with Journal.open(home) as journal:
        journal.import_entries(entries)
    journal_file = HomePaths(home).journal
    shutil.copyfile(journal_file, pristine / "journal.json")
    put_back(pristine / "journal.json", journal_file)
    env = reflect_env(home)
    note = " (a minute or more from cold)" if size >= 10_000 else ""
    _say(f"preparing {_entries(size)}: warming the meaning-vector cache{note}")
    spawner.run((*reflect, "similar", SIMILAR_TEXT), env, folder)

    middle = sorted(entries, key=lambda entry: entry.shift_date)[size // 2].id
    since = today - relativedelta(months=1)
    add_args = ("add", "--challenge", ADD_CHALLENGE, *(f"--tag={tag}" for tag in ADD_TAGS))
    restore_journal = ((pristine / "journal.json", journal_file),)
    tasks = [
        Task("reflect add", size, (*reflect, *add_args), env, relink=restore_journal),
        Task("reflect list", size, (*reflect, "list", "--from", "last month"), env),
        Task("reflect summary", size, (*reflect, "summary", "last month", "--format", "json"), env),
        Task("reflect show", size, (*reflect, "show", middle), env),
        Task("reflect similar", size, (*reflect, "similar", SIMILAR_TEXT), env),
        Task(
            "app",
            size,
            (sys.executable, "-c", REFLECT_APP_CHILD, str(home), str(APP_TIMEOUT)),
            env,
            moments=True,
        ),
    ]

    _say(f"preparing {_entries(size)}: stock TinyDB file")
    tinydb_file = folder / "tinydb.json"
    prepare_tinydb(tinydb_file, entries)
    shutil.copyfile(tinydb_file, pristine / "tinydb.json")
    document = json.dumps(redated(synthetic_entries(1, seed=size + 1), today)[0].to_dict())
    insert = (sys.executable, "-c", TINYDB_CHILD, str(tinydb_file), document)
    restore_db = ((pristine / "tinydb.json", tinydb_file),)
    tasks.append(Task("TinyDB insert", size, insert, measured_env(), restore_db))

    floor_home = folder / "floor-home"
    floor_home.mkdir()
    put_back(pristine / "journal.json", floor_home / "journal.json")
    new_id = redated(synthetic_entries(1, seed=size + 2), today)[0]
    floor = (sys.executable, "-c", FLOOR_CHILD, str(floor_home), new_id.id, document)
    restore_floor = ((pristine / "journal.json", floor_home / "journal.json"),)
    tasks.append(Task("floor add", size, floor, measured_env(), relink=restore_floor))

    if jrnl is not None:
        _say(f"preparing {_entries(size)}: jrnl journal")
        program, version = jrnl
        jrnl_env, jrnl_file = prepare_jrnl(folder / "jrnl", entries, version)
        shutil.copyfile(jrnl_file, pristine / "journal.txt")
        text = f"{ADD_CHALLENGE}. " + " ".join(f"@{tag}" for tag in ADD_TAGS)
        restore_jrnl = ((pristine / "journal.txt", jrnl_file),)
        listing = (str(program), "-from", since.isoformat(), "--short")
        tasks += [
            Task("jrnl add", size, (str(program), text), jrnl_env, restore_jrnl),
            Task("jrnl list", size, listing, jrnl_env),
        ]
    return tasks


# -- running -----------------------------------------------------------------------------


def run_rounds(spawner: Spawner, tasks: Sequence[Task], repeats: int, cwd: Path) -> Samples:
    """One untimed round, then ``repeats`` rounds, each starting one task further on. In a
    round the sizes of one command run side by side (add at 1, at 1k, ..., then list at
    1, ...), so a slow spell hits a command's sizes alike."""
    rows = list(dict.fromkeys(task.row for task in tasks))
    tasks = sorted(tasks, key=lambda task: (rows.index(task.row), task.size or 0))
    samples: Samples = {}
    for number in range(repeats + 1):
        _say("warm-up round" if number == 0 else f"round {number}/{repeats}")
        start = number % len(tasks)
        for task in [*tasks[start:], *tasks[:start]]:
            measured = run_task(spawner, task, cwd)
            if number == 0:
                continue
            kept = samples.setdefault((task.row, task.size), {})
            for name, value in measured.items():
                kept.setdefault(name, []).append(value)
    return samples


def median(samples: Samples, row: str, size: int | None, measure: str = WALL) -> float | None:
    values = samples.get((row, size), {}).get(measure, [])
    return statistics.median(values) if values else None


# -- printing ----------------------------------------------------------------------------

COMMAND_ROWS = (
    ("reflect add", "reflect add --challenge TEXT --tag T --tag T"),
    ("reflect list", 'reflect list --from "last month"'),
    ("reflect summary", 'reflect summary "last month" --format json'),
    ("reflect show", "reflect show ID (the middle entry)"),
    ("reflect similar", f'reflect similar "{SIMILAR_TEXT}"'),
    ("jrnl add", "jrnl 4.6: add one entry with two @tags"),
    ("jrnl list", "jrnl 4.6: -from DAY-LAST-MONTH --short"),
    ("TinyDB insert", "stock TinyDB: open the file, insert one"),
    ("floor add", "floor: the least a crash-safe add can do"),
)
LABEL = 50
CELL = 18


def _cell(value: float | None, base: float | None, scale: float = 1000, unit: str = "ms") -> str:
    if value is None:
        return f"{'-':>{CELL}}"
    ratio = f"{value / base:5.2f}x" if base else "      "
    return f"{value * scale:>{CELL - 11}.0f} {unit} {ratio}"


def _entries(size: int) -> str:
    return f"{size:,} entr{'y' if size == 1 else 'ies'}"


def _size_header(sizes: Sequence[int]) -> str:
    return "".join(f"{_entries(size):>{CELL}}" for size in sizes)


def print_commands(samples: Samples, sizes: Sequence[int], repeats: int) -> None:
    print(f"Whole commands: median of {repeats} alternating runs; ratio to {_entries(sizes[0])}")
    print(f"{'command':<{LABEL}}{_size_header(sizes)}")
    for row, label in COMMAND_ROWS:
        base = median(samples, row, sizes[0])
        if base is None:
            continue
        cells = "".join(_cell(median(samples, row, size), base) for size in sizes)
        print(f"{label:<{LABEL}}{cells}")
    print(
        "(similar on a warm meaning-vector cache; after each run of add, jrnl add and the\n"
        " TinyDB insert their file is restored from a pristine copy: no growth between runs)"
    )


def print_memory(samples: Samples, sizes: Sequence[int]) -> None:
    print("\nPeak memory of the process (max RSS, median); ratio to the smallest journal")
    print(f"{'command':<{LABEL}}{_size_header(sizes)}")
    for row, label in COMMAND_ROWS:
        base = median(samples, row, sizes[0], RSS)
        if base is None:
            continue
        cells = "".join(
            _cell(median(samples, row, size, RSS), base, 1 / 2**20, "MB") for size in sizes
        )
        print(f"{label:<{LABEL}}{cells}")


def print_version(samples: Samples) -> None:
    bare = median(samples, "python -c pass", None)
    print("\nInterpreter start: median wall time; ratio to bare Python")
    for row in ("python -c pass", "reflect --version"):
        print(f"{row:<{LABEL}}{_cell(median(samples, row, None), bare)}")


APP_MOMENTS = ("first paint", "start screen", "past ready")


def print_app(samples: Samples, sizes: Sequence[int]) -> None:
    one = median(samples, "one-widget app", None, "first paint")
    print("\nThe app, headless: process start to each moment; ratio to the one-widget app's paint")
    names = ("first paint", "start screen useful", "From your past ready")
    print(f"{'':<{LABEL - 18}}" + "".join(f"{name:>{CELL + 4}}" for name in names))
    print(f"{'one-widget Textual app':<{LABEL - 18}}    {_cell(one, one)}")
    for size in sizes:
        cells = "".join(
            "    " + _cell(median(samples, "app", size, moment), one) for moment in APP_MOMENTS
        )
        print(f"{f'reflect, {_entries(size)}':<{LABEL - 18}}{cells}")
    reached = [median(samples, "app", size, moment) for size in sizes for moment in APP_MOMENTS]
    if None in reached:
        print(f"(-: a moment no run reached within {APP_TIMEOUT:.0f} s)")


@dataclasses.dataclass(frozen=True)
class Goal:
    text: str
    value: tuple[str, int | None, str]
    """(row, size, measure) of the figure checked."""
    base: tuple[str, int | None, str]
    limit: float


def _growth(row: str, size: int, base: int, limit: float) -> Goal:
    """A command at ``size`` entries against the same command at ``base`` entries."""
    text = f"{row} at {size:,} vs {base:,} entr{'y' if base == 1 else 'ies'}"
    return Goal(text, (row, size, WALL), (row, base, WALL), limit)


GOALS = (
    _growth("reflect add", 10_000, 1, 1.3),
    _growth("reflect add", 50_000, 1, 1.8),
    _growth("reflect list", 10_000, 1, 1.5),
    _growth("reflect show", 10_000, 1, 1.5),
    _growth("reflect summary", 10_000, 1, 1.5),
    _growth("reflect similar", 10_000, 1_000, 2.0),
    Goal(
        "start screen useful at 10,000 vs the one-widget app's paint",
        ("app", 10_000, "start screen"),
        ("one-widget app", None, "first paint"),
        1.5,
    ),
    Goal(
        "reflect --version vs bare Python",
        ("reflect --version", None, WALL),
        ("python -c pass", None, WALL),
        2.0,
    ),
)


WITHIN = (
    # (text, (row, size, measure), seconds): goals the issue sets as a time, not a ratio
    ("From your past ready at 50,000 entries", ("app", 50_000, "past ready"), 1.0),
)


def print_goals(samples: Samples, sizes: Sequence[int]) -> None:
    print("\nGoals")
    for text, where, limit in WITHIN:
        found = median(samples, *where)
        if found is None:
            print(f"  n/a   {text}: not measured (add {where[1]:,} to --sizes)")
        else:
            verdict = "pass" if found <= limit else "MISS"
            print(f"  {verdict:<5} {text}: {found:.2f} s (goal <= {limit:.0f} s)")
    for goal in GOALS:
        value, base = median(samples, *goal.value), median(samples, *goal.base)
        if value is None or base is None:
            needed = {size for _, size, _ in (goal.value, goal.base) if size is not None}
            missing = ", ".join(f"{size:,}" for size in sorted(needed - set(sizes)))
            print(f"  n/a   {goal.text}: not measured (add {missing} to --sizes)")
            continue
        ratio = value / base
        verdict = "pass" if ratio <= goal.limit else "MISS"
        print(f"  {verdict:<5} {goal.text}: {ratio:.2f}x (goal <= {goal.limit}x)")
    print_floor(samples, sizes)


def print_floor(samples: Samples, sizes: Sequence[int]) -> None:
    """How the cost of growing compares with the floor's: what a journal of N entries adds
    to ``reflect add`` over the smallest journal, beside what it adds to the floor (the
    read, parse, dump and fsync that any crash-safe rewrite of one file must pay)."""
    print(f"\nWhat a larger journal adds to an add, over {_entries(sizes[0])}")
    for size in sizes[1:]:
        grown = {}
        for row in ("reflect add", "floor add"):
            value, base = median(samples, row, size), median(samples, row, sizes[0])
            if value is not None and base is not None:
                grown[row] = value - base
        if len(grown) == 2:
            reflect, floor = grown["reflect add"] * 1000, grown["floor add"] * 1000
            print(
                f"  {_entries(size):>14}: reflect +{reflect:.0f} ms, floor +{floor:.0f} ms"
                f" ({reflect / floor:.2f}x the floor's growth)"
            )


# -- main --------------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",") if part}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=_sizes, default=SIZES, help="journal sizes, e.g. 1,1000,10000,50000"
    )
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed rounds (median)")
    parser.add_argument(
        "--jrnl",
        type=Path,
        default=os.environ.get(JRNL_ENV) or None,
        help=f"a jrnl 4.6 program for the reference rows (default: ${JRNL_ENV})",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def find_jrnl(program: Path | None) -> tuple[Path, str] | None:
    if program is None:
        print(f"note: no jrnl given (--jrnl PATH or ${JRNL_ENV}); the jrnl rows are skipped")
        return None
    if not os.access(program, os.X_OK):
        print(f"note: {program} is not a program; the jrnl rows are skipped")
        return None
    version = jrnl_version(program)
    if not version.startswith("4.6"):
        print(f"note: {program} is jrnl {version}, not 4.6: its rows are not the reference")
    return program, version


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    sizes: tuple[int, ...] = args.sizes
    jrnl = find_jrnl(args.jrnl)
    reflect = _reflect_command()
    today = datetime.now().astimezone().date()
    with tempfile.TemporaryDirectory(prefix="reflect-command-speed-") as folder:
        root = Path(folder)
        spawner = Spawner(root)
        try:
            tasks: list[Task] = []
            for size in sizes:
                tasks += prepare_size(spawner, size, root, today, reflect, jrnl)
            first_home = reflect_env(root / f"size-{sizes[0]}" / "reflect-home")
            one_widget = (sys.executable, "-c", ONE_WIDGET_CHILD)
            tasks += [
                Task("python -c pass", None, (sys.executable, "-c", "pass"), first_home),
                Task("reflect --version", None, (*reflect, "--version"), first_home),
                Task("one-widget app", None, one_widget, first_home, moments=True),
            ]
            samples = run_rounds(spawner, tasks, args.repeats, root)
        finally:
            spawner.close()
    print(f"reflect run as: {' '.join(reflect)}")
    if jrnl is not None:
        print(f"jrnl: {jrnl[0]} (version {jrnl[1]})")
    print(f"journals re-dated to end on {newest_day(today)}; today is {today}\n")
    print_commands(samples, sizes, args.repeats)
    print_memory(samples, sizes)
    print_version(samples)
    print_app(samples, sizes)
    print_goals(samples, sizes)


if __name__ == "__main__":
    try:
        main()
    except BenchFailure as failure:
        sys.exit(f"command_speed: {failure}")
