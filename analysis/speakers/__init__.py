"""Who said it: resolve each quote's speaker mention to a canonical speaker.

Public functions:

- :func:`attribute_speakers` (per article, chunk-safe) fills ``speaker_id``,
  ``speaker_name``, ``attribution`` and ``confidence`` of the quotes table, plus the
  evidence columns ``speaker_type``, ``speaker_gender``, ``speaker_gender_evidence``,
  ``speaker_title`` and ``speaker_aliases`` that the speakers table is built from.
- :func:`canonicalize_speakers` (corpus pass over all chunks) gives one name and id per
  person across the corpus: a surname-only or shorter name merges into the one full name
  that fits in the whole corpus, initials variants merge, the alias file applies.
- :func:`speaker_table` builds the ``speakers`` table (one row per canonical speaker).
- For corpora larger than memory, the same pass in pieces: :func:`speaker_names` per
  chunk; :func:`speaker_name_map` per share of the name groups (names merge only within
  their group, see ``name_group``); :func:`rename_speakers` and :func:`speaker_partials`
  per chunk; per share of the speakers, :func:`merge_speaker_partials` and
  :func:`speakers_from_partials`; then :func:`with_speaker_attributes` per chunk.
- :func:`read_aliases` / :func:`read_overrides` read ``data/aliases.csv``
  (``alias,canonical_name``) and ``data/speaker_overrides.csv``
  (``name,gender,speaker_type``); every function also takes a frame, a dict or None.

``attribution`` says how the speaker was found, from most to least certain:

=================  ================================================================
``name``           the mention names the person ("Erdogan" -> Recep Tayyip Erdogan,
                   "Jeff Weaver, Sanders' campaign manager" -> Jeff Weaver)
``organization``   the mention is an organisation ("the Kremlin", "the Clinton
                   campaign"; "the ministry" -> the ministry named before it); the
                   speaker stays null when no named organisation of that kind precedes
``title``          a title or role ("the Russian President", "the minister") of a person
                   introduced with it in the text or a caption (a role only ever goes
                   to someone the article gives a role, never to a salient bystander);
                   a definite description
                   with no such person ("the billionaire", "the 46-year-old") is taken
                   as the most salient fitting person, with confidence 0.45 at most
``pronoun``        he/she (the last subject or speaker of that gender), who (the name
                   right before), it (an organisation in this or the last sentence),
                   I outside quotation marks (the byline author). Only people the
                   article shows to be people (a title, an honorific, a role or age
                   after the name, quoted, or called by surname) take pronouns when any
                   are around, so "North Korea" never says "he"; an unnamed person
                   ("a woman in the front row") takes "she" as ``anonymous``
``carry_over``     no mention: a follow-on quote paragraph (or a later quote in the
                   same paragraph) keeps the previous quote's speaker
``anonymous``      an unnamed individual ("a source", "an official"): speaker null
``group``          a plural or collective ("officials", "critics", "they", "the
                   crowd", "Business owners"): speaker null
``unknown``        nothing usable: speaker null (never guessed)
=================  ================================================================

``confidence`` is 0 for the last three and otherwise falls with the route: a full name
0.95, a surname 0.9, an organisation 0.9 (0.7 when named through "the ministry", 0.5
for "the company" -> the business named in the last few sentences), a
title 0.85, a pronoun 0.75 (0.6 when the person's gender is not known), carry-over 0.6;
ambiguous choices get less (see ``CONFIDENCE``).

Gender comes only from the text: honorifics (Mr., Mrs., Ms., Sir, Lady ...) before the
person's name, and he/she/his/himself/herself outside quotation marks when exactly one
person was mentioned before it in the sentence (or in the last sentence that mentions
anyone) - or from the override file. Names never decide gender.

``speaker_id`` is ``"sp_"`` + the first 12 hex digits of the SHA-1 of the normalised
canonical name (no case, accents or dots), so it is the same in every chunk and run.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.schemas import EVIDENCE_COLUMNS, QUOTES, array_of, conform, empty_table
from analysis.speakers._corpus import (
    AliasSource,
    alias_map,
    canonical_names,
    name_evidence,
    name_group,
    normalize_name,
    override_map,
    read_aliases,
    read_overrides,
    speaker_id_for,
)
from analysis.speakers._entities import QuoteIn
from analysis.speakers._resolve import CONFIDENCE, resolve_article
from analysis.speakers._rules import rules
from analysis.speakers._table import (
    merge_speaker_partials,
    speaker_partials,
    speakers_from_partials,
)

__all__ = [
    "CONFIDENCE",
    "attribute_speakers",
    "canonicalize_speakers",
    "merge_speaker_partials",
    "normalize_name",
    "read_aliases",
    "read_overrides",
    "rename_speakers",
    "speaker_id_for",
    "speaker_name_counts",
    "speaker_name_map",
    "speaker_names",
    "speaker_partials",
    "speaker_table",
    "speakers_from_partials",
    "with_speaker_attributes",
]


def _as_list(value: object) -> list:
    """A list from a list, tuple or array cell (parquet gives arrays); else empty."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        listed = value.tolist()
        return listed if isinstance(listed, list) else []
    return []


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def attribute_speakers(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    aliases: AliasSource = None,
    overrides: AliasSource = None,
) -> pd.DataFrame:
    """Resolve each quote's speaker mention to a canonical speaker, article by article.

    Per article the body and captions give an entity list (full names, surnames, titles
    as written, gender evidence from honorifics and unambiguous pronouns); each mention
    is resolved against it in document order (see the module docstring for the
    ``attribution`` values and confidences). Works on any subset of articles: the result
    for an article never depends on the others.

    Args:
        quotes: quotes table (QUOTES columns) as produced by ``extract_quotes``.
        articles: articles table with at least ``article_id`` and ``text`` (``captions``
            used when present). Quotes of an article missing here are resolved from
            their mention alone.
        aliases: alias CSV path or frame (``alias,canonical_name``), a dict, or None.
        overrides: override CSV path or frame (``name,gender,speaker_type``), or None.

    Returns:
        A copy of ``quotes`` with ``speaker_id, speaker_name, attribution, confidence``
        filled and the evidence columns ``speaker_type, speaker_gender,
        speaker_gender_evidence, speaker_title, speaker_aliases`` added.

    Example:
        >>> quotes = extract_quotes(articles).pipe(attribute_speakers, articles)  # doctest: +SKIP
    """
    aliases_by_name = alias_map(aliases)
    overrides_by_name = override_map(overrides)
    if quotes.empty:
        frame = quotes.assign(
            **{c: pd.Series(dtype=d, index=quotes.index) for c, d in EVIDENCE_COLUMNS.items()}
        )
        return conform(frame if len(frame.columns) else empty_table(QUOTES), QUOTES)
    texts: dict[str, str] = {}
    captions: dict[str, list[str]] = {}
    authors: dict[str, str] = {}
    if len(articles):
        ids = articles["article_id"].tolist()
        texts = dict(zip(ids, articles["text"].tolist(), strict=True))
        if "captions" in articles.columns:
            captions = dict(zip(ids, articles["captions"].tolist(), strict=True))
        if "author" in articles.columns:
            authors = dict(zip(ids, articles["author"].tolist(), strict=True))

    def column(name: str, fill: object) -> list:
        """A column as a plain list with nulls replaced (one vectorised pass)."""
        if name not in quotes.columns:
            return [fill] * len(quotes)
        values = quotes[name]
        if isinstance(fill, int):
            return values.to_numpy(dtype="int64", na_value=fill).tolist()
        if values.dtype != "string":
            values = values.astype("string")
        return values.to_numpy(dtype=object, na_value=fill).tolist()

    article_ids = quotes["article_id"].tolist()
    starts, ends = column("start_char", 0), column("end_char", 0)
    types, mentions = column("quote_type", ""), column("speaker_mention", "")
    mention_starts, mention_ends = column("speaker_start_char", -1), column("speaker_end_char", -1)
    groups: dict[str, list[int]] = {}
    for i, article_id in enumerate(article_ids):
        groups.setdefault(article_id, []).append(i)

    r = rules()
    n = len(quotes)
    new_tuple = tuple.__new__
    results: list = [None] * n
    for article_id, rows in groups.items():
        text = texts.get(article_id)
        text = "" if _missing(text) else str(text)
        author = authors.get(article_id)
        author = None if _missing(author) or not str(author).strip() else str(author).strip()
        article_captions = captions.get(article_id)
        if _missing(article_captions) or article_captions is None:
            article_captions = []
        # numpy.str_ and other str subclasses as plain str, as compiled code takes (setup.py)
        article_captions = [str(c) if isinstance(c, str) else c for c in article_captions]
        # tuple.__new__: QuoteIn's own constructor is Python code, slow once per quote
        quote_rows = [
            new_tuple(
                QuoteIn,
                (i, starts[i], ends[i], types[i], mentions[i], mention_starts[i], mention_ends[i]),
            )
            for i in rows
        ]
        for quote, result in zip(
            quote_rows,
            resolve_article(text, article_captions, quote_rows, r, aliases_by_name, author),
            strict=True,
        ):
            results[quote.row] = result

    names, ids, kinds, genders, evidence = [], [], [], [], []
    for result in results:
        name = result.name
        if name is not None:
            name = aliases_by_name.get(normalize_name(name), name)
        override = overrides_by_name.get(normalize_name(name), {}) if name else {}
        names.append(name)
        ids.append(speaker_id_for(name) if name else None)
        kinds.append(override.get("speaker_type", result.speaker_type))
        if "gender" in override:
            genders.append(override["gender"])
            evidence.append("override")
        else:
            genders.append(result.gender)
            evidence.append(result.gender_evidence)
    spans = quotes["content_spans"].tolist() if "content_spans" in quotes else [None] * n
    nested = _nested_rows(groups, starts, ends, names, spans)
    frame = quotes.assign(
        speaker_id=array_of(ids, "string"),
        speaker_name=array_of(names, "string"),
        attribution=array_of([x.attribution for x in results], "string"),
        confidence=[x.confidence for x in results],
        speaker_type=array_of(kinds, "string"),
        speaker_gender=array_of(genders, "string"),
        speaker_gender_evidence=array_of(evidence, "string"),
        speaker_title=array_of([x.title for x in results], "string"),
        speaker_aliases=_alias_lists(results),
    )
    if nested:  # by position: the index of a concatenated frame may repeat labels
        keep = np.ones(len(frame), dtype=bool)
        keep[nested] = False
        frame = frame.iloc[keep].reset_index(drop=True)
    return conform(frame, QUOTES)


