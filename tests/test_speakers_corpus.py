"""The corpus-wide speaker pass in pieces, as ``analysis process`` runs it over chunks."""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.speakers import (
    canonicalize_speakers,
    merge_speaker_partials,
    read_aliases,
    read_overrides,
    rename_speakers,
    speaker_id_for,
    speaker_name_counts,
    speaker_name_map,
    speaker_partials,
    speakers_from_partials,
    with_speaker_attributes,
)
from analysis.speakers._corpus import (
    alias_map,
    canonical_names,
    name_group,
    normalize_name,
    override_map,
    override_warnings,
)


def _quotes(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    """Attributed quotes from (article_id, speaker_name, speaker_type, gender evidence)."""
    records = []
    for k, (article_id, name, kind, evidence) in enumerate(rows):
        records.append(
            {
                "quote_id": f"{article_id}-q{k}",
                "article_id": article_id,
                "n_words": 3 + k,
                "speaker_name": name,
                "speaker_id": speaker_id_for(name),
                "speaker_type": kind,
                "speaker_gender": "female" if evidence else "unknown",
                "speaker_gender_evidence": evidence or "none",
                "speaker_title": "Dr." if k % 2 else "the finance minister",
                "speaker_aliases": [name.split()[-1]] if " " in name else [],
            }
        )
    frame = pd.DataFrame.from_records(records)
    strings = [c for c in frame.columns if c not in ("n_words", "speaker_aliases")]
    return frame.astype(dict.fromkeys(strings, "string"))


QUOTE_ROWS = [
    ("a1", "Ada Lovelace Byron", "person", "honorific"),
    ("a1", "Lovelace Byron", "person", None),
    ("a2", "Byron", "person", "pronoun"),
    ("a2", "Ada Byron", "person", None),
    ("a3", "Tayyip Erdogan", "person", None),
    ("a3", "Recep Tayyip Erdogan", "person", None),
    ("a4", "Ahmet Tayyip Erdogan", "person", None),
    ("a4", "Health Ministry", "organization", None),
    ("a5", "Ministry of Health", "organization", None),
    ("a5", "Ministry of Health", "organization", None),
]


@pytest.fixture()
def quotes() -> pd.DataFrame:
    return _quotes(QUOTE_ROWS)


def test_name_map_follows_only_unique_longer_names(quotes: pd.DataFrame) -> None:
    mapping = speaker_name_map(speaker_name_counts(quotes))
    assert mapping["Lovelace Byron"] == "Ada Lovelace Byron"  # the name it ends with
    assert mapping["Ada Byron"] == "Ada Lovelace Byron"  # same first and last word
    assert mapping["Byron"] == "Ada Lovelace Byron"
    assert mapping["Tayyip Erdogan"] == "Tayyip Erdogan"  # two longer ones: left alone
    assert mapping["Health Ministry"] == "Ministry of Health"


def test_renaming_with_only_the_changed_names_is_the_same(quotes: pd.DataFrame) -> None:
    mapping = speaker_name_map(speaker_name_counts(quotes))
    changes = {name: new for name, new in mapping.items() if new != name}
    assert len(changes) < len(mapping)
    full = rename_speakers(quotes, mapping)
    pd.testing.assert_frame_equal(rename_speakers(quotes, changes), full)
    assert full["speaker_aliases"].iloc[1] == ["Byron", "Lovelace Byron"]


def test_quotes_read_back_from_parquet_rename_and_count_alike(
    quotes: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "quotes.parquet"
    quotes.to_parquet(path)
    back = pd.read_parquet(path)  # alias lists come back as arrays
    mapping = speaker_name_map(speaker_name_counts(quotes))
    renamed, renamed_back = rename_speakers(quotes, mapping), rename_speakers(back, mapping)
    assert [list(v) for v in renamed_back["speaker_aliases"]] == renamed["speaker_aliases"].tolist()
    pd.testing.assert_frame_equal(
        merge_speaker_partials([speaker_partials(renamed_back)]),
        merge_speaker_partials([speaker_partials(renamed)]),
    )


def test_null_alias_cells_become_empty_lists(quotes: pd.DataFrame) -> None:
    quotes = quotes.assign(speaker_aliases=[None] * len(quotes))
    renamed = rename_speakers(quotes, {})
    assert renamed["speaker_aliases"].tolist() == [[]] * len(quotes)


def test_speakers_table_does_not_depend_on_chunks_or_their_order(quotes: pd.DataFrame) -> None:
    mapping = speaker_name_map(speaker_name_counts(quotes))
    renamed = rename_speakers(quotes, mapping)
    whole = speakers_from_partials(speaker_partials(renamed))
    chunks = [
        renamed[renamed["article_id"].isin(ids)] for ids in (["a1", "a3"], ["a2"], ["a4", "a5"])
    ]
    for order in itertools.permutations(chunks):
        merged = merge_speaker_partials(speaker_partials(chunk) for chunk in order)
        pd.testing.assert_frame_equal(speakers_from_partials(merged), whole)
    byron = whole.set_index("name").loc["Ada Lovelace Byron"]
    assert (byron["n_quotes"], byron["n_articles"]) == (4, 2)
    assert (byron["gender"], byron["gender_evidence"]) == ("female", "honorific")
    assert byron["title"] == "the finance minister"  # says more than "Dr."
    assert set(byron["aliases"]) == {"Ada Byron", "Byron", "Lovelace Byron", "Ada Lovelace Byron"}


def test_overrides_set_type_and_gender_of_renamed_speakers(quotes: pd.DataFrame) -> None:
    mapping = speaker_name_map(speaker_name_counts(quotes))
    overrides = {"Ada Lovelace Byron": {"gender": "male", "speaker_type": "unknown"}}
    renamed = rename_speakers(quotes, mapping, overrides=overrides)
    byron = renamed[renamed["speaker_name"] == "Ada Lovelace Byron"]
    assert set(byron["speaker_gender"]) == {"male"}
    assert set(byron["speaker_gender_evidence"]) == {"override"}
    assert set(byron["speaker_type"]) == {"unknown"}
    others = renamed[renamed["speaker_name"] != "Ada Lovelace Byron"]
    assert "override" not in set(others["speaker_gender_evidence"])


def test_counts_of_chunks_add_up_to_the_corpus(quotes: pd.DataFrame) -> None:
    total: Counter[tuple[str, str]] = Counter()
    for ids in (["a1", "a2"], ["a3"], ["a4", "a5"]):
        total.update(speaker_name_counts(quotes[quotes["article_id"].isin(ids)]))
    assert total == speaker_name_counts(quotes)
    # articles are counted, not quotes: a5 quotes the ministry twice
    assert total[("Ministry of Health", "organization", "doctor minister")] == 1
    # with what each article says of the speaker: gender and title words
    assert total[("Ada Lovelace Byron", "person", "female minister")] == 1
    # a gender only pronouns gave is marked: they were resolved, an honorific was written
    assert total[("Byron", "person", "minister ~female")] == 1


def test_quotes_take_their_speakers_attributes(
    quotes: pd.DataFrame,
) -> None:
    mapping = speaker_name_map(speaker_name_counts(quotes))
    renamed = rename_speakers(quotes, mapping)
    speakers = speakers_from_partials(speaker_partials(renamed))
    ministry = speakers.loc[speakers["speaker_type"] == "organization", "name"].iloc[0]
    speakers.loc[speakers["name"] == ministry, "gender_evidence"] = "override"
    out = with_speaker_attributes(renamed, speakers)
    its_quotes = out[out["speaker_name"] == ministry]
    assert len(its_quotes) and set(its_quotes["speaker_gender_evidence"]) == {"override"}
    byron = out[out["speaker_name"] == "Ada Lovelace Byron"]
    assert set(byron["speaker_gender"]) == set(
        speakers.loc[speakers["name"] == "Ada Lovelace Byron", "gender"]
    )
    # a table of only some speakers changes only their quotes
    some = with_speaker_attributes(renamed, speakers[speakers["name"] == ministry])
    others = some["speaker_name"] != ministry
    pd.testing.assert_frame_equal(some[others], renamed[others].astype(some.dtypes.to_dict()))


_NAME_WORDS = ["Ana", "Ruiz", "Lopez", "J.", "K", "Jr.", "III", "of", "Health", "Ministry", "Maria"]
_names = st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            _names,
            st.sampled_from(["person", "organization"]),
            st.sampled_from(["", "male", "female", "minister", "male minister"]),
            st.integers(1, 5),
        ),
        max_size=25,
    ),
    st.integers(1, 4),
)
def test_names_canonicalise_alike_in_any_split_that_keeps_their_groups(
    rows: list[tuple[str, str, str, int]], shares: int
) -> None:
    counts: Counter[tuple[str, str, str]] = Counter()
    for name, kind, evidence, n in rows:
        counts[(name, kind, evidence)] += n
    whole = canonical_names(counts, {})
    split: dict[str, str] = {}
    for share in range(shares):
        part = {
            key: n
            for key, n in counts.items()
            if zlib.crc32(name_group(normalize_name(key[0])).encode()) % shares == share
        }
        split.update(canonical_names(part, {}))
    assert split == whole


