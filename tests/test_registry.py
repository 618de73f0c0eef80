"""The shipped registry: its data (facts from the reference YAML) and its lookups."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

import cicadraft.registry as registry_pkg
from cicadraft.registry import (Delegation, Registry, default_registry, load_registry_file,
                                normalize_name)
from cicadraft.registry import loader

MEMBERS = {
    "AFG", "AZE", "BHR", "BGD", "KHM", "CHN", "EGY", "IND", "IRN", "IRQ", "ISR", "JOR", "KAZ",
    "KWT", "KGZ", "MNG", "PAK", "PSE", "QAT", "KOR", "RUS", "LKA", "TJK", "THA", "TUR", "ARE",
    "UZB", "VNM",
}
OBSERVER_STATES = {"BLR", "IDN", "JPN", "LAO", "MYS", "PHL", "TKM", "UKR", "USA", "SAU"}
OBSERVER_ORGS = {"UN", "OSCE", "LAS", "TURKPA", "IOM"}
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


# -- the data ------------------------------------------------------------------------


def test_28_members_with_iso_codes_and_names(reg):
    members = [d for d in reg.delegations() if d.kind == "member"]
    assert len(members) == 28
    assert {d.code for d in members} == MEMBERS
    for d in members:
        assert re.fullmatch(r"[A-Z]{3}", d.code), d.code
        assert d.names["en"].strip() and d.names["ru"].strip(), d.code
        assert CYRILLIC.search(d.names["ru"]), d.code
        assert d.since, d.code
        assert d.sources, d.code


def test_state_codes_are_iso_alpha3():
    # Debian's iso-codes package (scripts/test.sh installs it) is the reference.
    iso = Path("/usr/share/iso-codes/json/iso_3166-1.json")
    assert iso.is_file(), "install Debian's iso-codes package (scripts/test.sh does)"
    alpha3 = {e["alpha_3"] for e in json.loads(iso.read_text())["3166-1"]}
    assert MEMBERS | OBSERVER_STATES <= alpha3


def test_observers_are_marked_as_such(reg):
    observers = {d.code for d in reg.delegations() if d.kind == "observer"}
    assert observers == OBSERVER_STATES | OBSERVER_ORGS
    assert reg.lookup("IDN").kind == "observer" and reg.lookup("IND").kind == "member"
    assert reg.lookup("SAU").since == "2023-12-26"
    assert reg.lookup("TKM").since == "2021"
    for code in OBSERVER_STATES:
        assert CYRILLIC.search(reg.lookup(code).name("ru")), code
    assert reg.lookup("EEC").kind == "partner"


def test_secretariat_and_chairmanship_are_participants(reg):
    for code in ("SEC", "CHAIR"):
        assert reg.is_known(code)
        assert reg.lookup(code).kind == "participant"
    assert reg.lookup("SEC").name() == "CICA Secretariat"


def test_customary_codes_from_drafts(reg):
    assert reg.canonical("IRAN") == "IRN"
    assert reg.canonical("AZER") == "AZE"
    assert reg.lookup("IRAN") is reg.lookup("IRN")
    assert reg.canonical("IRN") == "IRN"
    # Codes are upper case: a lower-case code is not known (SPEC §4: a malformed tag).
    assert reg.lookup("iran") is None and not reg.is_known("iran")
    assert reg.canonical("XYZ") is None
    # Every tag code of the SWG/739 circular is known.
    for code in ("IRAN", "CHN", "IND", "AZER", "TUR", "SEC"):
        assert reg.is_known(code), code


def test_likely_variants_are_not_accepted(reg):
    assert not reg.is_known("AFGH") and not reg.is_known("RUSSIA")
    codes = set(reg.all_codes())
    for d in reg.delegations():
        assert not set(d.likely) & codes, d.code


def test_all_codes_sorted_with_aliases(reg):
    codes = reg.all_codes()
    assert codes == sorted(codes)
    assert {"IRN", "IRAN", "AZE", "AZER", "SEC", "CHAIR"} <= set(codes)
    assert "AFGH" not in codes


def test_every_source_key_resolves(reg):
    def check(keys, where):
        for key in keys:
            assert key in reg.sources or "://" in key or " " in key, f"{where}: {key}"

    for d in reg.delegations():
        check(d.sources, d.code)
    for a in reg.areas():
        check(a.sources, a.id)
        for r in a.roles:
            check(r.sources, f"{a.id}/{r.code}")
    for b in reg.bodies():
        check(b.sources, b.id)
    for dim in (reg.dimension(a.dimension) for a in reg.areas()):
        check(dim.sources, dim.id)
    assert reg.sources["brief"].startswith("CICA Secretariat circular SWG/739")


def test_as_of_is_a_date(reg):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reg.as_of)


# -- suggestions ---------------------------------------------------------------------


def test_suggest_india_indonesia(reg):
    assert reg.is_known("IDN") and reg.is_known("IND")
    assert reg.suggest("INDD")[0] == "IND"
    assert "IDN" in reg.suggest("IND") and "IND" in reg.suggest("IDN")


def test_suggest_likely_variant(reg):
    assert reg.suggest("AFGH")[0] == "AFG"
    assert reg.suggest("RUSSIA")[0] == "RUS"
    assert reg.suggest("SG") == ["SEC"]


def test_suggest_iran_iraq(reg):
    assert "IRQ" in reg.suggest("IRN")
    assert "IRN" in reg.suggest("IRQ")
    assert set(reg.suggest("IRK")[:2]) == {"IRN", "IRQ"}


def test_suggest_case_fold_first(reg):
    assert reg.suggest("iran")[0] == "IRAN"
    assert reg.suggest("azer")[0] == "AZER"
    assert reg.suggest("+ IRAN")[0] == "IRAN"


def test_suggest_never_the_code_itself_and_respects_limit(reg):
    for code in ("IRN", "IRAN", "IND", "SEC", "AFGH", "TURK"):
        out = reg.suggest(code)
        assert code not in out
        assert len(out) <= 3
        assert len(set(reg.canonical(c) for c in out)) == len(out)  # one per delegation
    assert "IRN" not in reg.suggest("IRAN")  # the same delegation
    assert reg.suggest("TURK")[0] == "TUR"
    assert len(reg.suggest("TURK", limit=1)) == 1
    assert reg.suggest("IRQ", limit=0) == []
    assert reg.suggest("QQQQQQ") == []


# -- names ---------------------------------------------------------------------------


def test_delegation_by_name(reg):
    assert reg.delegation_by_name("russian federation").code == "RUS"
    assert reg.delegation_by_name("Russian  Federation").code == "RUS"
    assert reg.delegation_by_name("the Russian Federation").code == "RUS"
    assert reg.delegation_by_name("Iraq").code == "IRQ"
    assert reg.delegation_by_name("Iran").code == "IRN"
    assert reg.delegation_by_name("Islamic Republic of Iran").code == "IRN"
    assert reg.delegation_by_name("Российская Федерация").code == "RUS"
    assert reg.delegation_by_name("россия").code == "RUS"
    assert reg.delegation_by_name("«Кыргызстан»").code == "KGZ"
    assert reg.delegation_by_name("Киргизия").code == "KGZ"
    assert reg.delegation_by_name("Объединённые Арабские Эмираты").code == "ARE"  # ё = е
    assert reg.delegation_by_name("Turkey").code == "TUR"
    assert reg.delegation_by_name("Turkiye").code == "TUR"
    assert reg.delegation_by_name("People’s Republic of China").code == "CHN"  # curly apostrophe
    assert reg.delegation_by_name("\"People's Republic of China\"").code == "CHN"
    assert reg.delegation_by_name("Secretariat").code == "SEC"
    assert reg.delegation_by_name("Atlantis") is None


def test_name_falls_back_to_english(reg):
    rus = reg.lookup("RUS")
    assert rus.name() == "Russian Federation"
    assert rus.name("ru") == "Россия"
    assert rus.name("ru-RU") == "Россия"
    assert rus.name("de") == "Russian Federation"
    assert Delegation("G77", "custom", {}).name("ru") == "G77"


def test_name_patterns(reg):
    patterns = reg.name_patterns()
    pairs = {(name, d.code) for name, d in patterns}
    assert {("Iran", "IRN"), ("Islamic Republic of Iran", "IRN"), ("Russia", "RUS"),
            ("Россия", "RUS"), ("Российская Федерация", "RUS"), ("Iraq", "IRQ")} <= pairs
    lengths = [len(name) for name, _ in patterns]
    assert lengths == sorted(lengths, reverse=True)  # longest first for prose scanning
    assert len({name for name, _ in patterns}) == len(patterns)


def test_normalize_name():
    assert normalize_name(" “Combating  Terrorism” ") == "combating terrorism"
    assert normalize_name("«Ёлка»") == normalize_name("елка")
    assert normalize_name("Респу́блика") == normalize_name("Республика")


# -- priority areas ------------------------------------------------------------------

ICT = "Security of and in the use of information and communication technologies (ICTs)"


def test_area_by_name_any_quotes(reg):
    for text in (ICT, f"“{ICT}”", f'"{ICT}"', f"«{ICT}»", f"'{ICT}'", ICT.lower()):
        assert reg.area_by_name(text).id == "ict-security", text
    assert reg.area_by_name("Security of and in the use of ICTs").id == "ict-security"
    # As the circular SWG/739 names them:
    assert reg.area_by_name("“Combating Terrorism”").id == "combating-terrorism"
    assert reg.area_by_name("“Sustainable Development”").id == "sustainable-development"
    assert reg.area_by_name("Борьба со стихийными бедствиями").id == "disaster-management"
    assert reg.area_by_name("ict-security").id == "ict-security"
    assert reg.area_by_name("Space exploration") is None


def test_areas_and_dimensions(reg):
    dims = {d.id for d in reg.dimensions()}
    assert dims == {"military-political", "new-challenges-threats", "economic", "environmental", "human"}
    for d in reg.dimensions():
        assert CYRILLIC.search(d.name("ru")), d.id
    assert reg.dimension("economic").name() == "Economic Dimension"
    assert reg.dimension("nope") is None
    areas = reg.areas()
    assert len(areas) == 18
    assert len([a for a in areas if a.dimension == "economic"]) == 8
    for a in areas:
        assert reg.dimension(a.dimension), a.id
        assert a.name("en") and CYRILLIC.search(a.name("ru")), a.id
        assert len(a.coordinators) <= 1, a.id
        for r in a.roles:
            assert reg.lookup(r.code).kind == "member", (a.id, r.code)


def test_ict_coordinators(reg):
    ict = reg.area("ict-security")
    assert [(r.code, r.role, r.tenure) for r in ict.roles] == [
        ("RUS", "coordinator", "2024-2025"), ("CHN", "co-coordinator", "2024-2025")]
    assert "brief" in ict.coordinators[0].sources


def test_roles_of(reg):
    rus = {(a.id, r.role) for a, r in reg.roles_of("RUS")}
    assert ("ict-security", "coordinator") in rus
    assert ("sme", "coordinator") in rus
    iran = {(a.id, r.role) for a, r in reg.roles_of("IRAN")}  # any alias
    assert ("disaster-management", "coordinator") in iran
    chn = {(a.id, r.role) for a, r in reg.roles_of("CHN")}
    assert {("agriculture", "coordinator"), ("ict-security", "co-coordinator"),
            ("human-general", "co-coordinator")} <= chn
    assert reg.roles_of("USA") == [] and reg.roles_of("XYZ") == []


def test_additions_win_over_older_facts(reg):
    # cica-facts had KGZ as coordinator of trade: the additions say co-coordinator.
    trade = reg.area("trade-investment")
    assert trade.coordinators == () and [r.code for r in trade.co_coordinators] == ["KGZ"]
    # cica-facts' BGD/CHN co-coordinators of environment protection are unconfirmed.
    assert reg.area("environment-protection").co_coordinators == ()
    assert [r.code for r in reg.area("agriculture").coordinators] == ["CHN"]
    assert [r.code for r in reg.area("transport-corridors").co_coordinators] == ["CHN"]
    assert reg.area("finance").roles == ()


# -- bodies --------------------------------------------------------------------------


def test_bodies(reg):
    for abbr in ("SOC", "SWG", "MC", "CBM", "RMT", "CICA"):
        body = reg.body(abbr)
        assert body is not None and body.abbr == abbr, abbr
        assert body.description("en") and CYRILLIC.search(body.description("ru")), abbr
        assert CYRILLIC.search(body.name("ru")), abbr
    assert reg.body("SOC").name() == "Senior Officials Committee"
    assert reg.body("КСДЛ") is reg.body("SOC")
    assert reg.body("СРГ") is reg.body("SWG")
    assert reg.body("Council of Eminent Persons").abbr == "CEP"
    for name in ("Summit", "Business Council", "Youth Council", "Think Tank Forum", "Secretariat"):
        assert reg.body(name) is not None, name
    assert reg.body("NOPE") is None
    assert len({b.id for b in reg.bodies()}) == len(reg.bodies())


# -- loading ---------------------------------------------------------------------------


def test_default_registry_is_cached():
    assert default_registry() is default_registry()


def test_shipped_data_is_read_through_importlib_resources(tmp_path, monkeypatch):
    # Serve a modified copy of the data through importlib.resources.files: the loader
    # must read it from there, never from the source tree.
    data = tmp_path / "data"
    data.mkdir()
    shipped = resources.files("cicadraft.registry").joinpath("data")
    for name in loader.DATA_FILES:
        (data / name).write_text(shipped.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (data / "delegations.toml").read_text(encoding="utf-8")
    (data / "delegations.toml").write_text(text.replace('en = "Mongolia"', 'en = "Mongolia (copy)"'), encoding="utf-8")
    asked = []

    def fake_files(package):
        asked.append(package)
        return tmp_path

    monkeypatch.setattr(resources, "files", fake_files)  # the loader imports it when it reads TOML
    copy = loader.load_shipped()
    assert asked == ["cicadraft.registry"]
    assert copy.lookup("MNG").name() == "Mongolia (copy)"


def test_loader_never_uses_the_source_tree_path():
    folder = Path(registry_pkg.__file__).parent
    for module in folder.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "__file__" not in source, module.name
        assert "server/cicadraft" not in source, module.name


def test_shipped_files_are_package_data():
    shipped = resources.files("cicadraft.registry").joinpath("data")
    for name in loader.DATA_FILES:
        assert shipped.joinpath(name).is_file(), name


# -- a registry file -----------------------------------------------------------------


def test_registry_file_replaces_delegations(tmp_path):
    path = tmp_path / "our-codes.toml"
    path.write_text(
        'as_of = "2025-01-15"\n'
        '[sources]\nnote = "Secretariat note"\n'
        '[delegations.KAZ]\nnames = { en = "Kazakhstan", ru = "Казахстан" }\naliases = ["KAZAKH"]\n'
        '[delegations.SEC]\nkind = "participant"\nname = "Secretariat"\n'
        '[aliases]\nKZ = "KAZ"\n'
        '[areas.ict-security]\ncoordinators = ["KAZ"]\n', encoding="utf-8")
    reg, problems = load_registry_file(path)
    assert problems == []
    assert reg.all_codes() == ["KAZ", "KAZAKH", "KZ", "SEC"]
    assert reg.lookup("KAZ").kind == "member"  # the default kind in a registry file
    assert reg.as_of == "2025-01-15" and reg.sources["note"] == "Secretariat note"
    assert [r.code for r in reg.area("ict-security").coordinators] == ["KAZ"]
    assert reg.body("SOC") is not None  # bodies still come from the shipped data
    assert default_registry().lookup("IRN") is not None  # the default is untouched


def test_shipped_delegations_file_is_a_valid_registry_file(tmp_path):
    text = resources.files("cicadraft.registry").joinpath("data", "delegations.toml").read_text(encoding="utf-8")
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    reg, problems = load_registry_file(path)
    assert problems == []
    assert reg.all_codes() == default_registry().all_codes()


def test_missing_registry_file_is_a_problem(tmp_path):
    reg, problems = load_registry_file(tmp_path / "nope.toml")
    assert reg is None
    assert len(problems) == 1 and "not found" in problems[0].message
    assert (problems[0].line, problems[0].column) == (1, 1)


def test_bad_registry_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[delegations.KAZ]\nname = "Kazakhstan"\n[delegations.G77\n', encoding="utf-8")
    reg, problems = load_registry_file(path)
    assert reg is None and problems[0].line == 3 and problems[0].path == str(path)

    path.write_text('[sources]\nx = "y"\n', encoding="utf-8")
    reg, problems = load_registry_file(path)
    assert reg is None and "no delegation" in problems[0].message

    path.write_text('[delegations.KAZ]\nname = "Kazakhstan"\nkind = 3\n[delegations.g77]\nname = "G"\n', encoding="utf-8")
    reg, problems = load_registry_file(path)
    assert reg.all_codes() == ["KAZ"]
    assert [(p.line, "kind" in p.message) for p in problems[:1]] == [(3, True)]
    assert problems[1].line == 4 and '“G77”' in problems[1].message


def test_similar_codes_equal_a_comparison_with_every_code():
    """The letter-count bound that skips most of the registry (difflib's quick_ratio)
    never leaves out a code that difflib's ratio would suggest, nor reorders them."""
    import difflib
    import random

    from cicadraft.registry import default_registry, store

    registry = default_registry()
    pool = registry._suggestion_pool()

    def every_code(key):
        scored = []
        for text, candidate, d in pool:
            ratio = difflib.SequenceMatcher(None, key, text).ratio() - (store._VARIANT_PENALTY if text != candidate else 0)
            if ratio >= store._SIMILARITY:
                scored.append((-ratio, store._KIND_RANK.get(d.kind, 4), candidate, d))
        return [(candidate, d) for *_, candidate, d in sorted(scored, key=lambda s: s[:3])]

    rng = random.Random(3)
    keys = {text[:i] + text[i + 1 :] for text, _, _ in pool for i in range(len(text))}
    keys |= {text[:i] + "X" + text[i:] for text, _, _ in pool for i in range(len(text) + 1)}
    keys |= {"".join(rng.choice("ABCDEIKLMNORSTUZ") for _ in range(rng.randint(1, 7))) for _ in range(500)}
    suggested = 0
    for key in sorted(k for k in keys if k):
        found = registry._similar_codes(key)
        assert found == every_code(key), key
        suggested += bool(found)
    assert suggested > 100


def test_spellings_in_use_are_offered_as_difflib_ranks_them():
    """The letter-count bound that skips most spellings in use (difflib's quick_ratio)
    leaves the suggestions as a comparison with every spelling makes them."""
    import difflib
    import random

    from cicadraft.registry import default_registry, store

    registry = default_registry()
    codes = registry.all_codes()
    rng = random.Random(5)

    def every_spelling(key, in_use):
        used = []
        for spelling in dict.fromkeys(c.upper() for c in in_use):
            d = registry.lookup(spelling)
            if d is not None:
                ratio = difflib.SequenceMatcher(None, key, spelling).ratio()
                if ratio >= store._SIMILARITY:
                    used.append((-ratio, spelling, d))
        return [spelling for _, spelling, _ in sorted(used, key=lambda s: s[:2])]

    offered = 0
    for _ in range(400):
        code = rng.choice(codes)
        at = rng.randrange(len(code) + 1)
        key = code[:at] + rng.choice("AEIKNQRXZ") + code[at + 1 :]
        in_use = rng.sample(codes, 30) + [code, key.lower()]
        fresh = default_registry()
        expected = [s for s in every_spelling(key, in_use) if s != key]
        suggested = fresh.suggest(key, limit=len(in_use) + 10, in_use=in_use)
        # The spellings in use come first (after the key's own upper case and variants).
        assert [s for s in suggested if s in expected] == [s for s in expected if s in suggested]
        assert suggested == fresh.suggest(key, limit=len(in_use) + 10, in_use=in_use)  # kept ratios: the same
        offered += bool(expected)
    assert offered > 50