def _nested_rows(
    groups: dict[str, list[int]], starts: list, ends: list, names: list, spans: list
) -> list[int]:
    """Positions of quotes inside a longer quote of the same article whose speaker is the
    same or unknown ("Trump said he believes the polls are wrong": "the polls are wrong"
    is what Trump said, not a second utterance; "Lee said the council would ask the
    province to pay": a report inside Lee's; "the report, “State of the Seas,” had
    recommended": a title), and repeats of one span (two cues framing the same words), so
    that a share of voice counts them once. Inside means inside the quoted words
    (``spans``: a split quote's narration between its parts is not its words). A quote
    inside another with a known speaker of its own stays ("Lee said Ruiz had promised")."""
    nested = []
    for rows in groups.values():
        by_span: dict[tuple[int, int], list[int]] = {}
        for i in rows:
            by_span.setdefault((starts[i], ends[i]), []).append(i)
        around: list[int] = []  # earlier quotes (by start) that may still contain the next
        for i in sorted(rows, key=lambda k: (starts[k], -ends[k])):
            around = [j for j in around if ends[j] >= ends[i]]
            candidates = around + by_span[(starts[i], ends[i])]
            if any(j != i and _counted_in(i, j, starts, ends, names, spans) for j in candidates):
                nested.append(i)
            around.append(i)
    return nested


