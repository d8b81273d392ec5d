"""The core runs without the UI: importing it never loads textual (nor click)."""

import subprocess
import sys

CORE = [
    "reflect.model", "reflect.dates", "reflect.journal", "reflect.storage", "reflect.backups",
    "reflect.doctor", "reflect.migrations", "reflect.paths", "reflect.render",
    "reflect.formats.native",
]  # fmt: skip


def test_core_modules_do_not_import_textual_or_click() -> None:
    code = (
        f"import sys\nfor name in {CORE!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'click'))\n"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_does_not_import_textual_until_the_app_opens() -> None:
    code = "import sys, reflect.cli\nprint('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
