"""The English catalogue (govit/locale/en) is complete, compiled and used.

The UI is written in Chinese: templates use ``{% translate "中文" %}`` and
``{% blocktranslate %}`` with Chinese msgids, Python code uses ``_("中文")``. These tests fail
when a marked string has no English entry, when an entry is untranslated, fuzzy or still Chinese,
when its placeholders differ from the msgid's, or when django.mo was not recompiled after an edit
of django.po. The fix is always the same three steps (see docs/development.md, "Translations"):

    GOVIT_TESTING=true .venv/bin/govit makemessages -l en --ignore ".venv/*" --ignore "var/*" --no-obsolete
    # translate the new or changed entries in govit/locale/en/LC_MESSAGES/django.po
    cd govit && GOVIT_TESTING=true ../.venv/bin/govit compilemessages -l en
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import trim_whitespace

import govit

ROOT = Path(govit.__file__).resolve().parent
LC_MESSAGES = ROOT / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

HOW_TO_FIX = (
    "Run `GOVIT_TESTING=true .venv/bin/govit makemessages -l en --ignore '.venv/*' "
    "--ignore 'var/*' --no-obsolete`, translate the new entries in "
    "govit/locale/en/LC_MESSAGES/django.po (no `#, fuzzy`, no Chinese, same placeholders), then "
    "`cd govit && GOVIT_TESTING=true ../.venv/bin/govit compilemessages -l en` and commit both "
    "django.po and django.mo."
)

# CJK ideographs, CJK punctuation (，。：；「」、) and full-width forms (（）！).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
NAMED = re.compile(r"%\((\w+)\)[sdif]")
POSITIONAL = re.compile(r"%[sdif]")
BRACED = re.compile(r"\{(\w*)\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


# --- a small .po parser -----------------------------------------------------------------------
@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def where(self) -> str:
        return f"django.po:{self.line} {self.references[0] if self.references else ''}".strip()

    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def _unquote(literal: str) -> str:
    # A .po string is a C string literal; for our content Python's rules agree.
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the message entries; obsolete (``#~``) entries are skipped."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None
    seen_keyword = False

    def flush() -> None:
        nonlocal entry, target, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry, target, seen_keyword = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if seen_keyword:
                flush()
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#:"):
            if seen_keyword:
                flush()
            entry.references += line[2:].split()
            continue
        if line.startswith("#"):
            if seen_keyword:
                flush()
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgid", "msgctxt") and target is not None and target[0] == "msgstr":
                flush()  # a new entry without a blank line in between
            if not seen_keyword:
                entry.line = number
            seen_keyword = True
            value = _unquote(literal)
            if keyword == "msgstr" and index is not None:
                target = ("msgstr", int(index))
                entry.msgstr_plural[int(index)] = value
            else:
                target = (keyword, None)
                setattr(entry, keyword, value)
            continue
        if line.startswith('"') and target is not None:
            value = _unquote(line)
            name, index = target
            if index is not None:
                entry.msgstr_plural[index] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        raise AssertionError(f"{path.name}:{number}: cannot parse {raw!r}")
    flush()
    assert entries and entries[0].msgid == "", f"{path} has no header entry"
    return entries[0], entries[1:]


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO.exists(), f"{PO} is missing. {HOW_TO_FIX}"
    return parse_po(PO)


def _placeholders(text: str) -> Counter[str]:
    found = Counter(f"%({name})" for name in NAMED.findall(text))
    found.update("%" + m for m in POSITIONAL.findall(NAMED.sub("", text.replace("%%", ""))))
    found.update("{" + name + "}" for name in BRACED.findall(text))
    return found


def _tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


# --- (a) every entry is translated into English -----------------------------------------------
def test_the_parser_reads_a_real_catalogue(catalogue: tuple[Entry, list[Entry]]) -> None:
    # Guard against checks that cannot fail: the catalogue has hundreds of entries.
    _header, entries = catalogue
    assert len(entries) > 300
    by_id = {entry.msgid: entry for entry in entries}
    assert by_id["首页"].msgstr == "Home"
    assert by_id["项目"].msgstr == "Projects"
    assert "%(name)s" in by_id["您好，%(name)s"].msgstr


def test_the_parser_handles_multiline_plural_and_flags(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.html:1\n#, fuzzy, python-format\nmsgid ""\n"共 %(n)s "\n"轮"\n'
        'msgstr ""\n"%(n)s "\n"rounds"\n\n'
        'msgctxt "菜单"\nmsgid "一个"\nmsgid_plural "%(count)s 个"\n'
        'msgstr[0] "one"\nmsgstr[1] "%(count)s items"\n\n'
        '#~ msgid "旧"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, (first, second) = parse_po(po)
    assert header.msgstr == "Language: en\n"
    assert (first.msgid, first.msgstr) == ("共 %(n)s 轮", "%(n)s rounds")
    assert first.flags == {"fuzzy", "python-format"} and first.references == ["a.html:1"]
    assert second.key == ("菜单", "一个") and second.msgid_plural == "%(count)s 个"
    assert second.msgstr_plural == {0: "one", 1: "%(count)s items"}


def test_the_header_is_english_and_not_fuzzy(catalogue: tuple[Entry, list[Entry]]) -> None:
    header, _entries = catalogue
    assert "fuzzy" not in header.flags, f"Remove `#, fuzzy` from the header of {PO}."
    assert "Language: en\n" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr


def test_every_entry_is_translated(catalogue: tuple[Entry, list[Entry]]) -> None:
    _header, entries = catalogue
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.where}: fuzzy {entry.msgid!r}")
        if entry.msgid_plural is not None and sorted(entry.msgstr_plural) != [0, 1]:
            problems.append(f"{entry.where}: needs msgstr[0] and msgstr[1] for {entry.msgid!r}")
        for text in entry.translations():
            if not text.strip():
                problems.append(f"{entry.where}: untranslated {entry.msgid!r}")
            elif CJK.search(text):
                problems.append(f"{entry.where}: Chinese left in {text!r}")
    assert not problems, "\n".join([*problems, HOW_TO_FIX])


def test_placeholders_and_markup_are_kept(catalogue: tuple[Entry, list[Entry]]) -> None:
    _header, entries = catalogue
    problems = []
    for entry in entries:
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for n, text in enumerate(entry.translations()):
            source = sources[min(n, len(sources) - 1)]
            if not text:
                continue
            # A singular msgstr[0] may say "one" instead of %(count)s; the plural form may not.
            wanted = set(_placeholders(source))
            got = set(_placeholders(text))
            optional = {"%(count)s"} if entry.msgid_plural is not None and n == 0 else set()
            if got - wanted or (wanted - got) - optional:
                problems.append(f"{entry.where}: {source!r} has {wanted}, {text!r} has {got}")
            if _tags(source) != _tags(text):
                problems.append(f"{entry.where}: HTML differs: {source!r} → {text!r}")
            if source.count("%%") != text.count("%%"):
                problems.append(f"{entry.where}: '%%' (a literal %) differs in {text!r}")
    assert not problems, "\n".join(problems)


# --- (b) django.mo is compiled from this django.po --------------------------------------------
def test_the_compiled_catalogue_is_in_sync(catalogue: tuple[Entry, list[Entry]]) -> None:
    _header, entries = catalogue
    assert MO.exists(), f"{MO} is missing. {HOW_TO_FIX}"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info().get("language") == "en"
    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{entry.where}: .mo says {got!r}, .po says {entry.msgstr!r}")
            continue
        for n, count in ((0, 1), (1, 2)):
            if entry.msgctxt is None:
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, count)
            else:
                got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
            if got != entry.msgstr_plural.get(n):
                stale.append(
                    f"{entry.where}[{n}]: .mo says {got!r}, .po says {entry.msgstr_plural}"
                )
    assert not stale, "django.mo is older than django.po:\n" + "\n".join([*stale, HOW_TO_FIX])


# --- (c) every marked string in the source has an entry ---------------------------------------
_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S)
_TRANSLATE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:[^%]*?\bcontext\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?[^%]*?%\}""",
    re.S,
)
_BLOCK = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)\b(?P<options>.*?)%\}(?P<body>.*?)"
    r"\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}",
    re.S,
)
_BLOCK_CONTEXT = re.compile(r"""\bcontext\s+(["'])(.*?)\1""")
_PLURAL = re.compile(r"\{%\s*plural\s*%\}")
_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
_GETTEXT = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}