def _counted_in(i: int, j: int, starts: list, ends: list, names: list, spans: list) -> bool:
    """Whether quote ``i`` is counted as part of quote ``j`` (see :func:`_nested_rows`):
    inside its words and shorter, or the same span, and not spoken by someone else named."""
    words = spans[j]  # the quoted words' spans; the whole span when not given
    if not isinstance(words, list | tuple | np.ndarray) or not len(words):
        words = [(starts[j], ends[j])]
    if not any(lo <= starts[i] and ends[i] <= hi for lo, hi in words):
        return False
    if ends[j] - starts[j] > ends[i] - starts[i]:
        return names[i] is None or names[j] == names[i]
    # the same span: the first row with a speaker stays (or the first of unnamed ones)
    if names[i] is None:
        return names[j] is not None or j < i
    return names[j] == names[i] and j < i


def _alias_lists(results: list) -> list[list[str]]:
    """One list per distinct alias tuple (quotes of one speaker in one article share it)."""
    made: dict[tuple[str, ...], list[str]] = {}
    out = []
    for result in results:
        listed = made.get(result.aliases)
        if listed is None:
            listed = made[result.aliases] = list(result.aliases)
        out.append(listed)
    return out


def speaker_name_counts(quotes: pd.DataFrame) -> Counter[tuple[str, str, str]]:
    """In how many articles each (speaker_name, speaker_type, evidence) speaks: what the
    name pass needs of a chunk. ``evidence`` is what the article says of the speaker:
    honorific gender and title words, e.g. "male president" (see :func:`name_evidence`).

    An article is in one chunk, so the counts of chunks add up (``Counter.update``) to the
    counts of the corpus.
    """
    if quotes.empty or "speaker_name" not in quotes.columns:
        return Counter()
    names = quotes["speaker_name"].tolist()
    missing = [None] * len(names)
    columns = [
        quotes[c].tolist() if c in quotes.columns else missing
        for c in ("speaker_type", "speaker_gender", "speaker_gender_evidence", "speaker_title")
    ]
    evidence: dict[tuple[str, str, str], set[str]] = {}  # of each speaker of an article
    for article, n, k, g, e, t in zip(quotes["article_id"].tolist(), names, *columns, strict=True):
        if not _missing(n):
            words = evidence.setdefault((article, n, "unknown" if _missing(k) else k), set())
            words.update(name_evidence(g, e, t).split())
    return Counter((n, k, " ".join(sorted(words))) for (_, n, k), words in evidence.items())


