"""Authors of Word revisions mapped to delegations by the registry's names and codes."""

from __future__ import annotations

import pytest

from cicadraft.documents.authors import map_authors
from cicadraft.documents.errors import DocumentError
from cicadraft.registry import default_registry


@pytest.mark.parametrize("author, code", [
    ("India", "IND"), ("Delegation of India", "IND"), ("Индия", "IND"), ("IND", "IND"), ("india", "IND"),
    ("The Delegation of the Islamic Republic of Iran", "IRN"), ("IRAN", "IRAN"), ("Azerbaijan delegation", "AZE"),
    ("Permanent Mission of Kazakhstan", "KAZ"), ("Secretariat", "SEC"),
    ("Russian Federation (MFA)", "RUS"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
])
def test_registry_names_and_codes(author, code):
    assert map_authors([author], default_registry()) == {author: code}


def test_explicit_mapping_wins_and_ignores_case_and_spaces():
    mapping = map_authors(["Jane  Smith", "India"], default_registry(), {"jane smith": "KAZ", "INDIA": "PAK"})
    assert mapping == {"Jane  Smith": "KAZ", "India": "PAK"}


def test_unmapped_authors_are_named_with_close_codes():
    with pytest.raises(DocumentError) as raised:
        map_authors(["Indai", "Chian", "India", "Mr X"], default_registry(), where="d.docx: ")
    message = str(raised.value)
    assert message.startswith("d.docx: 3 authors map to no delegation: “Indai” (closest: IND")
    assert "“Chian” (closest: CHN" in message
    assert "“Mr X” (" in message and "nothing was written" in message and "\n" not in message
