"""The OpenAPI schema validates and describes the API as it is (the bearer scheme, the
endpoints, no approving), and its docs are served by the platform itself: nothing from another
host, nothing inline that the Content-Security-Policy would block."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert "openapi: 3" in target.read_text()


def _schema(client) -> dict:
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_has_the_bearer_scheme_and_every_endpoint(client):
    schema = _schema(client)

    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    prefix = "/api/v1/alliances/{alliance_slug}/"
    assert {path.removeprefix(prefix) for path in schema["paths"]} == {
        "indicators/",
        "indicators/{id}/",
        "summaries/",
        "activities/",
        "activities/{id}/",
        "youth-inputs/",
        "youth-inputs/{id}/",
        "data-points/",
        "data-points/{id}/",
    }


def test_the_schema_offers_no_way_to_change_or_approve_a_data_point(client):
    paths = _schema(client)["paths"]

    methods = {path: set(operations) - {"parameters"} for path, operations in paths.items()}

    assert methods["/api/v1/alliances/{alliance_slug}/data-points/"] == {"get", "post"}
    assert all(
        operations <= {"get"} for path, operations in methods.items() if "data-points/" not in path
    )
    assert methods["/api/v1/alliances/{alliance_slug}/data-points/{id}/"] == {"get"}
    body = paths["/api/v1/alliances/{alliance_slug}/data-points/"]["post"]["requestBody"]
    reference = body["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    fields = _schema(client)["components"]["schemas"][reference]["properties"]
    assert "status" not in fields


def test_figures_are_numbers_and_the_filters_are_described(client):
    schema = _schema(client)

    summary = schema["components"]["schemas"]["Summary"]["properties"]
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/alliances/{alliance_slug}/summaries/"]["get"][
            "parameters"
        ]
    }
    assert summary["value"]["type"] == "number"
    assert summary["respondents"]["type"] == "integer"
    assert parameters["period_from"] == {"type": "string", "format": "date"}
    assert parameters["indicator"]["type"] == "integer"
    assert parameters["limit"]["maximum"] == 1000


class _Page(HTMLParser):
    """The external references, inline scripts and styles of a page."""

    def __init__(self):
        super().__init__()
        self.references: list[str] = []
        self.inline_scripts = 0
        self.styles = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.references += [attrs[name] for name in ("src", "href") if attrs.get(name)]
        if "style" in attrs or tag == "style":
            self.styles += 1
        if tag == "script" and not attrs.get("src"):
            self._in_script_without_src = True

    def handle_endtag(self, tag):
        self._in_script_without_src = False

    def handle_data(self, data):
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1


def test_the_docs_page_loads_nothing_from_another_host_and_nothing_inline(client):
    response = client.get(reverse("api:docs"))

    page = _Page()
    page.feed(response.content.decode())
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert page.references, "the page loads its files"
    assert [ref for ref in page.references if re.match(r"^(https?:)?//", ref)] == []
    assert page.inline_scripts == 0
    assert page.styles == 0


def test_the_swagger_start_script_is_served_from_the_same_place(client):
    page = client.get(reverse("api:docs")).content.decode()
    script = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', page).group(1)

    response = client.get(script.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
    assert reverse("api:schema") in response.content.decode()