def test_names_merge_within_their_surname_group() -> None:
    counts = Counter(
        {
            ("Ruiz", "person"): 2,
            ("Ana Ruiz", "person"): 3,
            ("Ana J. Ruiz", "person"): 1,
            ("Health Ministry", "organization"): 1,
            ("Ministry of Health", "organization"): 4,
        }
    )
    names = canonical_names(counts, {})
    assert names["Ruiz"] == names["Ana J. Ruiz"] == "Ana Ruiz"
    assert names["Health Ministry"] == "Ministry of Health"
    assert name_group("martin luther king jr") == "king"
    assert name_group("ministry of health") == name_group("health ministry") == "ministry"


def test_one_word_name_joins_the_one_full_name_its_title_and_gender_fit() -> None:
    full_names = Counter(
        {
            ("Ben Quist", "person", "male president"): 4,
            ("Ben Quist", "person", ""): 2,
            ("Mara Quist", "person", "~female"): 1,  # "she" only
            ("Rob Quist", "person", "male senator"): 1,
            ("Given Quist", "person", "male"): 1,  # "Given Quist's record, ..."
        }
    )

    def quist(*evidence: str) -> str:
        counts = full_names + Counter({("Quist", "person", e): 3 for e in evidence})
        return canonical_names(counts, {})["Quist"]

    assert quist("male president") == "Ben Quist"  # "President Quist"
    assert quist("president") == "Ben Quist"
    assert quist("female") == "Mara Quist"  # "Ms. Quist": pronouns told of Mara
    assert quist("senator", "male senator") == "Rob Quist"
    # nothing said, or what fits two of them: left alone
    assert quist("") == "Quist"
    assert quist("male") == "Quist"
    # used for a man in some articles and a woman in others: left alone
    assert quist("male president", "female") == "Quist"
    # a title none of them has: left alone
    assert quist("governor") == "Quist"
    # a gender only pronouns gave the one-word name is no evidence for it
    assert quist("~female") == "Quist"
    # evidence in fewer of its articles than none: left alone ("President Quist" once,
    # "Quist" alone in four more, who may be anyone of that name)
    few = full_names + Counter({("Quist", "person", "president"): 1, ("Quist", "person", ""): 4})
    assert canonical_names(few, {})["Quist"] == "Quist"


