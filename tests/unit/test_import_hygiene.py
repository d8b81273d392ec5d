"""The core runs without the UI: importing it never loads textual (nor click)."""

import subprocess
import sys
from pathlib import Path

CORE = sorted(
    "reflect." + str(path.relative_to(Path(__file__).parents[2] / "reflect"))[:-3].replace("/", ".")
    for path in (Path(__file__).parents[2] / "reflect").rglob("*.py")
    if not {"tui", "cli"} & set(path.relative_to(Path(__file__).parents[2] / "reflect").parts)
    and path.name not in ("__main__.py", "__init__.py")
)


def test_core_modules_do_not_import_textual_or_click() -> None:
    assert "reflect.match" in CORE and "reflect.summary.period" in CORE and len(CORE) > 25
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
