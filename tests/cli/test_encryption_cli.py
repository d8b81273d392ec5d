"""`reflect encrypt`, `passphrase`, `decrypt` as a person and a script use them, and a home
that, once encrypted, shows none of its words in any file, byte by byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from reflect.drafts import Draft
from reflect.encryption import State, state, unlock_home
from reflect.identity import load_identity
from reflect.journal import Journal
from reflect.paths import HomePaths
from reflect.vault import KEYRING, MAGIC
from tests.cli.conftest import Invoke, json_of, public_key
from tests.conftest import FIXED_NOW, fixed_clock

pytestmark = pytest.mark.usefixtures("cheap_kdf")

PASS = "blue kettle at dawn"


@pytest.fixture
def run(reflect_cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """``reflect`` with ``$REFLECT_PASSPHRASE`` (``passphrase=None``: unset), each command
    forgetting its key when it ends, as a process would."""

    def invoke(*args: str, passphrase: str | None = PASS, **options: object) -> Result:
        if passphrase is None:
            monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
        else:
            monkeypatch.setenv("REFLECT_PASSPHRASE", passphrase)
        try:
            return reflect_cli(*args, **options)
        finally:
            KEYRING.forget()

    yield invoke


def _files(home: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(home.rglob("*")) if path.is_file()}


def _one_line(result: Result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    for word in words:
        assert word in line


def test_encrypt_then_every_command_asks_and_decrypt_gives_plain_files_back(
    run: Invoke, isolated_home: Path
) -> None:
    entry = run("add", "--challenge", "a caller who would not stop", "--tag", "phones").stdout
    done = run("encrypt")
    assert done.exit_code == 0 and "cannot be recovered" in done.stdout
    assert (isolated_home / "journal.json").read_bytes().startswith(MAGIC)
    assert entry.strip()[:8] in run("list").stdout
    _one_line(run("list", passphrase=None), "encrypted", "$REFLECT_PASSPHRASE")
    added = run("add", "--lesson", "breathe first")
    assert added.exit_code == 0
    assert (isolated_home / "journal.json").read_bytes().startswith(MAGIC)
    done = run("decrypt")
    assert done.exit_code == 0 and state(isolated_home) is State.PLAIN
    assert b"breathe first" in (isolated_home / "journal.json").read_bytes()
    assert len(json_of(run("list", "--json", passphrase=None))) == 2


def test_a_hidden_prompt_asks_twice_for_a_new_passphrase_and_once_to_unlock(
    run: Invoke, isolated_home: Path
) -> None:
    run("add", "--lesson", "slow is kind")
    result = run("encrypt", passphrase=None, interactive=True, stdin=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    assert PASS not in result.output  # typed, never shown
    assert (
        "slow is kind" in run("list", passphrase=None, interactive=True, stdin=f"{PASS}\n").stdout
    )
    mismatch = run("passphrase", passphrase=None, interactive=True,
                   stdin=f"{PASS}\nnew one\nnot the same\nnew one\nnew one\n")  # fmt: skip
    assert mismatch.exit_code == 0, mismatch.output
    assert run("list", passphrase="new one").exit_code == 0


def test_passphrase_takes_the_new_one_from_its_own_variable(
    run: Invoke, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "--lesson", "ask early")
    run("encrypt")
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "ça marche, 日本")
    assert run("passphrase").exit_code == 0
    _one_line(run("list"), "wrong passphrase")
    assert "ask early" in run("list", passphrase="ça marche, 日本").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("add", "--lesson", "never written"),
        ("export",),
        ("jot", "never noted"),
        ("doctor",),
        ("id",),
        ("passphrase",),
        ("decrypt",),
    ],
)
def test_a_wrong_passphrase_is_one_line_exit_1_and_changes_no_byte(
    run: Invoke, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    run("id", "init", "--handle", "sam")
    run("add", "--challenge", "the queue went red")
    run("encrypt")
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "something else")
    before = _files(isolated_home)
    _one_line(run(*args, passphrase="not it"), "wrong passphrase", "nothing was changed")
    assert _files(isolated_home) == before


def test_each_command_says_when_it_does_not_apply_before_asking(
    run: Invoke, isolated_home: Path
) -> None:
    run("add", "--lesson", "x")
    _one_line(run("decrypt", passphrase=None), "not encrypted")
    _one_line(run("passphrase", passphrase=None), "not encrypted")
    _one_line(run("encrypt", passphrase=None), "none given", "$REFLECT_PASSPHRASE")
    run("encrypt")
    _one_line(run("encrypt", passphrase=None), "encrypted already", "reflect passphrase")


def test_a_tampered_journal_is_refused_with_one_clear_line_and_kept(
    run: Invoke, isolated_home: Path
) -> None:
    run("add", "--lesson", "keep going")
    run("encrypt")
    journal = isolated_home / "journal.json"
    data = bytearray(journal.read_bytes())
    data[len(MAGIC) + 30] ^= 0x01
    journal.write_bytes(bytes(data))
    for args in (("list",), ("add", "--lesson", "y"), ("decrypt",)):
        _one_line(run(*args), "journal.json", "changed outside reflect or damaged")
    assert journal.read_bytes() == bytes(data)
    doctor = run("doctor")
    assert "changed outside reflect or damaged" in doctor.stdout


def test_exports_and_written_summaries_say_they_are_plain_text(
    run: Invoke, isolated_home: Path, tmp_path: Path
) -> None:
    run("add", "--lesson", "plain on purpose")
    assert "not encrypted" not in run("export").stderr
    run("encrypt")
    exported = run("export", "--output", str(tmp_path / "out.json"))
    assert exported.exit_code == 0 and "an export is not encrypted" in exported.stderr
    assert b"plain on purpose" in (tmp_path / "out.json").read_bytes()
    to_stdout = run("export")
    assert "plain on purpose" in to_stdout.stdout and "not encrypted" in to_stdout.stderr
    summary = run("summary", "--output", str(tmp_path / "month.md"), "--format", "md")
    assert summary.exit_code == 0 and "this summary is not encrypted" in summary.stderr


def test_help_says_what_each_command_does(run: Invoke) -> None:
    for command, words in (("encrypt", "passphrase"), ("passphrase", "Change"),
                           ("decrypt", "plain")):  # fmt: skip
        result = run(command, "--help", passphrase=None)
        assert result.exit_code == 0 and words in result.stdout


# -- nothing readable in any file ----------------------------------------------------------

NEEDLES = [
    "Zanzibarfield", "custmer", "refund went missing", "tagpelican", "tagosprey",
    "mentorquinn", "agentmarlow", "draftwordtoucan", "jotwordheron", "mentorlessonquokka",
    "afterwordlynx", "repliedwordibis",
]  # fmt: skip


def _use(run: Invoke, agent: Path, mentor: Path, tmp_path: Path, *, round_number: int) -> None:
    """An evening's use: entries, a tag, a misspelling, a shared entry, a jot, a draft, the
    mentor's lesson read in, and From your past (vectors, analysis, spelling caches)."""
    words = "Zanzibarfield" if round_number == 0 else "afterwordlynx"
    tag = "tagpelican" if round_number == 0 else "tagosprey"
    added = run("add", "--challenge", f"{words} custmer said the refund went missing",
                "--lesson", "name the feeling", "--tag", tag, "--share-with", "mentorquinn",
                home=agent)  # fmt: skip
    assert added.exit_code == 0, added.output
    run("add", "--challenge", "mentorlessonquokka: pause before the fix",
        "--share-with", "agentmarlow", home=mentor)  # fmt: skip
    assert run("jot", "jotwordheron on the late shift", home=agent).exit_code == 0
    assert run("inbox", home=agent).exit_code == 0
    similar = run("similar", "custmer angry about a refund", "--json", home=agent)
    assert similar.exit_code == 0, similar.output
    if state(agent) is not State.PLAIN:
        unlock_home(agent, PASS)
    journal = Journal.open(agent, clock=fixed_clock)
    journal.save_draft(Draft.start(FIXED_NOW.date(), FIXED_NOW, challenge="draftwordtoucan"))
    journal.close()
    KEYRING.forget()