def test_gender_falls_back_to_every_vote_when_the_strongest_disagree() -> None:
    # one article's honorific says female, two say male; pronouns in four more say male
    votes = [("female", "honorific")] + [("male", "honorific")] * 2 + [("male", "pronoun")] * 4
    frame = _quotes([(f"a{k}", "Ben Quist", "person", None) for k in range(len(votes))])
    frame["speaker_gender"] = pd.array([g for g, _ in votes], dtype="string")
    frame["speaker_gender_evidence"] = pd.array([e for _, e in votes], dtype="string")
    row = speakers_from_partials(speaker_partials(frame)).iloc[0]
    assert (row["gender"], row["gender_evidence"]) == ("male", "honorific")
    # an even split of every vote stays unknown
    even = frame.iloc[:2].assign(speaker_gender=pd.array(["female", "male"], dtype="string"))
    row = speakers_from_partials(speaker_partials(even)).iloc[0]
    assert (row["gender"], row["gender_evidence"]) == ("unknown", "none")


# -- alias and override files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "got"),
    [
        ("Bob Tarrant,Robert Tarrant,extra", 3),  # had renamed Robert Tarrant "extra"
        ("Bob Tarrant,Robert Tarrant,", 3),  # had dropped the row
        ("Bob Tarrant", 1),
    ],
)
def test_alias_row_with_another_number_of_fields_names_its_line(
    tmp_path: Path, row: str, got: int
) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(f"alias,canonical_name\nPeg Dunleavy,Marguerite Dunleavy\n{row}\n")
    expected = f"{path} line 3: expected 2 fields (alias,canonical_name), got {got}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        read_aliases(path)


def test_override_row_with_an_extra_field_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("name,gender,speaker_type\nTom Greaves,male,person,note\n")
    expected = f"{path} line 2: expected 3 fields (name,gender,speaker_type), got 4"
    with pytest.raises(ValueError, match=re.escape(expected)):
        read_overrides(path)


def test_line_numbers_count_comments_and_blank_lines_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    text = (
        "# aliases\r\nalias,canonical_name\r\n\r\nPeg Dunleavy,Marguerite Dunleavy # nickname\r\n"
    )
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    assert read_aliases(path) == {"peg dunleavy": "Marguerite Dunleavy"}
    path.write_bytes(("\ufeff" + text + "\r\n# more\r\nA,B,C\r\n").encode("utf-8"))
    with pytest.raises(ValueError, match=r"line 7: expected 2 fields"):
        read_aliases(path)