def speaker_names(quotes: pd.DataFrame) -> pd.DataFrame:
    """The (speaker name, type, evidence) counts of :func:`speaker_name_counts` as a table,
    with each name's ``group``: a stable number for its :func:`name_group`, so that the
    corpus pass can canonicalise a share of the groups at a time (``group % shares``)."""
    counts = speaker_name_counts(quotes)
    names = [name for name, _, _ in counts]
    return pd.DataFrame(
        {
            "speaker_name": pd.array(names, dtype="string"),
            "speaker_type": pd.array([kind for _, kind, _ in counts], dtype="string"),
            "evidence": pd.array([evidence for _, _, evidence in counts], dtype="string"),
            "n": pd.array(list(counts.values()), dtype="int64"),
            "group": pd.array([_group_number(name) for name in names], dtype="int64"),
        }
    )


def _group_number(name: str) -> int:
    return zlib.crc32(name_group(normalize_name(name)).encode("utf-8"))


def speaker_name_map(
    counts: Mapping[tuple[str, str], int], *, aliases: AliasSource = None
) -> dict[str, str]:
    """The canonical name of every speaker name, from the corpus's (name, type) counts.

    A one-word person name ("Erdogan", from an article that never gives the full name)
    becomes the unique full name ending with that word (left alone when there are none or
    several); shorter names and initials variants merge into a unique longer name; then
    the alias file applies; each canonical name takes the corpus's most frequent spelling.
    """
    return canonical_names(counts, alias_map(aliases))


def rename_speakers(
    quotes: pd.DataFrame, mapping: Mapping[str, str], *, overrides: AliasSource = None
) -> pd.DataFrame:
    """Quotes with ``speaker_name`` and ``speaker_id`` set from a :func:`speaker_name_map`
    (or from just its entries that change a name: the other names stay).

    The replaced name joins the quote's ``speaker_aliases``; the override file sets
    ``speaker_type`` and ``speaker_gender`` of the speakers it names.
    """
    overrides_by_name = override_map(overrides)
    frame = _with_evidence_columns(quotes)
    if frame.empty:
        return frame
    names = frame["speaker_name"].tolist()
    new_names = [None if _missing(n) else mapping.get(n, n) for n in names]
    # Only a renamed quote needs a new alias list; the others keep theirs as read.
    new_aliases = frame["speaker_aliases"].tolist()
    for i, (old, new, variants) in enumerate(zip(names, new_names, new_aliases, strict=True)):
        if new is not None and old != new:
            variants = _as_list(variants)
            if old not in variants:
                variants.append(old)
            new_aliases[i] = variants
        elif not isinstance(variants, list | tuple | np.ndarray):
            new_aliases[i] = []
    updates = {
        column: frame[column].astype("string")
        for column in ("speaker_type", "speaker_gender", "speaker_gender_evidence")
    }
    overridden = {
        name: overrides_by_name[key]
        for name in set(new_names)
        if name and (key := normalize_name(name)) in overrides_by_name
    }
    if overridden:
        kinds, genders, evidence = (updates[column].tolist() for column in updates)
        for i, name in enumerate(new_names):
            override = overridden.get(name, {})
            if "speaker_type" in override:
                kinds[i] = override["speaker_type"]
            if "gender" in override:
                genders[i], evidence[i] = override["gender"], "override"
        updates = {
            column: pd.array(values, dtype="string")
            for column, values in zip(updates, (kinds, genders, evidence), strict=True)
        }
    return frame.assign(
        speaker_name=pd.array(new_names, dtype="string"),
        speaker_id=pd.array([speaker_id_for(n) if n else None for n in new_names], dtype="string"),
        speaker_aliases=new_aliases,
        **updates,
    )


