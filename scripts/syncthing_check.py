"""Share through a real Syncthing folder: two Syncthing instances on the loopback interface.

A mentee (sam) and a mentor (dana) each get a Syncthing of their own (own config folder,
own ports on 127.0.0.1, no global or local discovery, no relays, no NAT, no usage
reporting, no upgrades: nothing leaves this computer) and a reflect home of their own.
The two devices are paired and share one folder through Syncthing's REST API. Then, with
the real ``reflect`` program:

1. both make identities and add each other as contacts (``contact add ... --folder``);
2. the mentee shares entries and publishes, a few times: the time until ``reflect inbox
   --json`` on the mentor's side shows the new entry is measured;
3. the mentee unshares one: it must be gone from the mentor's side after the sync;
4. a larger bundle (a few MB, Syncthing slowed down to make the transfer last) is
   published twice in a row, while the mentor runs ``reflect inbox --json --verbose`` in
   a loop: no poll may report a problem or lose an entry seen before;
5. the mentor replies (:func:`step_reply`), once ``reflect reply`` exists.

A table of figures ends the run. Exit status 0: every check held (or Syncthing is not
installed: skipped, with a note); 1: a check failed.

Run:  .venv/bin/python scripts/syncthing_check.py [--runs 5] [--keep]
Needs ``syncthing`` on PATH (Debian: ``apt-get install syncthing``); about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

FOLDER_ID = "reflect-share"
WAIT_SECONDS = 60.0
POLL_SECONDS = 0.1
OFFLINE_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "urSeen": "3",
    "autoUpgradeIntervalH": "0",
    "crashReportingEnabled": "false",
    "startBrowser": "false",
    "announceLANAddresses": "false",
    "reconnectionIntervalS": "2",
}
"""Syncthing options that keep it on this computer (written before its first start)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, check: Callable[[], bool], timeout: float = WAIT_SECONDS) -> float:
    """Seconds until ``check()`` held; raises ``TimeoutError`` naming ``what``."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not after {timeout:g} s")
        time.sleep(POLL_SECONDS)
    return time.monotonic() - start


# -- Syncthing ----------------------------------------------------------------------------


@dataclass
class Syncthing:
    """One Syncthing instance with its own config folder, on 127.0.0.1 only."""

    name: str
    home: Path
    gui_port: int = field(default_factory=free_port)
    listen_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: os.urandom(16).hex())
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "HOME": str(self.home), "STNOUPGRADE": "1", "STNORESTART": "1"}

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    def generate(self) -> None:
        """Keys and a config, changed to stay offline before Syncthing ever starts."""
        config = self.home / "config"
        subprocess.run(
            ["syncthing", "generate", f"--home={config}", "--no-default-folder",
             "--skip-port-probing"],
            check=True, capture_output=True, env=self.env,
        )  # fmt: skip
        path = config / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        options = root.find("options")
        assert gui is not None and options is not None, "unexpected Syncthing config.xml"
        gui.set("tls", "false")
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        _set(gui, "apikey", self.api_key)
        for old in options.findall("listenAddress"):
            options.remove(old)
        ET.SubElement(options, "listenAddress").text = f"tcp://127.0.0.1:{self.listen_port}"
        for key, value in OFFLINE_OPTIONS.items():
            _set(options, key, value)
        tree.write(path)
        found = subprocess.run(
            ["syncthing", "serve", f"--home={config}", "--device-id"],
            check=True, capture_output=True, text=True, env=self.env,
        )  # fmt: skip
        self.device_id = found.stdout.strip()

    def start(self) -> None:
        config = self.home / "config"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["syncthing", "serve", f"--home={config}", "--no-browser", "--no-restart",
                 "--no-upgrade", f"--gui-address=http://127.0.0.1:{self.gui_port}",
                 f"--gui-apikey={self.api_key}"],
                stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True,
            )  # fmt: skip
        wait_for(f"{self.name}'s Syncthing to answer", self._answers)

    def _answers(self) -> bool:
        try:
            return bool(self.api("GET", "/rest/system/ping").get("ping") == "pong")
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the process this script started, by its id
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def api(self, method: str, path: str, body: object = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", data=data, method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode() or "null"
        return json.loads(text)

    def pair_with(self, other: Syncthing, folder: Path, watcher_delay: int) -> None:
        """Know ``other`` at its static address, and share ``folder`` with it (a change is
        noticed ``watcher_delay`` seconds after it settled; Syncthing's default is 10)."""
        self.api("POST", "/rest/config/devices", {
            "deviceID": other.device_id, "name": other.name,
            "addresses": [f"tcp://127.0.0.1:{other.listen_port}"],
            "autoAcceptFolders": False,
        })  # fmt: skip
        self.api("POST", "/rest/config/folders", {
            "id": FOLDER_ID, "label": "reflect", "path": str(folder), "type": "sendreceive",
            "devices": [{"deviceID": self.device_id}, {"deviceID": other.device_id}],
            "fsWatcherEnabled": True, "fsWatcherDelayS": watcher_delay, "rescanIntervalS": 60,
        })  # fmt: skip

    def connected_to(self, other: Syncthing) -> bool:
        connections = self.api("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def folder_errors(self) -> list[str]:
        found = self.api("GET", f"/rest/folder/errors?folder={FOLDER_ID}")
        return [f"{item['path']}: {item['error']}" for item in found.get("errors") or []]

    def limit_sending(self, kib_per_second: int) -> None:
        """Slow sending down (0: no limit), on the LAN too, so a transfer can be watched."""
        self.api("PATCH", "/rest/config/options", {
            "maxSendKbps": kib_per_second, "limitBandwidthInLan": kib_per_second > 0,
        })  # fmt: skip


def _set(parent: ET.Element, tag: str, text: str) -> None:
    child = parent.find(tag)
    if child is None:
        child = ET.SubElement(parent, tag)
    child.text = text


@contextmanager
def running(*instances: Syncthing) -> Iterator[None]:
    try:
        for instance in instances:
            instance.start()
        yield
    finally:
        for instance in instances:
            instance.stop()


# -- reflect ------------------------------------------------------------------------------


@dataclass
class Reflect:
    """One person's reflect home, driven as a user's shell drives it."""

    handle: str
    home: Path
    folder: Path
    """This person's side of the synced folder."""

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "REFLECT_HOME": str(self.home)}
        env.pop("REFLECT_DEBUG", None)
        return subprocess.run(
            [sys.executable, "-m", "reflect", *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        if done.returncode != 0:
            raise RuntimeError(f"reflect {' '.join(args)} ({self.handle}): {done.stderr.strip()}")
        return done.stdout

    def inbox(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
        """What ``reflect inbox --json --verbose`` says: received, files, problem lines."""
        done = self.run("inbox", "--json", "--verbose")
        if done.returncode != 0:
            return [], [], [f"inbox failed: {done.stderr.strip()}"]
        document = json.loads(done.stdout)
        problems = [line for line in done.stderr.splitlines() if line.strip()]
        return document["received"], document["files"], problems

    def ids_from(self, author: str) -> set[str]:
        received, _, _ = self.inbox()
        return {e["id"] for item in received if item["author"] == author for e in item["entries"]}


@dataclass
class Figures:
    arrivals: list[float] = field(default_factory=list)
    unshare: float | None = None
    big_bytes: int = 0
    polls: int = 0
    polls_waiting: int = 0
    polls_mid_transfer: int = 0
    big_arrival: float | None = None
    conflicts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    reply: str = "not run"


def set_up_reflect(mentee: Reflect, mentor: Reflect) -> None:
    for person in (mentee, mentor):
        person.ok("id", "init", "--handle", person.handle)
    keys = {p.handle: json.loads(p.ok("id", "--json"))["public_key"] for p in (mentee, mentor)}
    for person, other in ((mentee, mentor), (mentor, mentee)):
        person.ok("contact", "add", other.handle, keys[other.handle], "--folder",
                  str(person.folder))  # fmt: skip
        (person.home / "config.toml").write_text(f"inbox = [{json.dumps(str(person.folder))}]\n")


def observe(figures: Figures, person: Reflect) -> list[dict[str, Any]]:
    """One look at ``person``'s inbox: problems and conflict copies counted."""
    received, files, problems = person.inbox()
    figures.errors.extend(f"{person.handle}'s inbox: {line}" for line in problems)
    figures.errors.extend(
        f"{person.handle}'s inbox: {item['path']}: {item['reason']}"
        for item in files
        if item["problem"]
    )
    figures.conflicts.update(item["path"] for item in files if item["conflict_copy"])
    if any(item["status"] == "waiting" for item in files):
        figures.polls_waiting += 1
    return received


def step_arrivals(mentee: Reflect, mentor: Reflect, figures: Figures, runs: int) -> list[str]:
    """Share one new entry and publish, ``runs`` times; time until the mentor has it."""
    shared = []
    for number in range(runs):
        entry = mentee.ok(
            "add", "--challenge", f"Run {number}: a caller shouted about a late parcel",
            "--lesson", f"Run {number}: breathe before answering",
        ).strip()  # fmt: skip
        mentee.ok("share", entry, "--with", mentor.handle)
        mentee.ok("publish", "--to", mentor.handle)
        start = time.monotonic()

        def arrived(entry: str = entry) -> bool:
            received = observe(figures, mentor)
            return any(e["id"] == entry for item in received for e in item["entries"])

        wait_for(f"entry {entry[:8]} on the mentor's side", arrived)
        figures.arrivals.append(time.monotonic() - start)
        shared.append(entry)
    return shared


def step_unshare(mentee: Reflect, mentor: Reflect, figures: Figures, entry: str) -> None:
    mentee.ok("unshare", entry, "--with", mentor.handle)  # rewrites the bundle at once
    start = time.monotonic()
    wait_for(f"entry {entry[:8]} gone from the mentor's side",
             lambda: entry not in {e["id"] for item in observe(figures, mentor)
                                   for e in item["entries"]})  # fmt: skip
    figures.unshare = time.monotonic() - start


def big_export(handle: str, count: int, path: Path) -> list[str]:
    """A native export of ``count`` long entries shared with ``handle`` (words only, so the
    privacy guard has nothing to replace)."""
    words = ("calm", "queue", "refund", "listen", "pause", "shift", "caller", "kind", "hold",
             "escalate", "breathe", "sorry", "parcel", "late", "billing", "patient")  # fmt: skip
    chooser = random.Random(16)
    when = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
    entries: list[dict[str, Any]] = []
    day = date(2026, 1, 1)
    for number in range(count):

        def text(chooser: random.Random = chooser) -> str:
            return " ".join(chooser.choice(words) for _ in range(1_500))[:9_000]

        entries.append({
            "id": f"{number:032x}", "shift_date": (day + timedelta(number)).isoformat(),
            "created_at": when.isoformat(), "updated_at": when.isoformat(),
            "challenge": text(), "grateful": text(), "kindness": text(), "lesson": text(),
            "note": "", "mood": 3, "tags": ["big"], "shared_with": [handle], "source": "reflect",
        })  # fmt: skip
    path.write_text(json.dumps({"format": "reflect", "version": 1, "entries": entries}))
    return [str(entry["id"]) for entry in entries]


def step_mid_transfer(
    mentee: Reflect, mentor: Reflect, sender: Syncthing, figures: Figures, base: Path
) -> None:
    """Publish a bundle of a few MB twice in a row while Syncthing sends it slowly, and read
    the mentor's inbox in a loop meanwhile: never a problem, never an entry lost."""
    export = base / "big.json"
    ids = big_export(mentor.handle, 90, export)
    mentee.ok("import", str(export), "--keep-sharing")
    before = mentor.ids_from(mentee.handle)
    sender.limit_sending(1_500)
    try:
        mentee.ok("publish", "--to", mentor.handle)
        figures.big_bytes = max(p.stat().st_size for p in mentee.folder.glob("*.reflect-bundle"))
        time.sleep(0.5)  # part of it on its way: now a newer one replaces it mid-transfer
        last = mentee.ok("add", "--lesson", "published while the big one travelled",
                         "--share-with", mentor.handle).strip()  # fmt: skip
        wanted = before | set(ids) | {last}
        start = time.monotonic()
        seen: set[str] = set(before)
        while True:
            mid = any(name.startswith(".syncthing.") for name in os.listdir(mentor.folder))
            received = observe(figures, mentor)
            now = {e["id"] for item in received if item["author"] == mentee.handle
                   for e in item["entries"]}  # fmt: skip
            figures.polls += 1
            figures.polls_mid_transfer += mid
            if not seen <= now:
                figures.errors.append(f"poll {figures.polls}: {len(seen - now)} entries lost")
            seen = now
            if wanted <= now:
                figures.big_arrival = time.monotonic() - start
                break
            if time.monotonic() - start > 2 * WAIT_SECONDS:
                figures.errors.append("the big bundle did not arrive in time")
                break
    finally:
        sender.limit_sending(0)


def step_reply(mentee: Reflect, mentor: Reflect, figures: Figures, entry: str) -> None:
    """The mentor answers an entry; the answer travels back in the mentor's own bundle and
    shows under the mentee's entry (``reflect show ID --json``: its ``replies``, from the
    mentor's handle as the mentee knows it). Then the mentor withdraws it, and it leaves."""
    if mentor.run("reply", "--help").returncode != 0:
        figures.reply = "skipped: this reflect has no `reflect reply`"
        print(f"note: {figures.reply}")
        return
    text = "You kept your voice level: that is the hard part."
    mentor.ok("reply", entry, text)  # written to the shared folder at once
    start = time.monotonic()

    def replies() -> list[dict[str, object]]:
        mentee.run("inbox")  # reads what arrived
        shown = mentee.run("show", entry, "--json")
        if shown.returncode != 0:
            return []
        found = json.loads(shown.stdout).get("replies", [])
        return found if isinstance(found, list) else []

    def arrived() -> bool:
        return any(item.get("text") == text and item.get("from") for item in replies())

    wait_for("the mentor's reply under the mentee's entry", arrived)
    took = time.monotonic() - start
    (mine,) = json.loads(mentor.ok("reply", "--list", "--json"))
    mentor.ok("reply", "--delete", str(mine["id"]))
    start = time.monotonic()
    wait_for("the withdrawn reply gone from the mentee's entry", lambda: not replies())
    figures.reply = f"arrived after {took:.2f} s; withdrawn in {time.monotonic() - start:.2f} s"


def conflict_files(*folders: Path) -> set[str]:
    return {
        str(path)
        for folder in folders
        for path in folder.iterdir()
        if ".sync-conflict-" in path.name or "conflicted copy" in path.name
    }


def table(figures: Figures) -> str:
    arrivals = figures.arrivals
    rows = [
        ("publish -> arrival, median", f"{statistics.median(arrivals):.2f} s over {len(arrivals)} "
         f"runs (min {min(arrivals):.2f}, max {max(arrivals):.2f})" if arrivals else "no run"),
        ("unshare -> gone on the mentor's side",
         f"{figures.unshare:.2f} s" if figures.unshare is not None else "not measured"),
        ("larger bundle", f"{figures.big_bytes / 1e6:.1f} MB, sent at 1.5 MB/s, replaced by a "
         "newer one mid-transfer"),
        ("larger bundle -> all entries in", f"{figures.big_arrival:.2f} s"
         if figures.big_arrival is not None else "did not arrive"),
        ("inbox polls during that transfer", str(figures.polls)),
        ("  polls with Syncthing's temp file there", str(figures.polls_mid_transfer)),
        ("  polls with a bundle waiting", str(figures.polls_waiting)),
        ("conflicts seen", str(len(figures.conflicts))),
        ("errors seen", str(len(figures.errors))),
        ("reply step", figures.reply),
    ]  # fmt: skip
    width = max(len(name) for name, _ in rows)
    lines = [f"| {'figure':<{width}} | value", f"| {'-' * width} | -----"]
    lines += [f"| {name:<{width}} | {value}" for name, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="publish -> arrival runs (5)")
    parser.add_argument("--keep", action="store_true", help="keep the folders for a look")
    parser.add_argument(
        "--watcher-delay", type=int, default=1,
        help="seconds Syncthing waits after a change before syncing it (1; its default is 10)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if shutil.which("syncthing") is None:
        print("skipped: syncthing is not installed (Debian: apt-get install syncthing)")
        return 0
    base = Path(tempfile.mkdtemp(prefix="reflect-syncthing-"))
    figures = Figures()
    sides = {}
    for role, handle in (("mentee", "sam"), ("mentor", "dana")):
        folder = base / role / "Sync" / "reflect"
        (folder / ".stfolder").mkdir(parents=True)
        sides[role] = (
            Syncthing(role, base / role),
            Reflect(handle, base / role / "reflect", folder),
        )
    (sending, mentee), (receiving, mentor) = sides["mentee"], sides["mentor"]
    try:
        for instance in (sending, receiving):
            instance.generate()
        with running(sending, receiving):
            sending.pair_with(receiving, mentee.folder, args.watcher_delay)
            receiving.pair_with(sending, mentor.folder, args.watcher_delay)
            took = wait_for(
                "the two Syncthings to connect", lambda: sending.connected_to(receiving)
            )
            version = sending.api("GET", "/rest/system/version")["version"]
            print(f"Syncthing {version}: {sending.device_id[:7]} and {receiving.device_id[:7]} "
                  f"connected on 127.0.0.1 in {took:.1f} s; folder {FOLDER_ID} shared")  # fmt: skip
            set_up_reflect(mentee, mentor)
            shared = step_arrivals(mentee, mentor, figures, args.runs)
            step_unshare(mentee, mentor, figures, shared[0])
            step_mid_transfer(mentee, mentor, sending, figures, base)
            step_reply(mentee, mentor, figures, shared[-1])
            figures.conflicts |= conflict_files(mentee.folder, mentor.folder)
            for instance in (sending, receiving):
                figures.errors.extend(f"{instance.name}'s Syncthing: {e}"
                                      for e in instance.folder_errors())  # fmt: skip
    except (TimeoutError, RuntimeError, OSError, subprocess.CalledProcessError) as error:
        figures.errors.append(f"stopped: {error}")
        for instance in (sending, receiving):
            if instance.log.exists():
                tail = instance.log.read_text(errors="replace").splitlines()[-5:]
                print(f"-- last lines of {instance.name}'s Syncthing log:", *tail, sep="\n  ")
    finally:
        if args.keep:
            print(f"kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"(Syncthing's watcher delay: {args.watcher_delay} s)")
    print(table(figures))
    for line in figures.errors:
        print(f"error: {line}")
    return 1 if figures.errors else 0


if __name__ == "__main__":
    sys.exit(main())
