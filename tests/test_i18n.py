"""Chinese first: every message of the code has its Simplified Chinese translation."""

import ast
import gettext
import re
from pathlib import Path

import django
import pytest

import gonghui

pytestmark = pytest.mark.one_db  # catalogues and templates; no engine-specific SQL

# The platform's catalogue, and one per capability that keeps its own (<package>/locale).
CATALOGUES = sorted(Path(gonghui.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def _strings(lines: list[str]) -> str:
    return "".join(ast.literal_eval(x) for x in lines)


def _entries(text: str):
    """(context, msgid, [msgstr...], fuzzy) for each entry of a .po file, the header left
    out; context is None for most entries."""
    for block in text.split("\n\n"):
        fuzzy, key, parts = "#, fuzzy" in block, None, {}
        for line in block.splitlines():
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if m:
                key = m.group(1)
                parts[key] = [m.group(2)]
            elif line.startswith('"') and key:
                parts[key].append(line)
        if "msgid" not in parts or not _strings(parts["msgid"]):
            continue
        strs = [_strings(v) for k, v in parts.items() if k.startswith("msgstr")]
        context = _strings(parts["msgctxt"]) if "msgctxt" in parts else None
        yield context, _strings(parts["msgid"]), strs, fuzzy


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_every_message_is_translated(po):
    missing = [m for _c, m, strs, fuzzy in _entries(po.read_text()) if fuzzy or not all(strs)]
    assert not missing, f"{len(missing)} untranslated: {missing[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_compiled_catalogue_is_current(po):
    """The .mo the server reads says what the .po says (msgfmt was run after editing)."""
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for context, msgid, strs, _fuzzy in _entries(po.read_text()):
        if len(strs) == 1:
            found = (
                compiled.pgettext(context, msgid)
                if context is not None
                else compiled.gettext(msgid)
            )
            assert found == strs[0], (context, msgid)


GETTEXT_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
TEMPLATE_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]*)"|'([^']*)')""")


def _source_msgids():
    """(file, line, msgid) of every literal message in the code and its templates."""
    root = Path(gonghui.__file__).parent
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            at = 1 if name in ("pgettext", "pgettext_lazy") else 0
            if name in GETTEXT_CALLS and len(node.args) > at:
                arg = node.args[at]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield path.relative_to(root), node.lineno, arg.value
    for path in root.rglob("templates/**/*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for m in TEMPLATE_TRANSLATE.finditer(line):
                yield (
                    path.relative_to(root),
                    number,
                    m.group(1) if m.group(1) is not None else m.group(2),
                )


def test_every_message_of_the_code_is_in_a_catalogue():
    """A msgid missing from every catalogue shows English in the Chinese interface, and the
    catalogue tests above cannot see it. Django's own catalogue counts: its strings
    ("Enter a date.") are translated there."""
    django_mo = Path(django.__file__).parent / "conf/locale/zh_Hans/LC_MESSAGES/django.mo"
    known: set[str] = set()
    for mo in [django_mo, *(po.with_suffix(".mo") for po in CATALOGUES)]:
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        known |= {(k if isinstance(k, str) else k[0]).split("\x04")[-1] for k in catalog}
    missing = [
        f"{path}:{line} {msgid!r}" for path, line, msgid in _source_msgids() if msgid not in known
    ]
    assert not missing, f"{len(missing)} messages without Chinese:\n" + "\n".join(missing[:30])


def test_pages_in_both_languages(world, client):
    client.force_login(world.county_staff)
    zh = client.get("/orgs/", headers={"accept-language": "zh-hans"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    en = client.get("/orgs/").content.decode()
    assert "<h1>组织</h1>" in zh and "<h1>Organizations</h1>" in en