#: the quote columns :func:`rename_speakers` and :func:`with_speaker_attributes` set (the
#: corpus pass sends only these through pandas)
RENAMED_COLUMNS = (
    "speaker_id", "speaker_name", "speaker_type", "speaker_gender", "speaker_gender_evidence",
    "speaker_aliases",
)  # fmt: skip


def _with_evidence_columns(quotes: pd.DataFrame) -> pd.DataFrame:
    frame = quotes
    for name, dtype in EVIDENCE_COLUMNS.items():
        if name not in frame.columns:
            fill = [[] for _ in range(len(frame))] if dtype == "object" else pd.NA
            frame = frame.assign(**{name: pd.Series(fill, index=frame.index, dtype=dtype)})
    return frame


def with_speaker_attributes(quotes: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """Quotes whose ``speaker_type``, ``speaker_gender`` and ``speaker_gender_evidence`` are
    their speaker's, from the speakers table, so quotes and speakers never disagree."""
    if quotes.empty or speakers.empty:
        return quotes
    ids = quotes["speaker_id"]
    rows = pd.Index(speakers["speaker_id"]).get_indexer(ids)  # -1: not in the table
    known = pd.Series(rows >= 0, index=quotes.index)  # speakers missing keep their own
    updates = {}
    for column, source in (
        ("speaker_type", "speaker_type"),
        ("speaker_gender", "gender"),
        ("speaker_gender_evidence", "gender_evidence"),
    ):
        values = speakers[source].astype("string").array.take(rows, allow_fill=True)
        mapped = pd.Series(values, index=quotes.index)
        updates[column] = mapped.where(known, quotes[column].astype("string"))
    return quotes.assign(**updates)


def canonicalize_speakers(
    quotes: pd.DataFrame, *, aliases: AliasSource = None, overrides: AliasSource = None
) -> pd.DataFrame:
    """Corpus pass over attributed quotes: one name, id, type and gender per speaker.

    Names are mapped with :func:`speaker_name_map` over all of ``quotes``, and each quote's
    speaker type and gender become its speaker's corpus-wide ones (as in the speakers
    table). The result depends only on the set of quotes, not on their order or on how the
    corpus was chunked, and running it twice changes nothing.

    Args:
        quotes: quotes after :func:`attribute_speakers` (all chunks concatenated).
        aliases: alias CSV path or frame (``alias,canonical_name``), a dict, or None.
        overrides: override CSV path or frame; sets ``speaker_type``/``speaker_gender``.

    Returns:
        A copy of ``quotes`` with ``speaker_name``, ``speaker_id`` and the evidence columns
        updated.
    """
    mapping = speaker_name_map(speaker_name_counts(quotes), aliases=aliases)
    renamed = rename_speakers(quotes, mapping, overrides=overrides)
    speakers = speakers_from_partials(speaker_partials(renamed), overrides=overrides)
    return with_speaker_attributes(renamed, speakers)


def speaker_table(
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    aliases: AliasSource = None,
    overrides: AliasSource = None,
) -> pd.DataFrame:
    """The speakers table: one row per canonical speaker across the corpus.

    Built from the quotes alone (``articles`` is accepted for symmetry and not needed):
    names as in :func:`canonicalize_speakers`, counts and gender as in
    :func:`speakers_from_partials`, so it is the same however the corpus was chunked.

    Returns:
        SPEAKERS columns, sorted by ``n_quotes`` (descending) then ``name``.
    """
    del articles
    mapping = speaker_name_map(speaker_name_counts(quotes), aliases=aliases)
    renamed = rename_speakers(quotes, mapping, overrides=overrides)
    return speakers_from_partials(speaker_partials(renamed), overrides=overrides)
