"""Static security analysis of the platform's own code: bandit finds nothing at severity low
or higher and confidence medium or higher. A false positive is marked in the code with
`# nosec Bxxx - <why>`, so every exception is justified where it is made."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "alliance",
    "api",
    "backbone",
    "config",
    "initiatives",
    "measurement",
    "workgroups",
    "youth_voice",
]


def test_bandit_finds_nothing_in_the_platforms_code():
    # given the platform's packages (migrations are generated code and left out)
    command = [
        sys.executable,
        "-m",
        "bandit",
        "--quiet",
        "--recursive",
        "--severity-level",
        "low",
        "--confidence-level",
        "medium",
        "--exclude",
        "*/migrations/*,*/.venv/*,*/tests/*",
        "--format",
        "json",
        *PACKAGES,
    ]
    # when bandit scans them
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    # then it scanned every package and found nothing
    assert report["errors"] == [], report["errors"]
    scanned = {Path(name).parts[0] for name in report["metrics"] if name != "_totals"}
    assert scanned == set(PACKAGES)
    findings = [
        f"{item['filename']}:{item['line_number']} {item['test_id']} "
        f"({item['issue_severity']}/{item['issue_confidence']}) {item['issue_text']}"
        for item in report["results"]
    ]
    assert not findings, "bandit findings:\n" + "\n".join(findings)
