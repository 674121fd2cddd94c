"""The speakers table from counts over the quotes, chunk by chunk.

:func:`speaker_partials` turns one chunk's renamed quotes into long rows ``(speaker_id,
field, value, n)``: how often each speaker is written with each name, type, title and
alias, their per-article gender votes, and the totals ``quotes``, ``words`` and
``articles``. Rows of chunks add up (:func:`merge_speaker_partials`, a group-by sum), so
the table never needs all quotes at once, and rows can be split by speaker (the corpus
pass finishes each share of the speakers apart). :func:`speakers_from_partials` picks each
speaker's name, type, title and gender from the summed rows. Everything is column-wise.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.schemas import SPEAKERS, conform, empty_table
from analysis.speakers._corpus import AliasSource, normalize_name, override_map

PARTIAL_COLUMNS = {"speaker_id": "string", "field": "string", "value": "string", "n": "int64"}
_TOTALS = ("quotes", "words", "articles")
# a title that says little on its own; another title wins when the speaker has one
_BARE_TITLES = frozenset({"dr", "prof", "rev", "mr", "mrs", "ms"})
# gender evidence, strongest first: an article votes with its strongest, and the speaker's
# gender comes from the strongest evidence any article gives
_EVIDENCE_RANK = {"override": 0, "honorific": 1, "pronoun": 2}


def _empty_partials() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in PARTIAL_COLUMNS.items()})


def _nonempty(values: pd.Series) -> pd.Series:
    """True where a value is a string with some non-blank text."""
    text = values.astype("string")
    return (text.notna() & text.str.strip().ne("")).fillna(False).astype(bool)


def speaker_partials(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per speaker, the counts the speakers table is made of, as ``PARTIAL_COLUMNS`` rows.

    Takes quotes after renaming (``speaker_id``, ``speaker_name``, ``article_id``,
    ``n_words`` and the evidence columns). Partials of chunks merge with
    :func:`merge_speaker_partials` into those of the corpus (an article is never split
    between chunks), so the table does not depend on how the corpus was chunked.
    """
    if quotes.empty or "speaker_id" not in quotes.columns:
        return _empty_partials()
    q = quotes.loc[quotes["speaker_id"].notna()].reset_index(drop=True)
    if q.empty:
        return _empty_partials()
    sid = q["speaker_id"].astype("string")
    per_speaker = pd.DataFrame(
        {
            "speaker_id": sid,
            "words": q["n_words"].fillna(0).astype("int64"),
            "article": q["article_id"].astype("string"),
        }
    ).groupby("speaker_id", sort=False)
    totals = pd.DataFrame(
        {
            "quotes": per_speaker.size(),
            "words": per_speaker["words"].sum(),
            "articles": per_speaker["article"].nunique(),
        }
    )
    parts = [
        totals.reset_index()
        .melt(id_vars="speaker_id", var_name="field", value_name="n")
        .assign(value="")
    ]
    for field, column in (
        ("name", "speaker_name"),
        ("type", "speaker_type"),
        ("title", "speaker_title"),
    ):
        keep = _nonempty(q[column]) if field == "title" else q[column].notna().to_numpy(bool)
        parts.append(_value_counts(field, sid[keep], q.loc[keep, column]))
    parts.append(_variants(sid, q))
    parts.append(_gender_votes(sid, q))
    frame = pd.concat(parts, ignore_index=True)
    return frame[list(PARTIAL_COLUMNS)].astype(PARTIAL_COLUMNS)


def _value_counts(field: str, sid: pd.Series, values: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"speaker_id": sid.to_numpy(), "value": values.astype("string").to_numpy()}
    )
    counts = frame.groupby(["speaker_id", "value"], sort=False).size().rename("n").reset_index()
    return counts.assign(field=field)


def _variants(sid: pd.Series, q: pd.DataFrame) -> pd.DataFrame:
    """Every way a speaker is written: their names and the aliases listed with the quotes."""
    listed = pd.DataFrame({"speaker_id": sid, "value": q["speaker_aliases"]}).explode("value")
    listed = listed.loc[listed["value"].map(lambda v: isinstance(v, str) and v != "")]
    names = pd.DataFrame({"speaker_id": sid, "value": q["speaker_name"].astype("string")})
    both = pd.concat([names.dropna(), listed], ignore_index=True).astype("string")
    return both.drop_duplicates().assign(field="variant", n=1)


