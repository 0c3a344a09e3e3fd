"""The Danish translation is complete, compiled and in step with the source.

When a string in the code or a template is added or changed, run `make messages`, translate
the new entries in locale/da/LC_MESSAGES/django.po and compile again: these tests fail until
then. They need no gettext tools: the .po file is read by a small parser below, and the
source strings are found with Django's own template-to-gettext conversion and Python's ast.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils.translation.template import templatize

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale" / "da" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# The same places `make messages` leaves out (dot-directories are always left out).
IGNORED_DIRS = {"node_modules", "tests", "var", "static/vendor"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


# ---------------------------------------------------------------------------
# A small .po parser
# ---------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(quoted: str) -> str:
    body = quoted.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()  # a comment after the strings starts the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD_LINE.match(line)
        if match:
            keyword, index, quoted = match.groups()
            starts_entry = keyword in ("msgctxt", "msgid")
            if starts_entry and target is not None and target[0] != "msgctxt":
                finish()  # entries normally end at a blank line; be lenient if one is missing
            if current is None:
                current = Entry(line=number)
            value = _unquote(quoted)
            if keyword == "msgstr" or keyword.startswith("msgstr["):
                if index is None:
                    current.msgstr = value
                    target = ("msgstr", None)
                else:
                    current.msgstr_plural[int(index)] = value
                    target = ("msgstr_plural", int(index))
            else:
                setattr(current, keyword, value)
                target = (keyword, None)
            continue
        if line.startswith('"') and current is not None and target is not None:
            value = _unquote(line)
            name, index = target
            if name == "msgstr_plural":
                current.msgstr_plural[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def messages(path: Path = PO_FILE) -> list[Entry]:
    return [entry for entry in parse_po(path) if entry.msgid != ""]


def header(path: Path = PO_FILE) -> Entry:
    return next(entry for entry in parse_po(path) if entry.msgid == "")


# ---------------------------------------------------------------------------
# The strings the source asks to translate, found as makemessages finds them
# ---------------------------------------------------------------------------

# keyword -> positions of (context, singular, plural); None where the keyword has none.
_KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _message(name: str, args: list[str | None]) -> tuple[str | None, str] | None:
    context_at, singular_at, plural_at = _KEYWORDS[name]
    needed = [at for at in (context_at, singular_at, plural_at) if at is not None]
    if len(args) <= max(needed) or any(args[at] is None for at in needed):
        return None  # not literal strings: xgettext skips these too
    return (args[context_at] if context_at is not None else None, args[singular_at])


def _calls_in_template_code(code: str) -> set[tuple[str | None, str]]:
    """gettext calls in the Python-like text Django's templatize() makes of a template."""
    found: set[tuple[str | None, str]] = set()
    # Indentation means nothing in templatize's output; without it the tokenizer cannot trip.
    source = "\n".join(line.lstrip() for line in code.splitlines())
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in _KEYWORDS:
            continue
        if tokens[i + 1].string != "(":
            continue
        args: list[str | None] = []
        current: str | None = None
        literal = True
        for inner in tokens[i + 2 :]:
            if inner.string in (",", ")"):
                args.append(current if literal else None)
                current, literal = None, True
                if inner.string == ")":
                    break
            elif inner.type == tokenize.STRING:
                current = (current or "") + ast.literal_eval(inner.string)
            else:
                literal = False
        message = _message(token.string, args)
        if message is not None:
            found.add(message)
    return found


def _calls_in_python(path: Path) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in _KEYWORDS:
            continue
        args = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        message = _message(name, args)
        if message is not None:
            found.add(message)
    return found


def _source_files() -> list[Path]:
    skipped = {Path(django_settings.STATIC_ROOT), Path(django_settings.MEDIA_ROOT)}
    files: list[Path] = []

    def walk(directory: Path) -> None:
        for child in sorted(directory.iterdir()):
            relative = child.relative_to(BASE_DIR).as_posix()
            if child.is_dir():
                if child.name.startswith(".") or child.name == "__pycache__":
                    continue
                if relative in IGNORED_DIRS or child.name == "node_modules" or child in skipped:
                    continue
                walk(child)
            elif child.suffix in SOURCE_SUFFIXES:
                files.append(child)

    walk(BASE_DIR)
    return files


def source_messages() -> dict[tuple[str | None, str], str]:
    """Every literal string marked for translation, mapped to the first file that has it."""
    found: dict[tuple[str | None, str], str] = {}
    for path in _source_files():
        relative = path.relative_to(BASE_DIR).as_posix()
        if path.suffix == ".py":
            keys = _calls_in_python(path)
        else:
            code = templatize(path.read_text(encoding="utf-8"), origin=relative)
            keys = _calls_in_template_code(code)
        for key in keys:
            found.setdefault(key, relative)
    return found


