from build_tools.collation import initial, sort_key


def test_finnish_alphabetical_order():
    words = ["öljy", "Äiti", "zeta", "aamu", "Åland", "ääni", "Öinen", "työ", "tyyny", "vaaka", "www", "über"]
    assert sorted(words, key=sort_key) == [
        "aamu", "tyyny", "työ", "vaaka", "www", "über", "zeta", "Åland", "Äiti", "ääni", "Öinen", "öljy"]


def test_case_insensitive_and_hyphen_ignored():
    assert sorted(["Banaani", "auto", "Cesium", "bussi"], key=sort_key) == ["auto", "Banaani", "bussi", "Cesium"]
    assert sorted(["työ-elämä", "työaika", "työehto"], key=sort_key) == ["työaika", "työehto", "työ-elämä"]


def test_initial_letter():
    assert [initial(w) for w in ["äiti", "Öljy", "über", "é", "3D", "åbo"]] == ["Ä", "Ö", "Y", "E", "#", "Å"]
