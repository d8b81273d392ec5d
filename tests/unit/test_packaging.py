"""A plain `pip install .` must carry seeds/ inside the wheel, with the app's stylesheets."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_seeds_and_stylesheets(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("reflect-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in (
        "prompts.toml",
        "themes.toml",
        "glossary.toml",
        "check-words.toml",
        "demo-journal.json",
    ):
        assert f"reflect/seeds/{seed}" in names
    assert "reflect/tui/screens/journal.tcss" in names
    for model_file in ("model.onnx", "tokenizer.json", "LICENSE", "README.md"):
        assert f"reflect/models/minilm/{model_file}" in names
    # every package of the source tree is in the wheel (a forgotten one breaks the app)
    for init in (ROOT / "reflect").rglob("__init__.py"):
        assert str(init.relative_to(ROOT)) in names
    for style in (ROOT / "reflect").rglob("*.tcss"):
        assert str(style.relative_to(ROOT)) in names
    assert not any(name.startswith("tests/") for name in names)


def test_seed_files_are_found_from_the_source_tree() -> None:
    from reflect.seed_files import read_seed

    assert b"[challenge]" in read_seed("prompts.toml")