# ---------------------------------------------------------------------------
# (a) complete: every entry translated, none fuzzy
# ---------------------------------------------------------------------------


def test_the_danish_po_file_has_a_proper_header():
    text = header().msgstr
    assert "Language: da\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text
    assert "charset=UTF-8" in text
    assert "fuzzy" not in header().flags, "The .po header is marked fuzzy: msgfmt ignores it."


def test_every_danish_entry_is_translated():
    untranslated = []
    for entry in messages():
        if entry.msgid_plural is None:
            empty = not entry.msgstr.strip()
        else:
            forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
            empty = any(not form.strip() for form in forms)
        if empty:
            untranslated.append(str(entry))
    assert not untranslated, (
        f"{len(untranslated)} entries in {PO_FILE.relative_to(BASE_DIR)} have no Danish "
        "translation:\n  " + "\n  ".join(untranslated)
    )


def test_no_danish_entry_is_fuzzy():
    fuzzy = [str(entry) for entry in messages() if "fuzzy" in entry.flags]
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy entries in {PO_FILE.relative_to(BASE_DIR)} (check the "
        "translation, then remove the '#, fuzzy' line):\n  " + "\n  ".join(fuzzy)
    )


def test_placeholders_are_kept_in_the_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")
    wrong = []
    for entry in messages():
        wanted = set(placeholder.findall(entry.msgid_plural or entry.msgid))
        if entry.msgid_plural is None:
            forms = [entry.msgstr] if entry.msgstr else []
            ok = [set(placeholder.findall(form)) == wanted for form in forms]
        else:
            # A singular form may leave the number out ("ét medlem"), never add one.
            forms = [form for form in entry.msgstr_plural.values() if form]
            ok = [set(placeholder.findall(form)) <= wanted for form in forms]
        for form, good in zip(forms, ok, strict=True):
            if not good:
                wrong.append(f"{entry}: {form!r} should use {sorted(wanted)}")
    assert not wrong, "Placeholders differ from the English:\n  " + "\n  ".join(wrong)


# ---------------------------------------------------------------------------
# (b) compiled: the committed .mo says what the .po says
# ---------------------------------------------------------------------------


def test_the_compiled_mo_file_matches_the_po_file():
    assert MO_FILE.exists(), f"{MO_FILE.relative_to(BASE_DIR)} is missing: run `make messages`."
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages():
        if entry.msgid_plural is None:
            expected = [entry.msgstr]
            if entry.msgctxt is None:
                actual = [catalog.gettext(entry.msgid)]
            else:
                actual = [catalog.pgettext(entry.msgctxt, entry.msgid)]
        else:
            expected = [entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, "")]
            if entry.msgctxt is None:
                actual = [catalog.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            else:
                actual = [
                    catalog.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for n in (1, 2)
                ]
        if actual != expected:
            stale.append(f"{entry}: .mo gives {actual!r}, .po says {expected!r}")
    assert not stale, (
        f"{MO_FILE.relative_to(BASE_DIR)} is older than the .po file; run `make messages` "
        "(or manage.py compilemessages):\n  " + "\n  ".join(stale)
    )


# ---------------------------------------------------------------------------
# In step: every string marked in the source has an entry in the .po
# ---------------------------------------------------------------------------


def test_every_marked_string_in_the_source_is_in_the_po_file():
    in_po = {entry.key for entry in messages()}
    missing = [
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context is not None else "")
        for (context, msgid), where in sorted(
            source_messages().items(), key=lambda item: (item[1], item[0][1])
        )
        if (context, msgid) not in in_po
    ]
    assert not missing, (
        f"{len(missing)} strings are marked for translation but not in "
        f"{PO_FILE.relative_to(BASE_DIR)}: run `make messages`, translate the new entries "
        "and compile.\n  " + "\n  ".join(missing)
    )


# ---------------------------------------------------------------------------
# (c) rendered: Danish by default, English when chosen
# ---------------------------------------------------------------------------

PAGES = ["/", "/privacy/", "/accounts/login/"]
# Strings from the page frame (base.html) and the login form that every one of the pages has.
DANISH = ["Gå til hovedindhold", "Privatlivspolitik", "Log ind"]
ENGLISH = ["Go to main content", "Privacy notice", "Sign in"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_are_danish_by_default(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    for text in DANISH:
        assert text in html, f"{url} lacks the Danish {text!r}"
    for text in ENGLISH:
        assert text not in html, f"{url} shows the English {text!r} in Danish"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_are_english_with_the_language_cookie(client, settings, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for text in ENGLISH:
        assert text in html, f"{url} lacks the English {text!r}"
    for text in DANISH:
        assert text not in html, f"{url} shows the Danish {text!r} in English"


@pytest.mark.django_db
def test_the_privacy_notice_is_translated_in_full(client):
    html = client.get("/privacy/").content.decode()
    assert "Dine rettigheder" in html
    assert "Your rights" not in html
