"""Bad input: one line on stderr, exit 1 (2 for usage), never a traceback, data untouched."""

import json
import os
import sys
import threading
from pathlib import Path

import pytest

from reflect.model import MAX_TEXT_LENGTH
from tests.cli.conftest import Invoke, json_of, run_reflect


def _journal_bytes(home: Path) -> bytes:
    return (home / "journal.json").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--challenge", "x", "--mood", "7"], "mood must be from 1 to 5"),
        (["add", "--challenge", " ", "--lesson", ""], "nothing to save"),
        (["add", "--challenge", "x", "--date", "the day after never"], "--date: cannot read"),
        (["add", "--challenge", "x", "--date", "2099-01-01"], "is in the future"),
        (["add", "--challenge", "x", "--tag", "two words, comma"], "tag"),
        (["show", "0123456789abcdef0123456789abcdef"], "no entry with id"),
        (["list", "--from", "2026-11-10", "--to", "2026-11-01"], "is after --to"),
        (["import", "/nonexistent/file.json"], "cannot use /nonexistent/file.json"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_the_journal_is_untouched(
    reflect_cli: Invoke, isolated_home: Path, args: list[str], message: str
) -> None:
    reflect_cli("add", "--challenge", "existing")
    before = _journal_bytes(isolated_home)
    result = reflect_cli(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _journal_bytes(isolated_home) == before


def test_usage_errors_exit_2(reflect_cli: Invoke) -> None:
    result = reflect_cli("add", "--mood", "three")
    assert result.exit_code == 2


def test_a_one_megabyte_field_is_refused_clearly(reflect_cli: Invoke, isolated_home: Path) -> None:
    reflect_cli("add", "--challenge", "existing")
    before = _journal_bytes(isolated_home)
    result = reflect_cli("add", "--challenge", "x" * 1_048_576)
    assert result.exit_code == 1
    assert f"the limit is {MAX_TEXT_LENGTH:,}" in result.stderr
    assert _journal_bytes(isolated_home) == before


def test_an_import_file_with_invalid_items_writes_nothing(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    reflect_cli("add", "--challenge", "existing")
    document = json_of(reflect_cli("export"))
    document["entries"][0]["id"] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    bad = dict(document["entries"][0], id="bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", mood=9)
    huge = dict(
        document["entries"][0], id="cccccccccccccccccccccccccccccccc", lesson="y" * 1_048_576
    )
    document["entries"] += [bad, huge]
    path = tmp_path / "mixed.json"
    import json

    path.write_text(json.dumps(document))
    refused = reflect_cli("import", str(path))
    assert refused.exit_code == 1 and "nothing written: 2 item(s)" in refused.stderr
    assert len(json_of(reflect_cli("list", "--json"))) == 1
    dry = reflect_cli("import", str(path), "--dry-run")
    assert (
        "item 2: mood must be from 1 to 5" in dry.stdout
        and "item 3: lesson is too long" in dry.stdout
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[1,2]",
        b'{"format": "jrnl"}',
        b"\xff\xfe\x00",
        b'{"format": "reflect", "version": 7, "entries": []}',
    ],
)
def test_import_files_that_are_not_exports(
    reflect_cli: Invoke, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = reflect_cli("import", str(path))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_export_refuses_to_overwrite_the_journal(reflect_cli: Invoke, isolated_home: Path) -> None:
    reflect_cli("add", "--challenge", "existing")
    before = _journal_bytes(isolated_home)
    result = reflect_cli("export", "--output", str(isolated_home / "journal.json"))
    assert result.exit_code == 1 and "inside reflect's home" in result.stderr
    assert _journal_bytes(isolated_home) == before


@pytest.mark.parametrize(
    "inside", ["keys/identity.json", "config.toml", "backups/x.json", ".", "new-file.md"]
)
@pytest.mark.parametrize("command", [("export",), ("summary", "--format", "md")])
def test_output_is_never_written_inside_the_home(
    reflect_cli: Invoke, isolated_home: Path, inside: str, command: tuple[str, ...]
) -> None:
    reflect_cli("id", "init", "--handle", "sam")
    (isolated_home / "config.toml").write_text("keep_backups = 3\n")
    key = (isolated_home / "keys" / "identity.json").read_bytes()
    reflect_cli("add", "--challenge", "existing")
    result = reflect_cli(*command, "--output", str(isolated_home / inside))
    assert result.exit_code == 1 and "inside reflect's home" in result.stderr
    assert (isolated_home / "keys" / "identity.json").read_bytes() == key
    assert (isolated_home / "config.toml").read_text() == "keep_backups = 3\n"
    assert not (isolated_home / "new-file.md").exists()
    assert reflect_cli("list").exit_code == 0


def test_output_dash_is_standard_output(reflect_cli: Invoke) -> None:
    reflect_cli("add", "--challenge", "to stdout", "--lesson", "to stdout")
    result = reflect_cli("export", "--output", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["entries"][0]["challenge"] == (
        "to stdout"
    )
    assert "to stdout" in reflect_cli("summary", "--format", "md", "--output", "-").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX FIFO")
def test_output_to_a_fifo_is_written_as_a_stream(reflect_cli: Invoke, tmp_path: Path) -> None:
    reflect_cli("add", "--challenge", "through a pipe")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = reflect_cli("export", "--format", "csv", "--output", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0 and b"through a pipe" in received[0]
    assert fifo.exists() and not fifo.is_file()  # still the FIFO, not replaced by a file


def test_output_to_dev_fd_1_reaches_standard_output(isolated_home: Path) -> None:
    run_reflect("add", "--challenge", "fd one", home=isolated_home, check=True)
    result = run_reflect("export", "--output", "/dev/fd/1", home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entries"][0]["challenge"] == "fd one"


def test_output_that_is_a_folder_is_refused(reflect_cli: Invoke, tmp_path: Path) -> None:
    result = reflect_cli("export", "--output", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.stderr


# The real program, as a shell runs it: no traceback may ever reach the terminal.


def _assert_clean_failure(result: "subprocess.CompletedProcess[bytes]", needle: str) -> None:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert needle in stderr


import subprocess  # noqa: E402


def test_corrupt_journal(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "journal.json").write_bytes(b'{"entries": {"x": {')
    for args in (["list"], ["add", "--challenge", "x"]):
        _assert_clean_failure(run_reflect(*args, home=home), "reflect doctor")
    assert (home / "journal.json").read_bytes() == b'{"entries": {"x": {'


def test_journal_is_a_directory(tmp_path: Path) -> None:
    home = tmp_path / "h"
    (home / "journal.json").mkdir(parents=True)
    _assert_clean_failure(run_reflect("add", "--challenge", "x", home=home), "is a folder")
    doctor = run_reflect("doctor", home=home)
    assert (
        doctor.returncode == 1 and b"PROBLEM" in doctor.stdout and b"is a folder" in doctor.stdout
    )
    assert b"chmod 600" not in doctor.stdout  # no advice to chmod a folder as a file


def test_non_utf8_argument(tmp_path: Path) -> None:
    home = tmp_path / "h"
    run_reflect("add", "--challenge", "existing", home=home, check=True)
    before = _journal_bytes(home)
    result = run_reflect("add", "--challenge", b"caf\xe9 latte", home=home)
    _assert_clean_failure(result, "not valid UTF-8")
    assert _journal_bytes(home) == before


def test_non_utf8_journal(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "journal.json").write_bytes(b'{"entries": {"\xff": {}}}')
    _assert_clean_failure(run_reflect("list", home=home), "not UTF-8")


def test_home_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.write_text("I am a file")
    _assert_clean_failure(run_reflect("list", home=home), "cannot use")


def test_read_only_home_simulated(
    reflect_cli: Invoke, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root ignores file modes, so the denied write is simulated here (and real below)."""
    reflect_cli("add", "--challenge", "existing")
    before = _journal_bytes(isolated_home)
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(isolated_home))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = reflect_cli("add", "--challenge", "new")
    assert result.exit_code == 1 and "permission denied" in result.stderr
    assert _journal_bytes(isolated_home) == before
    assert reflect_cli("list").exit_code == 0


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores file modes; the simulated test covers it"
)
def test_read_only_home_for_real(tmp_path: Path) -> None:
    home = tmp_path / "h"
    run_reflect("add", "--challenge", "existing", home=home, check=True)
    before = _journal_bytes(home)
    home.chmod(0o500)
    try:
        _assert_clean_failure(
            run_reflect("add", "--challenge", "new", home=home), "permission denied"
        )
        assert run_reflect("list", home=home).returncode == 0
    finally:
        home.chmod(0o700)
    assert _journal_bytes(home) == before


def test_a_broken_config_is_one_line_and_the_journal_untouched(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    reflect_cli("add", "--challenge", "existing")
    before = _journal_bytes(isolated_home)
    (isolated_home / "config.toml").write_text("keep_backups = [oops\n")
    result = reflect_cli("add", "--challenge", "new")
    assert result.exit_code == 1 and "config.toml is not valid TOML" in result.stderr
    (isolated_home / "config.toml").write_text("keep_backups = 0\n")
    assert "keep_backups must be" in reflect_cli("list").stderr
    assert _journal_bytes(isolated_home) == before
