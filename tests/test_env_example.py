"""Every environment variable config/settings.py reads is documented in .env.example."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# env("NAME" ...), env.bool("NAME" ...), env.db_url("NAME" ...), across line breaks too.
READ_PATTERN = re.compile(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")
DOCUMENTED_PATTERN = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def test_every_setting_variable_is_in_env_example():
    read = set(READ_PATTERN.findall((BASE_DIR / "config" / "settings.py").read_text()))
    documented = set(DOCUMENTED_PATTERN.findall((BASE_DIR / ".env.example").read_text()))

    assert read, "no env() calls found: has the settings module moved?"
    assert not read - documented, f"missing from .env.example: {sorted(read - documented)}"
