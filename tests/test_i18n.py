"""Chinese first: every message of the code has its Simplified Chinese translation."""

import ast
import gettext
import re
from pathlib import Path

import gonghui

PO = Path(gonghui.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"((?:\n".*")*)', block, re.M)
        if not msgid or (msgid.group(1) == "" and not msgid.group(2)):
            continue  # the header
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        yield msgid.group(1) + msgid.group(2), ["".join(s) for s in strs], "#, fuzzy" in block


def test_every_message_is_translated():
    missing = [m for m, strs, fuzzy in _entries(PO.read_text()) if fuzzy or not all(strs)]
    assert not missing, f"{len(missing)} untranslated: {missing[:10]}"


def test_compiled_catalogue_is_current():
    """The .mo the server reads says what the .po says (msgfmt was run after editing)."""
    with PO.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, strs, _fuzzy in _entries(PO.read_text()):
        if len(strs) == 1:
            text = ast.literal_eval(f'"{msgid}"')
            assert compiled.gettext(text) == ast.literal_eval(f'"{strs[0]}"'), msgid


def test_pages_in_both_languages(world, client):
    client.force_login(world.county_staff)
    zh = client.get("/orgs/", headers={"accept-language": "zh-hans"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    en = client.get("/orgs/").content.decode()
    assert "<h1>组织</h1>" in zh and "<h1>Organizations</h1>" in en
