"""The installed dependencies are audited against the known vulnerabilities: pip-audit looks up
every distribution of the environment the platform runs in (the platform itself, installed
editable, is not on PyPI and is left out) and the test fails on any known vulnerability that is
not listed in ACCEPTED with its reason.

pip-audit asks osv.dev, or PyPI's JSON API when osv.dev cannot be reached. Where PyPI answers
only for projects, not for single releases (a mirror or proxy in between), the audit falls back
to the project's page: PyPI lists the known vulnerabilities of a project's latest release, so
every distribution installed at its latest release is audited, and the others are printed as
not audited. The audit needs the internet, so it is not part of `make test` (whose checks run
without it): `make audit` runs this file. It is skipped when no service answers for enough
packages, so that an audit that did not happen never passes as one that found nothing; under
CI=true a skip is a failure.
"""

from __future__ import annotations

import concurrent.futures
import importlib.metadata
import json
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# vulnerability id (or alias) -> why it does not apply to the platform, and until when.
ACCEPTED: dict[str, str] = {}

# An audit in which fewer packages than this were looked up did not really happen.
MIN_AUDITED = 30


def _reachable(host: str) -> bool:
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    return True


def _service() -> str:
    """osv.dev when it answers, else PyPI's JSON API; skips when neither can be reached."""
    if shutil.which("pip-audit", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("pip-audit is not installed (pip install pip-audit)")
    if _reachable("api.osv.dev"):
        return "osv"
    if _reachable("pypi.org"):
        return "pypi"
    pytest.skip("neither osv.dev nor pypi.org can be reached")


def _pip_audit(service: str, *arguments: str) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            service,
            *arguments,
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    # 0: nothing found, 1: vulnerabilities found; anything else: pip-audit could not run.
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_the_audit_finds_a_known_vulnerability(tmp_path):
    """The audit can fail: a Django release with published advisories is reported."""
    service = _service()
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==4.2\n")

    report = _pip_audit(service, "--requirement", str(requirements), "--no-deps")

    (django,) = [dep for dep in report["dependencies"] if dep["name"].lower() == "django"]
    if "skip_reason" in django:
        pytest.skip(
            f"the vulnerability service ({service}) did not answer: {django['skip_reason']}"
        )
    assert len(django["vulns"]) > 0


def _latest_release_audit() -> dict:
    """pip-audit's report, made from PyPI's project pages: a distribution installed at its
    project's latest release gets that release's known vulnerabilities; any other is skipped
    with the reason."""

    def look(dist: importlib.metadata.Distribution) -> dict:
        name, version = dist.metadata["Name"], dist.version
        entry = {"name": name, "version": version}
        try:
            with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as page:
                project = json.load(page)
        except (OSError, ValueError) as error:
            return entry | {"skip_reason": f"not found on PyPI: {error}"}
        latest = project["info"]["version"]
        if latest != version:
            return entry | {"skip_reason": f"not the latest release ({latest}): not audited"}
        vulns = [
            {"id": v["id"], "aliases": v.get("aliases", []), "fix_versions": v.get("fixed_in", [])}
            for v in project.get("vulnerabilities", [])
            if not v.get("withdrawn")
        ]
        return entry | {"vulns": vulns}

    editable = {"alliance-platform"}
    dists = [
        dist
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() not in editable
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        return {"dependencies": sorted(pool.map(look, dists), key=lambda dep: dep["name"])}


def test_no_dependency_has_a_known_vulnerability():
    # when every installed distribution is looked up
    service = _service()
    report = _pip_audit(service, "--skip-editable")
    if service == "pypi" and not any("vulns" in dep for dep in report["dependencies"]):
        # PyPI answered for no single release: audit from the projects' latest releases
        service = "pypi, latest releases"
        report = _latest_release_audit()

    # then
    dependencies = report["dependencies"]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    not_found = [dep["name"] for dep in dependencies if "not found" in dep.get("skip_reason", "")]
    found = [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions'])})"
        for dep in audited
        for vuln in dep["vulns"]
        if not ({vuln["id"], *vuln.get("aliases", [])} & set(ACCEPTED))
    ]
    print(
        f"\ndependency audit ({service}): {len(dependencies)} distributions, {len(audited)} "
        f"audited, {len(not_found)} not answered for, {len(found)} known vulnerabilities"
    )
    for dep in dependencies:
        if "skip_reason" in dep:
            print(f"  not audited: {dep['name']} {dep['version']}: {dep['skip_reason']}")
    if len(audited) < MIN_AUDITED:
        pytest.skip(
            f"the vulnerability service ({service}) answered for only {len(audited)} of "
            f"{len(dependencies)} distributions; unanswered: {', '.join(not_found[:10])} ..."
        )
    assert found == [], "known vulnerabilities:\n" + "\n".join(found)