def _gender_votes(sid: pd.Series, q: pd.DataFrame) -> pd.DataFrame:
    """One gender vote per speaker and article, counted as ``gender\\tevidence`` values.

    The article's vote is its last override, else its first honorific, else its last
    pronoun (or evidence-less) gender, in quote order.
    """
    frame = pd.DataFrame(
        {
            "speaker_id": sid,
            "article": q["article_id"].astype("string"),
            "gender": q["speaker_gender"].astype("string"),
            "evidence": q["speaker_gender_evidence"].astype("string"),
        }
    ).dropna()
    if frame.empty:
        return pd.DataFrame(columns=["speaker_id", "value", "n", "field"])
    keys = ["speaker_id", "article"]
    override = frame["evidence"].eq("override")
    honorific = frame["evidence"].eq("honorific")
    picked = pd.concat(
        [
            frame.loc[override].groupby(keys, sort=False).tail(1),
            frame.loc[honorific & ~override].groupby(keys, sort=False).head(1),
            frame.loc[~honorific & ~override].groupby(keys, sort=False).tail(1),
        ]
    ).drop_duplicates(keys, keep="first")
    values = picked["gender"] + "\t" + picked["evidence"]
    return _value_counts("gender", picked["speaker_id"], values)


def merge_speaker_partials(partials: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One set of partials from several (e.g. one per chunk), in any order: counts summed,
    rows sorted by speaker, field and value."""
    frames = [p for p in partials if len(p)]
    if not frames:
        return _empty_partials()
    merged = pd.concat(frames, ignore_index=True).astype(PARTIAL_COLUMNS)
    summed = merged.groupby(["speaker_id", "field", "value"], sort=True)["n"].sum()
    return summed.reset_index()[list(PARTIAL_COLUMNS)]


def speakers_from_partials(
    partials: pd.DataFrame, *, overrides: AliasSource = None
) -> pd.DataFrame:
    """The speakers table from merged :func:`speaker_partials`.

    ``name``, ``speaker_type`` and ``title`` are the most frequent (ties: alphabetical;
    a title that says more than "Dr." wins over one that does not); ``aliases`` every way
    the speaker is written; ``gender`` comes from honorifics or pronouns that refer to the
    person, per article (an article counts once; honorifics outrank pronouns; more than a
    2:1 majority is needed when articles disagree, and when the strongest evidence has
    none, the votes of every kind together decide) or from the override file (``overrides``:
    path, frame, dict or None), which also sets ``speaker_type``; else ``unknown`` with
    evidence ``none``.

    Returns:
        SPEAKERS columns, sorted by ``n_quotes`` (descending) then ``name``.
    """
    p = merge_speaker_partials([partials])
    if p.empty:
        return empty_table(SPEAKERS)
    totals = (
        p.loc[p["field"].isin(_TOTALS)]
        .pivot_table(index="speaker_id", columns="field", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=list(_TOTALS), fill_value=0)
    )
    table = pd.DataFrame(index=totals.index)
    table["name"] = _most_frequent(p, "name")
    table["aliases"] = pd.Series(_variant_lists(p), dtype="object")
    table["speaker_type"] = _most_frequent(p, "type")
    table["title"] = _best_titles(p)
    gender = _genders(p)
    table["gender"] = gender["gender"]
    table["gender_evidence"] = gender["evidence"]
    table["n_quotes"] = totals["quotes"]
    table["n_words_quoted"] = totals["words"]
    table["n_articles"] = totals["articles"]
    table = table.reset_index()
    table["aliases"] = [v if isinstance(v, list) else [] for v in table["aliases"]]
    table["speaker_type"] = table["speaker_type"].fillna("unknown")
    table[["gender", "gender_evidence"]] = table[["gender", "gender_evidence"]].fillna(
        {"gender": "unknown", "gender_evidence": "none"}
    )
    overrides_by_name = override_map(overrides)
    if overrides_by_name:
        _apply_overrides(table, overrides_by_name)
    table = conform(table, SPEAKERS)
    return table.sort_values(["n_quotes", "name"], ascending=[False, True], ignore_index=True)


def _variant_lists(p: pd.DataFrame) -> dict[str, list[str]]:
    """Per speaker, the variants in sorted order (``p`` is sorted by speaker and value)."""
    variants = p.loc[p["field"].eq("variant")]
    lists: dict[str, list[str]] = {}
    for sid, value in zip(variants["speaker_id"].tolist(), variants["value"].tolist(), strict=True):
        lists.setdefault(sid, []).append(value)
    return lists


def _most_frequent(p: pd.DataFrame, field: str, rows: pd.Series | None = None) -> pd.Series:
    """Per speaker, the value of ``field`` with the highest count (ties: alphabetical)."""
    chosen = p.loc[p["field"].eq(field) & p["n"].gt(0) & p["value"].ne("")]
    if rows is not None:
        chosen = chosen.loc[rows.reindex(chosen.index, fill_value=False)]
    ordered = chosen.assign(minus=-chosen["n"]).sort_values(["speaker_id", "minus", "value"])
    return ordered.drop_duplicates("speaker_id").set_index("speaker_id")["value"]


def _best_titles(p: pd.DataFrame) -> pd.Series:
    """The most frequent title, preferring ones that say more than "Dr." or "Prof."."""
    titles = p.loc[p["field"].eq("title")]
    telling = titles["value"].map(lambda t: normalize_name(t) not in _BARE_TITLES)
    best_telling = _most_frequent(p, "title", telling)
    best_any = _most_frequent(p, "title")
    return best_telling.combine_first(best_any)


def _genders(p: pd.DataFrame) -> pd.DataFrame:
    """Per speaker with votes: ``gender`` and ``evidence`` (see :func:`speakers_from_partials`)."""
    votes = p.loc[p["field"].eq("gender") & p["n"].gt(0)]
    split = votes["value"].str.split("\t", n=1, expand=True)
    if split.empty:
        return pd.DataFrame(columns=["gender", "evidence"])
    votes = votes.assign(gender=split[0], evidence=split[1])
    votes = votes.loc[votes["gender"].isin(["female", "male"])]
    votes = votes.assign(rank=votes["evidence"].map(_EVIDENCE_RANK)).dropna(subset=["rank"])
    # the strongest evidence a speaker has decides; when its articles disagree without a
    # clear majority ("Mrs. Clinton" once wrongly given to Bill Clinton, "Mr." twice), the
    # votes of every kind do
    strongest = votes["rank"].eq(votes.groupby("speaker_id")["rank"].transform("min"))
    decided = _majority(votes.loc[strongest])
    every = _majority(votes).loc[decided.index]
    undecided = decided["gender"].eq("unknown") & every["gender"].ne("unknown")
    return decided.mask(undecided, every)


def _majority(votes: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: the gender with more than twice the article votes of the other, and the
    strongest evidence behind it; else ``unknown`` and ``none``."""
    counted = votes.groupby(["speaker_id", "gender"], sort=False).agg(
        n=("n", "sum"), rank=("rank", "min")
    )
    counted = counted.reset_index()
    counted["evidence"] = counted["rank"].map({v: k for k, v in _EVIDENCE_RANK.items()})
    # (n, gender) descending: the top vote and the one after it
    ordered = counted.sort_values(["speaker_id", "n", "gender"], ascending=[True, False, False])
    top = ordered.drop_duplicates("speaker_id").set_index("speaker_id")
    second = ordered.groupby("speaker_id")["n"].nth(1)
    second = pd.Series(second.to_numpy(), index=ordered.loc[second.index, "speaker_id"])
    other = second.reindex(top.index, fill_value=0)
    clear = top["n"].to_numpy() > 2 * other.to_numpy()
    return pd.DataFrame(
        {
            "gender": np.where(clear, top["gender"], "unknown"),
            "evidence": np.where(clear, top["evidence"], "none"),
        },
        index=top.index,
    )


def _apply_overrides(table: pd.DataFrame, overrides: dict[str, dict[str, str]]) -> None:
    """Set ``gender`` (evidence ``override``) and ``speaker_type`` from the override map."""
    for i, name in enumerate(table["name"]):
        override = overrides.get(normalize_name(name)) if isinstance(name, str) else None
        if not override:
            continue
        if "gender" in override:
            table.loc[i, ["gender", "gender_evidence"]] = [override["gender"], "override"]
        if override.get("speaker_type"):
            table.loc[i, "speaker_type"] = override["speaker_type"]