Found = dict[tuple[str | None, str], list[str]]


def _block_message(body: str, trimmed: bool) -> str:
    text = _VARIABLE.sub(lambda m: "\0(" + m.group(1) + ")s", body).replace("%", "%%")
    text = text.replace("\0", "%")
    return trim_whitespace(text) if trimmed else text


def _template_literals(text: str) -> list[tuple[str | None, str, int]]:
    """(context, msgid, offset) of each literal in {% translate %} and {% blocktranslate %}."""
    literals = []
    for match in _TRANSLATE.finditer(text):
        # In templates a literal % is written to the catalogue as %% (Django restores it).
        literals.append((match["context"], match["msgid"].replace("%", "%%"), match.start()))
    for match in _BLOCK.finditer(text):
        options = match["options"]
        context = _BLOCK_CONTEXT.search(options)
        trimmed = "trimmed" in options.split()
        singular = _PLURAL.split(match["body"])[0]
        msgid = _block_message(singular, trimmed)
        literals.append((context[2] if context else None, msgid, match.start()))
    return literals


def template_messages() -> Found:
    found: Found = {}
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        source = path.read_text(encoding="utf-8")
        text = _COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), source)
        name = path.relative_to(ROOT.parent)
        for context, msgid, offset in _template_literals(text):
            line = text.count("\n", 0, offset) + 1
            found.setdefault((context, msgid), []).append(f"{name}:{line}")
    return found