def test_a_row_without_its_canonical_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text('alias,canonical_name\nBob Tarrant,""\n')
    with pytest.raises(ValueError, match="line 2: .*'Bob Tarrant'.*canonical_name"):
        read_aliases(path)


def test_alias_chains_end_at_the_last_name() -> None:
    aliases = alias_map({"Bob": "Rob Tarrant", "Rob Tarrant": "Robert Tarrant"})
    assert aliases == {"bob": "Robert Tarrant", "rob tarrant": "Robert Tarrant"}
    counts = Counter({("Bob", "person"): 1, ("Rob Tarrant", "person"): 1})
    assert set(speaker_name_map(counts, aliases=aliases).values()) == {"Robert Tarrant"}
    # a self-alias changes nothing, and ends a chain
    assert alias_map({"Ana Ruiz": "Ana Ruiz", "Ana": "Ana Ruiz"}) == {
        "ana ruiz": "Ana Ruiz",
        "ana": "Ana Ruiz",
    }


def test_alias_cycle_is_an_error_naming_its_names(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical_name\nAl,Bob Tarrant\nBob Tarrant,Rob\nRob,Bob Tarrant\n")
    with pytest.raises(ValueError, match="cycle: 'Bob Tarrant' -> 'Rob' -> 'Bob Tarrant'"):
        read_aliases(path)


def test_alias_with_two_canonical_names_is_an_error_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical_name\nBob,Robert Tarrant\nBob,Robert Tarrant\n")
    assert read_aliases(path) == {"bob": "Robert Tarrant"}  # the same twice is fine
    path.write_text("alias,canonical_name\nBob,Robert Tarrant\nBOB,Bob Marley\n")
    with pytest.raises(ValueError, match="line 3: .*'BOB'.*'Bob Marley'.*line 2.*'Robert Tarrant'"):
        read_aliases(path)


def test_one_canonical_name_spelled_two_ways_is_an_error() -> None:
    with pytest.raises(ValueError, match="'robert TARRANT'.*'Robert Tarrant'"):
        alias_map({"Bob": "Robert Tarrant", "Rob": "robert TARRANT"})


def test_one_speaker_id_has_one_name_in_quotes_and_speakers() -> None:
    quotes = _quotes(
        [("a1", "Bob Tarrant", "person", None), ("a2", "Robert Tarrant", "person", None)]
    )
    aliases = {"Bob Tarrant": "robert TARRANT"}
    out = canonicalize_speakers(quotes, aliases=aliases)
    speakers = speakers_from_partials(speaker_partials(out))
    assert out["speaker_id"].nunique() == 1
    assert set(out["speaker_name"]) == set(speakers["name"]) == {"robert TARRANT"}
    # the same when the text's spelling is canonicalised in a share without the alias
    part = speaker_name_map(Counter({("Robert Tarrant", "person"): 1}), aliases=aliases)
    assert part == {"Robert Tarrant": "robert TARRANT"}


def test_override_with_gender_for_an_organisation_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("name,gender,speaker_type\nKremlin,,organization\nAcme,female,organization\n")
    with pytest.raises(ValueError, match="line 3: 'Acme' is an organization.*gender"):
        read_overrides(path)
    assert override_map({"Acme": {"gender": "unknown", "speaker_type": "organization"}})


def test_override_warnings_name_what_matched_no_speaker(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "name,gender,speaker_type\n"
        "Deborah Finchly,female,\n"  # a typo
        "Bob Tarrant,male,\n"  # an alias
        "Northfield City Council,female,\n"  # an organisation in the text
        "deborah finch,female,\n"
    )
    speakers = pd.DataFrame(
        {
            "name": ["Robert Tarrant", "Deborah Finch", "Northfield City Council"],
            "speaker_type": ["person", "person", "organization"],
        }
    )
    warnings = override_warnings(overrides, {"Bob Tarrant": "Robert Tarrant"}, speakers)
    assert warnings == [
        "overrides naming no speaker: 'Deborah Finchly'; "
        "'Bob Tarrant' (an alias: name the speaker 'Robert Tarrant')",
        "overrides giving a gender to an organisation: 'Northfield City Council' (female)",
    ]
    assert override_warnings(None, None, speakers) == []


def test_an_override_dict_with_a_bare_value_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="expected a dict"):
        override_map({"Jo Lee": "female"})
