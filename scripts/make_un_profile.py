"""Write server/cicadraft/registry/data/un.toml, the registry profile for UN negotiations
(docs/conventions.md): the negotiating groups and blocs of UN drafts, by hand below with
their sources, and every ISO 3166-1 country from Debian's iso-codes as a Party.

Run from the repository root: python scripts/make_un_profile.py (needs the iso-codes
package: /usr/share/iso-codes/json/iso_3166-1.json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from cicadraft.registry import default_registry  # noqa: E402

ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")
OUT = Path(__file__).resolve().parents[1] / "server/cicadraft/registry/data/un.toml"

SOURCES = {
    "iso": "ISO 3166-1 via Debian iso-codes 4.15.0-1, /usr/share/iso-codes/json/iso_3166-1.json (local file)",
    "unfccc_groups": "https://unfccc.int/process-and-meetings/parties-non-party-stakeholders/parties/party-groupings",
    "g77": "https://www.g77.org/doc/members.html",
    "aosis": "https://www.aosis.org/about/member-states/",
    "ohrlls_ldc": "https://www.un.org/ohrlls/content/list-ldcs",
    "ohrlls_sids": "https://www.un.org/ohrlls/content/about-small-island-developing-states",
    "eu": "https://european-union.europa.eu/principles-countries-history/country-profiles_en",
    "arab_league": "https://www.un.org/en/about-us/intergovernmental-and-other-organizations (League of Arab States)",
    "inc5": "INC-5 Chair's text, 1 December 2024 (../shared/examples/other-negotiations/04_inc_plastics_chairs_text_2024-12-01.txt): SIDS in prose",
    "enb": "Earth Negotiations Bulletin reports write US, USA, UK, EU and the group codes, e.g. https://enb.iisd.org/events/uncsd-rio20/report-main-proceedings-14-june-2012",
    "un_protocol": "UN Protocol and Liaison Service, the Secretariat and the Chair of a UN body: https://www.un.org/dgacm/en/content/protocol",
}

# code, name, other names, aliases (codes seen in drafts), likely (typing variants), sources
GROUPS = [
    ("G77", "Group of 77 and China", ["G77/China", "G-77/China", "G-77", "Group of 77", "G77 and China"], ["G77CHINA"], ["G77C"], ["g77", "unfccc_groups", "enb"]),
    ("EU", "European Union", ["the European Union"], [], ["EC"], ["eu", "unfccc_groups", "enb"]),
    ("AOSIS", "Alliance of Small Island States", [], [], [], ["aosis", "unfccc_groups"]),
    ("LMDC", "Like-Minded Developing Countries", ["Like-minded Developing Countries", "LMDCs"], ["LMDCS"], [], ["unfccc_groups"]),
    ("AGN", "African Group of Negotiators", ["African Group"], [], ["AG"], ["unfccc_groups"]),
    ("AILAC", "Independent Association of Latin America and the Caribbean", [], [], [], ["unfccc_groups"]),
    ("EIG", "Environmental Integrity Group", [], [], [], ["unfccc_groups"]),
    ("LDC", "Least Developed Countries", ["LDCs", "least developed countries"], ["LDCS"], [], ["ohrlls_ldc", "unfccc_groups"]),
    ("SIDS", "Small Island Developing States", ["small island developing States"], [], [], ["ohrlls_sids", "inc5"]),
    ("ARABGROUP", "Arab Group", ["the Arab Group", "Arab States"], ["ARAB", "ARABG"], [], ["arab_league", "unfccc_groups"]),
    ("UMBRELLA", "Umbrella Group", [], ["UG"], [], ["unfccc_groups"]),
    ("BASIC", "BASIC countries (Brazil, South Africa, India, China)", [], [], [], ["unfccc_groups"]),
    ("ALBA", "Bolivarian Alliance for the Peoples of Our America", [], [], [], ["unfccc_groups"]),
]
PARTICIPANTS = [
    ("CHAIR", "Chair", ["the Chair", "President", "the President"], ["PRES"], ["CHAIRMAN"], ["un_protocol"]),
    ("SEC", "Secretariat", ["the Secretariat"], [], ["SECR"], ["un_protocol"]),
]
# Spellings of states seen in UN drafts besides the ISO codes.
STATE_ALIASES = {"USA": ["US"], "GBR": ["UK"]}


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def main() -> None:
    registry = default_registry()
    countries = json.loads(ISO.read_text(encoding="utf-8"))["3166-1"]
    out = [
        "# un.toml - the registry profile for UN negotiations (docs/conventions.md), chosen in a",
        "# workspace's cicadraft.toml with `[settings] profile = \"un\"`. The CICA registry",
        "# (delegations.toml) stays the default. Applied over it: CICA's codes stay known",
        "# (IRAN, AZER, ...), every country below becomes a Party (kind member), and the",
        "# negotiating groups of UN drafts are known codes. Written by scripts/make_un_profile.py.",
        "",
        "[sources]",
    ]
    out += [f"{key} = {toml_str(value)}" for key, value in SOURCES.items()]
    out.append("")
    for kind, rows in (("participant", GROUPS), ("participant", PARTICIPANTS)):
        for code, name, other, aliases, likely, sources in rows:
            out.append(f"[delegations.{code}]")
            out.append(f'kind = "{kind}"')
            if registry.lookup(code) is None or rows is PARTICIPANTS:
                out.append(f"name = {toml_str(name)}")
            if other:
                out.append(f"other_names = {toml_list(other)}")
            if aliases:
                out.append(f"aliases = {toml_list(aliases)}")
            if likely:
                out.append(f"likely = {toml_list(likely)}")
            out.append(f"sources = {toml_list(sources)}")
            out.append('confidence = "high"')
            out.append("")
    for country in countries:
        code = country["alpha_3"]
        out.append(f"[delegations.{code}]")
        out.append('kind = "member"')
        if registry.lookup(code) is None:
            out.append(f"name = {toml_str(country.get('common_name', country['name']))}")
            others = [n for n in (country.get("official_name"), country["name"]) if n and n != country.get("common_name", country["name"])]
            if others:
                out.append(f"other_names = {toml_list(others)}")
        if code in STATE_ALIASES:
            out.append(f"aliases = {toml_list(STATE_ALIASES[code])}")
            out.append(f'sources = ["iso", "enb"]')
        else:
            out.append('sources = ["iso"]')
        out.append("")
    OUT.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {OUT} ({len(countries)} countries, {len(GROUPS)} groups)")


if __name__ == "__main__":
    main()