def python_messages() -> Found:
    found: Found = {}
    for path in sorted(ROOT.glob("**/*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in _GETTEXT:
                continue
            context_at, msgid_at = _GETTEXT[name]
            args = node.args
            if len(args) <= msgid_at:
                continue
            msgid = args[msgid_at]
            if not (isinstance(msgid, ast.Constant) and isinstance(msgid.value, str)):
                continue  # a variable: translated elsewhere, if at all
            context: str | None = None
            if context_at is not None:
                ctx = args[context_at]
                if not (isinstance(ctx, ast.Constant) and isinstance(ctx.value, str)):
                    continue
                context = ctx.value
            where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
            found.setdefault((context, msgid.value), []).append(where)
    return found


def test_the_source_scanners_find_the_marked_strings() -> None:
    # Guard against scanners that find nothing and so let everything through.
    templates, python = template_messages(), python_messages()
    assert len(templates) > 250 and len(python) > 50
    assert (None, "首页") in templates
    assert (None, "您好，%(name)s") in templates  # blocktranslate with a variable
    assert (None, "建设资金分担（%%）") in templates  # a literal % in {% translate %}
    assert (None, "已%(action)s，当前状态：%(state)s") in python
    assert (None, "English") in python  # gettext_lazy in settings


def test_every_marked_string_has_an_entry(catalogue: tuple[Entry, list[Entry]]) -> None:
    _header, entries = catalogue
    known = {entry.key for entry in entries}
    missing = []
    for found in (template_messages(), python_messages()):
        for key, places in sorted(found.items(), key=lambda item: item[1][0]):
            if key not in known:
                context = f" (context {key[0]!r})" if key[0] else ""
                missing.append(f"{places[0]}: {key[1]!r}{context}")
    assert not missing, (
        f"{len(missing)} marked string(s) have no English entry:\n"
        + "\n".join(missing)
        + "\n"
        + HOW_TO_FIX
    )


# --- (d) an English user sees English pages ---------------------------------------------------
class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skipping = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skipping:
            self.texts.append(text)


def _data_strings() -> list[str]:
    """Names stored in the database: shown as they are, in whatever language they were typed."""
    from govit.accounts.models import Jurisdiction, Organisation, User
    from govit.projects.models import Project

    names = {"中文"}  # the language switch offers Chinese in Chinese
    names |= set(Organisation.objects.values_list("name", flat=True))
    names |= set(Jurisdiction.objects.values_list("name", flat=True))
    names |= set(Project.objects.values_list("name", flat=True))
    for user in User.objects.all():
        names |= {user.username, user.get_full_name(), str(user)}
    return sorted((name for name in names if name), key=len, reverse=True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["Home", "Projects", "Hello, ", "My details", "To-do", "Recently updated projects"]),
        ("/projects/", ["Home", "Projects", "Project code", "Project name", "Owning unit"]),
    ],
)
def test_an_english_user_sees_english_pages(
    world: Any, client: Any, url: str, expected: list[str]
) -> None:
    user = world.persona("police_staff")
    user.language = "en"
    user.save()
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    parser = _TextNodes()
    parser.feed(response.content.decode())
    for text in expected:
        assert any(text in node for node in parser.texts), f"{url}: no {text!r} on the page"
    data = _data_strings()
    chinese = []
    for node in parser.texts:
        rest = node
        for name in data:
            rest = rest.replace(name, "")
        if CJK.search(rest):
            chinese.append(node)
    assert not chinese, f"{url}: Chinese text (not data) shown to an English user: {chinese}"