@pytest.mark.usefixtures("real_meaning")
def test_no_word_tag_handle_or_key_of_an_encrypted_home_is_in_any_of_its_files(
    run: Invoke, tmp_path: Path
) -> None:
    agent, mentor = tmp_path / "agent", tmp_path / "mentor"
    to_mentor, to_agent = tmp_path / "outbox-a", tmp_path / "outbox-b"
    for folder in (to_mentor, to_agent):
        folder.mkdir()
    run("id", "init", "--handle", "agentmarlow", home=agent)
    run("id", "init", "--handle", "mentorquinn", home=mentor)
    run("contact", "add", "mentorquinn", public_key(run, mentor), "--folder", str(to_mentor),
        home=agent)  # fmt: skip
    run("contact", "add", "agentmarlow", public_key(run, agent), "--folder", str(to_agent),
        home=mentor)  # fmt: skip
    (agent / "config.toml").write_text(f'inbox = ["{to_agent}"]\n')
    _use(run, agent, mentor, tmp_path, round_number=0)
    assert (agent / "cache" / "spelling.tsv").read_bytes().count(b"custmer")  # caches exist

    assert run("encrypt", home=agent).exit_code == 0
    _use(run, agent, mentor, tmp_path, round_number=1)  # written while encrypted
    assert run("doctor", home=agent).exit_code == 0
    assert run("publish", home=agent).exit_code == 0

    identity = json_of(run("id", "--json", home=agent))
    received = run("inbox", "--json", home=agent)
    assert "mentorlessonquokka" in received.stdout  # a received bundle is kept in the journal
    vault = unlock_home(agent, PASS)
    secret = bytes(load_identity(HomePaths(agent)).private_key)
    needles = [word.encode() for word in NEEDLES]
    needles += [secret, secret.hex().encode(), vault._key, vault._key.hex().encode()]
    files = _files(agent)
    names = {path.relative_to(agent).as_posix() for path in files}
    assert {"journal.json", "keys/identity.json", "cache/spelling.tsv",
            "cache/match-analysis.json", "cache/match-index.bin"} <= names  # fmt: skip
    assert any(name.startswith("cache/vectors-") for name in names)
    assert any(name.startswith("backups/") for name in names)
    for path, data in files.items():
        for needle in needles:
            assert needle not in data, f"{needle[:12]!r} readable in {path.relative_to(agent)}"
        if path.name not in ("config.toml", "encryption.json", "journal.lock"):
            assert data[:1] == b"\x89", f"{path.relative_to(agent)} is not sealed"
    assert identity["handle"] == "agentmarlow"  # the app still knows who it is
    # and the words are all there behind the passphrase
    listed = run("list", "--json", home=agent)
    assert "afterwordlynx" in listed.stdout and "Zanzibarfield" in listed.stdout
