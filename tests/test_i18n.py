"""Chinese first: every message of the code has its Simplified Chinese translation."""

import ast
import gettext
import re
from pathlib import Path

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


def test_pages_in_both_languages(world, client):
    client.force_login(world.county_staff)
    zh = client.get("/orgs/", headers={"accept-language": "zh-hans"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    en = client.get("/orgs/").content.decode()
    assert "<h1>组织</h1>" in zh and "<h1>Organizations</h1>" in en
