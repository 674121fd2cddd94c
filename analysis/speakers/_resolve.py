"""Speaker resolution inside one article, quote by quote in document order.

:func:`resolve_article` takes the article's entities (:mod:`._entities`) and resolves each
quote's speaker mention: a name, a title or role, a pronoun, an organisation, a group or
an anonymous source, or no mention at all (carry-over from the previous paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import NamedTuple

from analysis.quotes.mentions import named_in_full
from analysis.speakers._corpus import normalize_name
from analysis.speakers._entities import (
    MENTION_EDGES,
    ArticleEntities,
    QuoteIn,
    fold_word,
    fold_words,
    is_common_noun,
    one_word_kind,
)
from analysis.speakers._mentions import Mention, mention_parse, mention_words, title_key
from analysis.speakers._rules import (
    GROUP_PRONOUNS,
    INDEFINITE_WORDS,
    OTHER_GENDER,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    THING_PRONOUNS,
    UNNAMED_NOUNS,
    Rules,
)

#: How sure each route is; ordered name > organization > title > pronoun > carry_over.
CONFIDENCE = {
    "name_full": 0.95,
    "name_surname": 0.9,
    "name_unmatched": 0.8,
    "name_first": 0.7,
    "name_ambiguous": 0.6,
    "organization": 0.9,
    "organization_generic": 0.7,
    "organization_inferred": 0.5,
    "organization_unnamed": 0.3,
    "title": 0.85,
    "title_head": 0.7,
    "title_ambiguous": 0.55,
    "description": 0.45,
    "relative": 0.8,
    "pronoun": 0.75,
    "pronoun_no_gender": 0.6,
    "pronoun_thing": 0.5,
    "carry_over": 0.6,
    "unresolved": 0.0,
}
_NAMING = frozenset({"name", "title", "organization"})  # routes whose mention is an alias
_AGE = re.compile(r"\d+-year-old")
_PARENTHESES = re.compile(r"[ \t]*\([^()]*\)")
_OPENERS = " \t\"'“‘«„‹‚-–—"
_BARE_TITLES = frozenset({"dr", "prof", "rev"})  # say little about the role on their own
#: "the company" may be any business named just before; never a public body or the press.
_BUSINESS_NOUNS = frozenset({"company", "firm", "operator", "business", "corporation"})
_PUBLIC_BODIES = frozenset(
    {"ministry", "department", "council", "government", "agency", "authority", "police"}
    | {"court", "commission", "committee", "parliament", "union", "association", "party"}
    | {"federation", "university", "school", "hospital", "office", "board", "army", "senate"}
    | {"congress", "assembly", "cabinet", "service", "inquiry", "chamber", "club", "church"}
    | {"post", "times", "herald", "gazette", "courier", "wire", "tribune", "telegraph"}
    | {"guardian", "chronicle", "news", "press", "journal", "newspaper", "magazine"}
    | {"fund", "foundation", "trust", "institute", "bureau", "society", "charity", "coalition"}
    | {"alliance", "movement", "campaign", "network", "league", "forum", "conference"}
)


_SUBJECT_PRONOUNS = {"he": "male", "she": "female"}


class Resolved(NamedTuple):
    """The resolved speaker of one quote (name None when unknown)."""

    name: str | None
    attribution: str
    confidence: float
    speaker_type: str
    gender: str
    gender_evidence: str
    title: str | None
    aliases: tuple[str, ...]


_UNKNOWN = Resolved(None, "unknown", 0.0, "unknown", "unknown", "none", None, ())


def resolve_article(
    text: str,
    captions: list[str],
    quotes: list[QuoteIn],
    rules: Rules,
    aliases: dict[str, str],
    author: str | None = None,
) -> list[Resolved]:
    """The speaker of each quote (same order as ``quotes``), resolved within the article.

    ``author`` (the byline) is who "I" refers to outside quotation marks.
    """
    article = ArticleEntities(text, captions, quotes, rules)
    article.author = author
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start, quotes[i].end))
    results: list[Resolved] = [_UNKNOWN] * len(quotes)
    # equal results share one tuple: fewer objects for the garbage collector to track
    distinct: dict[Resolved, Resolved] = {}
    previous: tuple[QuoteIn, int | None, Resolved] | None = None
    votes: list[tuple[int, str]] = []  # (person, gender) of he/she speaker mentions
    quotes_of: dict[int, list[int]] = {}
    for i in order:
        quote = quotes[i]
        eid, result = _resolve_quote(article, quote, previous, aliases)
        if eid is not None and result.speaker_type == "person":
            quotes_of.setdefault(eid, []).append(i)
            if result.attribution == "pronoun":
                gender = _SUBJECT_PRONOUNS.get(quote.mention.strip(MENTION_EDGES).casefold())
                if gender:
                    votes.append((eid, gender))
        if (
            result.name is not None
            and result.attribution in _NAMING
            and result.confidence > CONFIDENCE["description"]
        ):
            written = quote.mention.strip(MENTION_EDGES)
            if written and written not in result.aliases:
                result = result._replace(aliases=(*result.aliases, written))
        results[i] = result = distinct.setdefault(result, result)
        if eid is not None and quote.mention_start >= 0:
            article.subjects.setdefault(article.sentence(quote.mention_start), eid)
        previous = (quote, eid, result)
    # "The mayor said … “…,” she said": a pronoun that is a quote's speaker is a gender
    # vote for the person it was resolved to (after resolving, so it changes no speaker)
    for eid, gender in votes:
        article.entities[eid].pron[gender] += 1
    for eid in {eid for eid, _ in votes}:
        gender, evidence = article.entities[eid].gender()
        for i in quotes_of[eid]:
            results[i] = results[i]._replace(gender=gender, gender_evidence=evidence)
    return results


def _result(article: ArticleEntities, eid: int, attribution: str, confidence: float) -> Resolved:
    entity = article.entities[eid]
    if entity.kind == "unnamed":  # "the woman" ... "she said": someone unnamed
        return _UNKNOWN._replace(attribution="anonymous")
    if entity.kind == "org":
        return Resolved(
            entity.display(), attribution, confidence, "organization", "unknown", "none", None,
            entity.distinct_aliases(),
        )  # fmt: skip
    gender, evidence = entity.gender()
    title = next((t for t, key in entity.titles if not key <= _BARE_TITLES), None)
    if title is None and entity.titles:
        title = entity.titles[0][0]
    return Resolved(
        entity.display(), attribution, confidence, "person", gender, evidence, title,
        entity.distinct_aliases(),
    )  # fmt: skip


def _resolve_quote(
    article: ArticleEntities,
    quote: QuoteIn,
    previous: tuple[QuoteIn, int | None, Resolved] | None,
    aliases: dict[str, str],
) -> tuple[int | None, Resolved]:
    """One quote's speaker (entity id or None, and the result), routed by the mention:
    none -> carry-over; alias file; pronouns; "Name, role"; possessors; names, groups,
    organisations, titles and descriptions."""
    rules = article.rules
    mention = (quote.mention or "").strip(MENTION_EDGES)
    if "(" in mention:  # "Sen. Ted Cruz (R-Texas)", "Gov. Jerry Brown (D)", "(Sanders"
        mention = _PARENTHESES.sub("", mention).strip(MENTION_EDGES + "()")
    if mention.isupper() and named_in_full(article.text, mention):
        # a transcript label ("RUAIRI DOYLE: ...", "THE VICE PRESIDENT: ...") of someone
        # the article names in full; not an acronym ("TSSA said")
        mention = mention.lower() if mention.startswith("THE ") else mention.title()
    pos = quote.mention_start if quote.mention_start >= 0 else quote.start
    previous_speaker = previous[1] if previous is not None else None
    if not mention:
        return _carry_over(article, quote, previous)
    words = mention_words(mention)
    alias = aliases.get(normalize_name(mention)) if aliases else None
    if alias is not None:
        return _resolve_alias(article, mention, alias)
    if len(words) == 1 or (len(words) == 2 and words[1] in ("'s", "s")):
        routed = _resolve_pronoun_word(article, words[0], pos, previous)
        if routed is not None:
            return routed
        key = words[0][:-2] if words[0].endswith("'s") else words[0]
        if mention[:1].isupper() and (key in article.by_last or key in article.by_key):
            # a known surname first, even when it is also a title, place or common word
            # ("King says", "Israel said", "Read said")
            word = mention.split()[0]
            word = word[:-2] if word.endswith(("'s", "’s")) else word
            head = Mention("person", 0, len(word), (word,), "", frozenset(), "", word, ())
            return _resolve_name(article, head, pos, aliases)

    if "," in mention:
        # "Jeff Weaver, Sanders' campaign manager": the name before the appositive.
        first = mention.split(",", 1)[0]
        named = [m for m in mention_parse(first) if m.kind == "person"]
        rest = first[named[-1].end :].strip() if named else ""
        if named and (not rest or rest.startswith("of ")):  # "Ben Cardin of Maryland, a ..."
            return _resolve_name(article, named[-1], pos, aliases)
    found = list(mention_parse(mention))
    if found:
        rest = mention[found[-1].end :]
        if rest[:1] in ("'", "’"):
            # "Putin's spokesman", "Sanders’ aide": the speaker is what the name owns.
            tail = mention_words(rest[2:] if rest[1:2] in ("s", "S") else rest[1:])
            if tail:
                return _resolve_common_noun(article, tail, pos, rules, previous_speaker)
    # names inside a prepositional phrase of the mention are not its head ("Jason Sims, a
    # teacher from Mount Pleasant"; "Fishing crews along the Calder coast")
    found = [m for m in found if not _in_prepositional_phrase(mention, m.start)]
    people = [m for m in found if m.kind == "person"]
    head = people[-1] if people else (found[-1] if found else None)
    if head is not None and head.kind in ("person", "org"):
        tail = mention[head.end :]
        after = _head_noun_phrase(mention_words(tail)) if tail.lstrip()[:1].islower() else []
        if after and after[0] in _PREPOSITIONS:
            after = []  # "Samuel Kerrigan of Calder University": the person
        noun = after[-1] if after else ""
        if head.kind == "person" and noun in rules.org_words and noun not in rules.title_words:
            # "the Clinton campaign", "the Obama administration": an organisation
            written = mention[head.start :].strip(MENTION_EDGES)
            eid = _org_entity(article, tuple(written.split()), written)
            return eid, _result(article, eid, "organization", CONFIDENCE["organization_generic"])
        if (noun and _is_person_or_org_noun(noun, rules)) or (
            words and words[0] in INDEFINITE_WORDS and head.start == 0 and len(head.name) == 1
        ):
            # "Business owners", "Labor Department officials", "One resident": the
            # capitalised words only modify a common noun.
            head = None
    if head is not None and head.kind == "title" and mention[head.end :].lstrip()[:1].islower():
        after = _head_noun_phrase(mention_words(mention[head.end :]))
        noun = after[-1] if after else ""
        if noun.endswith("s") and not noun.endswith("ss") and noun not in rules.title_words:
            # "Democratic politicians", "the Republican presidential candidates": a group
            return None, _UNKNOWN._replace(attribution="group")
    role = _head_noun_phrase(words)[-1] if words else ""
    if (
        (head is None or head.kind == "title")
        and quote.mention_end > 0
        and (
            role in rules.title_words
            or role in rules.person_nouns
            or (words[0] in ("one", "another") and _AGENT_NOUN.fullmatch(role) is not None)
        )
    ):
        # "The inquiry's chair, the retired judge Miriam Hallworth, asked", "said one
        # marcher, Rosa Quint": the name
        named = _appositive_name(article, quote.mention_end)
        if named is not None:
            return _resolve_name(article, named, pos, aliases)
    # "One resident", "Some Democrats"; but "A State Department report" is the department's
    a_document = head is not None and head.kind == "org" and role in rules.document_nouns
    unnamed = head is None or head.kind != "person"
    if words and words[0] in INDEFINITE_WORDS and unnamed and not a_document:
        return None, _group_or_anonymous(words, rules)
    if _nationality_noun(words, rules):
        # "The Argentine, whose side have lost five, said": a description by nationality
        return _resolve_description(article, words, pos, previous_speaker)
    if head is None and (country := _country(article, mention)) is not None:
        # "Russia insisted", "the United States warned": the country's government
        eid = _org_entity(article, country, mention.strip(MENTION_EDGES))
        return eid, _result(article, eid, "organization", CONFIDENCE["organization"])
    if head is None and _place_name(mention):
        # "Kansas City said", "Brackmoor City said": the city or the club of that name
        written = mention.strip(MENTION_EDGES)
        eid = _org_entity(article, tuple(written.split()), written)
        return eid, _result(article, eid, "organization", CONFIDENCE["organization_generic"])
    if head is None:
        return _resolve_common_noun(article, words, pos, rules, previous_speaker)
    if head.kind == "person" and _the_name(article, mention, head):
        # "The Treasury said", "the Guardian reported": nobody is called "the Treasury"
        eid = _org_entity(article, head.name, mention.strip(MENTION_EDGES))
        return eid, _result(article, eid, "organization", CONFIDENCE["organization"])
    if head.kind == "person":
        return _resolve_name(article, head, pos, aliases)
    if head.kind == "group":
        return None, _UNKNOWN._replace(attribution="group")
    if head.kind == "org":
        eid = _org_entity(article, head.name, head.surface)
        return eid, _result(article, eid, "organization", CONFIDENCE["organization"])
    if len(words) == 1 and (words[0] in article.by_last or words[0] in article.by_key):
        # a surname that is also a title word ("King", "Bishop", "Major")
        return _resolve_name(article, head._replace(kind="person", name=(mention,)), pos, aliases)
    eid, result = _resolve_title(article, head.title_key, pos, previous_speaker)
    if eid is None:
        return _resolve_description(article, words, pos, previous_speaker)
    return eid, result


_BODY_PLACES = frozenset({"city", "county", "town", "borough"})  # names of councils, clubs


def _place_name(mention: str) -> bool:
    """True for a capitalised name of a city, county or town ("Kansas City", "Ely
    County", "Luton Town"): its council, or a club of that name."""
    words = mention.strip(MENTION_EDGES).split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    return (
        1 < len(words) < 4
        and all(w[:1].isupper() for w in words)
        and words[-1].casefold() in _BODY_PLACES
    )


def _nationality_noun(words: list[str], rules: Rules) -> bool:
    """True for "the" and a nationality that names one person ("the Argentine", "the
    Israeli"); not the people of a country ("the British", "the French", "the Chinese")."""
    return (
        len(words) == 2
        and words[0] == "the"
        and words[1] in rules.demonym_adjectives
        and not words[1].endswith(("sh", "ch", "ese", "ss"))
    )


def _country(article: ArticleEntities, mention: str) -> tuple[str, ...] | None:
    """The name words of a mention that is a country ("Russia", "the U.S."), or None; not
    a word the article uses as someone's name ("Jordan", after "Jordan Peterson")."""
    words = [w for w in mention.strip(MENTION_EDGES).split() if w.casefold() != "the"]
    key = " ".join(words).casefold().replace(".", "")
    country = article.rules.countries.get(key)
    if country is None or (len(words) == 1 and (key in article.by_first or key in article.by_last)):
        return None
    return tuple(country.split())  # spelled as the word list spells it ("U.S.")


# a singular noun for someone who does something ("marcher", "protester", "resident"), not
# a body ("charity", "consultancy", "group")
_AGENT_NOUN = re.compile(r"[a-z]+(?:er|or|ist|ian|ant|ent)")


def _the_name(article: ArticleEntities, mention: str, head: Mention) -> bool:
    """True for "the" and one capitalised word that is no full name's part in the article
    ("the Treasury"); not a family ("the Clintons") or "the Trump who …"."""
    word = head.name[0]
    if (
        len(head.name) != 1
        or word.endswith("s")
        or mention_words(mention) != ["the", word.casefold()]
    ):
        return False
    key = fold_word(word)
    named = article.by_last.get(key, []) + article.by_first.get(key, [])
    return all(len(article.entities[e].name) == 1 for e in named)


def _appositive_name(article: ArticleEntities, end: int) -> Mention | None:
    """The person named in an appositive right after a mention, up to a comma or the end
    of the sentence (", the retired judge Miriam Hallworth,", "said one marcher, Rosa
    Quint."); None when there is none."""
    text = article.text
    if text[end : end + 2] != ", " or article.inside_quote(end):
        return None
    s = article.sentence(end)
    sentence_end = article.sent_starts[s + 1] if s + 1 < len(article.sent_starts) else len(text)
    stop = text.find(",", end + 2, sentence_end)
    if stop < 0:
        stop = sentence_end
    if stop - end > 90:
        return None
    people = [m for m in mention_parse(text[end + 2 : stop].rstrip()) if m.kind == "person"]
    if len(people) != 1 or len(people[0].name) < 2:
        return None
    return people[0]


def _org_entity(article: ArticleEntities, name: tuple[str, ...], surface: str) -> int:
    """The article's organisation with this name (a leading "the" ignored), added if new."""
    key = fold_words(name[1:] if name and name[0].casefold() == "the" else name)
    eid = article.orgs.get(key)
    if eid is None:
        eid = article.new_entity("org", name)
        article.entities[eid].aliases.append(surface)
    return eid


def _carry_over(
    article: ArticleEntities, quote: QuoteIn, previous: tuple[QuoteIn, int | None, Resolved] | None
) -> tuple[int | None, Resolved]:
    """A quote without a mention keeps the previous quote's speaker when it is in the same
    paragraph, or opens the very next one (a follow-on quote paragraph); else unknown."""
    if previous is None or previous[2].name is None:
        return None, _UNKNOWN
    paragraph = article.paragraph(quote.start)
    gap = paragraph - article.paragraph(max(previous[0].end - 1, 0))
    opens = article.text[article.para_starts[paragraph] : quote.start].strip(_OPENERS) == ""
    if gap == 0 or (gap == 1 and opens):
        confidence = min(CONFIDENCE["carry_over"], previous[2].confidence)
        return previous[1], previous[2]._replace(attribution="carry_over", confidence=confidence)
    return None, _UNKNOWN


def _resolve_alias(article: ArticleEntities, mention: str, alias: str) -> tuple[int, Resolved]:
    """A mention the alias file names; the article's own evidence (gender, titles) counts."""
    parsed = mention_parse(alias)
    kind = "org" if parsed and parsed[-1].kind == "org" else "person"
    key = fold_words(tuple(alias.split()))
    eid = (article.orgs if kind == "org" else article.by_key).get(key)
    if eid is None:
        eid = article.new_entity(kind, tuple(alias.split()))
    article.entities[eid].aliases.append(mention)
    attribution = "organization" if kind == "org" else "name"
    return eid, _result(article, eid, attribution, CONFIDENCE["name_full"])


def _resolve_pronoun_word(
    article: ArticleEntities,
    word: str,
    pos: int,
    previous: tuple[QuoteIn, int | None, Resolved] | None,
) -> tuple[int | None, Resolved] | None:
    """A one-word mention that is a pronoun: he/she, who, I, they/we, it/which; None for
    any other word."""
    rules = article.rules
    previous_speaker = previous[1] if previous is not None else None
    if word in PERSON_PRONOUNS:
        followed = _follows_previous_quote(article, pos, PERSON_PRONOUNS[word], previous)
        if followed is not None:
            return followed
        return _resolve_pronoun(article, pos, PERSON_PRONOUNS[word], previous_speaker)
    if word in RELATIVE_PRONOUNS:
        lo = bisect_left(article.mention_starts, pos - 60)
        hi = bisect_left(article.mention_starts, pos)
        if hi > lo:
            eid = article.mention_ids[hi - 1]
            return eid, _result(article, eid, "pronoun", CONFIDENCE["relative"])
        # "One constable, who asked not to be named, said": who the clause is about
        before = article.text[article.sent_starts[article.sentence(pos)] : pos]
        clause = mention_words(before.rsplit(",", 2)[-2] if before.count(",") else before)
        if clause and clause[0] in INDEFINITE_WORDS:
            return None, _group_or_anonymous(clause, rules)
        return None, _UNKNOWN
    if word in ("i", "me") and article.author:
        # first person outside quotation marks: the article's author
        eid = article.person_entity(tuple(article.author.split()))
        return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun_no_gender"])
    if word in GROUP_PRONOUNS:
        return None, _UNKNOWN._replace(attribution="group", speaker_type="unknown")
    if word in THING_PRONOUNS:
        since = article.sent_starts[max(0, article.sentence(pos) - 1)]
        if (
            previous is not None
            and previous_speaker is not None
            and previous[2].speaker_type == "organization"
            and previous[0].end >= since
        ):
            # "The authority said ... . It added ...": the organisation just quoted
            return previous_speaker, previous[2]._replace(
                attribution="pronoun", confidence=CONFIDENCE["pronoun_thing"]
            )
        i = bisect_left(article.org_mentions, (pos, -1)) - 1
        if i >= 0 and article.org_mentions[i][0] >= since:
            eid = article.org_mentions[i][1]
            return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun_thing"])
        return None, _UNKNOWN
    return None


def _follows_previous_quote(
    article: ArticleEntities,
    pos: int,
    gender: str,
    previous: tuple[QuoteIn, int | None, Resolved] | None,
) -> tuple[int | None, Resolved] | None:
    """he/she in the paragraph of the last quote, or opening the next one, with no other
    person of that gender or of unknown gender named since: the last quote's speaker
    when the gender does not contradict
    ("“…,” Dunleavy said. … “…,” she said"), an unnamed person when that one was
    anonymous ("One, a crane operator, said … “…,” he said"); None otherwise."""
    if previous is None:
        return None
    quote, eid, result = previous
    if result.attribution == "carry_over" or quote.mention_start < 0:
        return None
    if eid is None and (
        result.attribution != "anonymous"
        or mention_words(quote.mention)[:1] not in (["a"], ["an"], ["one"], ["another"])
    ):
        return None
    if eid is not None and article.entities[eid].kind != "person":
        return None
    paragraph = article.paragraph(pos)
    gap = paragraph - article.paragraph(max(quote.end - 1, 0))
    if not (
        gap == 0
        or (gap == 1 and article.sentence(pos) == article.sentence(article.para_starts[paragraph]))
    ):
        return None
    # after the mention (a name in its title is not someone else: "Clinton aide Jo Lee")
    since = quote.mention_end if quote.mention_start < quote.start else quote.start
    lo = bisect_left(article.mention_starts, since)
    hi = bisect_left(article.mention_starts, pos)
    other = OTHER_GENDER.get(gender, "")
    for e in article.mention_ids[lo:hi]:
        if e != eid and not (other and article.entities[e].gender()[0] == other):
            return None  # someone else was named since (who the pronoun may stand for)
    if eid is None:
        return None, _UNKNOWN._replace(attribution="anonymous")
    known, _ = article.entities[eid].gender()
    if known == gender:
        return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun"])
    if known == "unknown":
        return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun_no_gender"])
    return None


def _is_person_or_org_noun(word: str, rules: Rules) -> bool:
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return (
        word in rules.group_words
        or word in rules.title_words
        or word in rules.person_nouns
        or word in rules.org_words
        or singular in rules.org_words  # "Water companies", "Tech firms"
        or singular in rules.demonym_adjectives  # "Americans", "the Germans"
    )


_PREPOSITIONS = frozenset(
    {"of", "for", "at", "from", "with", "in", "on", "to", "along", "across", "near", "by"}
    | {"outside", "inside", "around", "among", "under", "over", "into", "about", "like"}
)
_PHRASE_BREAKS = _PREPOSITIONS | {"who", "which", "that"}


def _in_prepositional_phrase(mention: str, start: int) -> bool:
    """True when a preposition comes before ``start`` in the mention's first clause."""
    prefix = mention[:start]
    return "," not in prefix and any(w in _PREPOSITIONS for w in mention_words(prefix))


def _head_noun_phrase(words: list[str]) -> list[str]:
    """The words up to the first preposition or relative pronoun: "a spokesman for the
    company" -> ["a", "spokesman"], "a majority of voters" -> ["a", "majority"]."""
    for i, word in enumerate(words):
        if word in _PHRASE_BREAKS and i:
            return words[:i]
    return words


def _group_or_anonymous(words: list[str], rules: Rules) -> Resolved:
    """An indefinite mention: plural or collective -> group, one person -> anonymous,
    anything else ("an assessment") -> unknown."""
    phrase = _head_noun_phrase(words)
    head = phrase[-1]
    if head in ("someone", "somebody", "anyone", "anybody") or phrase in (["one"], ["another"]):
        return _UNKNOWN._replace(attribution="anonymous")
    if head in rules.collective_words or (
        phrase[0] not in ("a", "an", "one", "another") and head.endswith("s")
    ):
        return _UNKNOWN._replace(attribution="group")
    if phrase[0] not in ("a", "an", "one", "another") and head in rules.group_words:
        return _UNKNOWN._replace(attribution="group")
    if _is_person_or_org_noun(head, rules) or phrase[0] not in ("a", "an", "one", "another"):
        return _UNKNOWN._replace(
            attribution="anonymous" if head not in rules.org_words else "unknown"
        )
    return _UNKNOWN


def _resolve_common_noun(
    article: ArticleEntities, words: list[str], pos: int, rules: Rules, previous_speaker: int | None
) -> tuple[int | None, Resolved]:
    """Lower-case mentions without a title word: "the ministry", "officials", "critics"."""
    content = [
        w for w in _head_noun_phrase(words) if w not in ("the", "this", "that", "these", "those")
    ]
    if not content:
        return None, _UNKNOWN
    head = content[-1]
    if any(w in rules.title_words for w in content) and head not in rules.org_words:
        eid, result = _resolve_title(article, title_key(content, rules), pos, previous_speaker)
        if eid is not None:
            return eid, result
    if head in rules.org_words or " ".join(content) in rules.org_names:
        best = None
        before = bisect_left(article.org_mentions, (pos, -1))  # those that start before pos
        for _, eid in reversed(article.org_mentions[:before]):
            if any(fold_word(w) == head for w in article.entities[eid].name):
                best = eid
                break
        if best is not None:
            return best, _result(article, best, "organization", CONFIDENCE["organization_generic"])
        if head in _BUSINESS_NOUNS:
            # "Ellery Island Ferries will cut ..., the company announced": the business
            # named last (within a few sentences), never a public body
            since = article.sent_starts[max(0, article.sentence(pos) - 3)]
            for start, eid in reversed(article.org_mentions):
                if start >= pos:
                    continue
                if start < since:
                    break
                name = article.entities[eid].name
                if not any(fold_word(w) in _PUBLIC_BODIES or w.isupper() for w in name):
                    return eid, _result(
                        article, eid, "organization", CONFIDENCE["organization_inferred"]
                    )
        return None, _UNKNOWN._replace(
            attribution="organization",
            confidence=CONFIDENCE["organization_unnamed"],
            speaker_type="organization",
        )
    if (
        head.endswith("s")
        and head not in rules.org_words
        and head not in rules.group_words
        and head not in rules.title_words
        and _is_person_or_org_noun(head, rules)
    ):
        return None, _UNKNOWN._replace(attribution="group")  # "Water companies", "both parties"
    if head in rules.group_words:
        plural = (head.endswith("s") and not head.endswith("ss")) or head in rules.collective_words
        return None, _UNKNOWN._replace(attribution="group" if plural else "anonymous")
    return _resolve_description(article, words, pos, previous_speaker)


def _resolve_description(
    article: ArticleEntities, words: list[str], pos: int, previous_speaker: int | None
) -> tuple[int | None, Resolved]:
    """ "the billionaire businessman", "the 46-year-old", "the Republican candidate": a
    definite description of someone the article is about, taken as the most salient
    fitting person (as for a pronoun) with low confidence; else unknown."""
    rules = article.rules
    head = words[-1] if words else ""
    gender = rules.person_nouns.get(head)
    if gender is None and _AGE.fullmatch(head):
        gender = ""
    if gender is None and _nationality_noun(words, rules):
        gender = ""
    office = gender is None and head in rules.title_words
    if office:
        gender = ""
    if head in UNNAMED_NOUNS:
        return None, _UNKNOWN._replace(attribution="anonymous")  # "the woman said"
    if not words or words[0] != "the" or gender is None:
        return None, _UNKNOWN
    key = title_key(words, rules)
    former = "former" in words or any(word.startswith("ex-") for word in words)
    eid, result = _resolve_pronoun(
        article,
        pos,
        gender,
        previous_speaker,
        skip=lambda e: _title_conflict(article, e, key, former),
    )
    if eid is None:
        return None, _UNKNOWN
    if office and not article.entities[eid].titles and not any(map(_AGE.fullmatch, words)):
        # "the mayor" when nobody was introduced as mayor: only someone the article gives
        # a role that does not contradict it, never a resident who happens to be salient;
        # an age describes them more ("the 58-year-old director")
        return None, _UNKNOWN
    confidence = min(result.confidence, CONFIDENCE["description"])
    return eid, result._replace(attribution="title", confidence=confidence)


def _resolve_name(
    article: ArticleEntities, head: Mention, pos: int, aliases: dict[str, str]
) -> tuple[int | None, Resolved]:
    name = head.name
    key = fold_words(name)
    eid = article.by_key.get(key)
    other = OTHER_GENDER.get(head.gender)  # the honorific's other
    if eid is not None and other and len(name) == 1 and article.entities[eid].gender()[0] == other:
        eid = None  # "Mr. Trump" is not the one-word "Trump" a "Mrs. Trump" made
    confidence = CONFIDENCE["name_full"] if len(name) > 1 else CONFIDENCE["name_surname"]
    if eid is None and len(name) == 1:
        surname = article.by_last.get(key, [])
        first = article.by_first.get(key, [])
        if head.gender and len(surname) > 1:
            # "Mrs. Clinton" with Bill and Hillary Clinton in the article
            claimed = article.honorific_claims.get((key, head.gender))
            fitting = [e for e in surname if article.entities[e].gender()[0] != other]
            surname = [claimed] if claimed is not None else fitting or surname
        if len(surname) == 1:
            eid = surname[0]
        elif len(surname) > 1:
            eid = article.likeliest(surname, pos)
            confidence = CONFIDENCE["name_ambiguous"]
        elif len(first) == 1:
            eid, confidence = first[0], CONFIDENCE["name_first"]
    if eid is None and len(name) > 1:
        eid = article.person_for(name, pos)
    if eid is None and len(name) == 1 and is_common_noun(article, name[0]):
        plural = name[0].endswith("s") and not name[0].endswith("ss")
        return None, _UNKNOWN._replace(attribution="group" if plural else "unknown")
    if eid is None and len(name) == 1 and not head.gender and not head.title:
        # a word no named person of the article has: only a speaker when it looks like
        # a person ("Work on the line", "in Eastbrook", "FreshWay, a chain," do not)
        kind = one_word_kind(article, name[0])
        if kind == "org":
            eid = _org_entity(article, name, head.surface)
            return eid, _result(article, eid, "organization", CONFIDENCE["organization_generic"])
        if kind != "person":
            return None, _UNKNOWN
    if eid is None:
        eid = article.person_entity(name)
        confidence = CONFIDENCE["name_unmatched"] if len(name) == 1 else CONFIDENCE["name_full"]
        entity = article.entities[eid]
        entity.aliases.append(head.surface)
        if head.title:
            entity.titles.append((head.title, head.title_key))
        if head.gender:
            entity.hon[head.gender] += 1
    return eid, _result(article, eid, "name", confidence)


def _head_title_candidates(article: ArticleEntities, key: frozenset[str]) -> list[int]:
    """People whose title has the mention's title words, when the mention only adds a
    nationality their title does not contradict ("the Russian president" -> "President
    Vladimir Putin"; never "Secretary of Defense" -> "Secretary of State")."""
    rules = article.rules
    heads = key & rules.title_words
    extras = key - heads
    if not heads or any(w not in rules.demonym_words for w in extras):
        return []
    out = []
    for eid, entity in enumerate(article.entities):
        if entity.kind != "person":
            continue
        for _, title in entity.titles:
            nationality = title & rules.demonym_words
            if title & rules.title_subordinates - key:
                continue  # "the president" is not the vice president
            if heads <= title and not (extras and nationality and not extras & nationality):
                out.append(eid)
                break
    return out


def _resolve_title(
    article: ArticleEntities, key: frozenset[str], pos: int, previous_speaker: int | None
) -> tuple[int | None, Resolved]:
    candidates = article.title_candidates(key)
    confidence = CONFIDENCE["title"]
    if not candidates:
        candidates = _head_title_candidates(article, key)
        confidence = CONFIDENCE["title_head"]
    if not candidates:
        return None, _UNKNOWN
    if len(candidates) > 1:
        ranked = [e for e in article.person_candidates(pos, previous_speaker) if e in candidates]
        eid = ranked[0] if ranked else candidates[0]
        confidence = CONFIDENCE["title_ambiguous"]
    else:
        eid = candidates[0]
    return eid, _result(article, eid, "title", confidence)


def _title_conflict(
    article: ArticleEntities, eid: int, key: frozenset[str], former: bool = False
) -> bool:
    """True when a person's titles contradict a description: another nationality, the
    same office word with another portfolio ("Secretary of Defense" vs "of State"), a
    lower office ("the president" vs "Vice President Harris"), or another public office
    ("the senator" vs "President Obama"; not for a ``former`` one: "the former senator")."""
    rules = article.rules
    nationality = key & rules.demonym_words
    office = key & rules.offices if not former else frozenset()
    lower = rules.title_subordinates - key
    portfolio = key & (rules.title_words | rules.title_modifiers)  # not "two-term"
    for _, title in article.entities[eid].titles:
        theirs = title & rules.demonym_words
        if nationality and theirs and not nationality & theirs:
            return True
        if key & title & rules.title_words and (not portfolio <= title or title & lower):
            return True
        if office and title & rules.offices and not office & title:
            return True  # "the senator" is not someone introduced as president
    return False


def _resolve_pronoun(
    article: ArticleEntities,
    pos: int,
    gender: str,
    previous_speaker: int | None,
    *,
    skip: Callable[[int], bool] | None = None,
) -> tuple[int | None, Resolved]:
    candidates = article.ranked_people(pos, previous_speaker)
    if skip is not None:
        candidates = [(e, d) for e, d in candidates if not skip(e)]
    compatible = []
    for eid, distance in candidates:
        known, _ = article.entities[eid].gender()
        if known == gender or (not gender and known != "unknown"):
            compatible.append((eid, CONFIDENCE["pronoun"], distance))
        elif known == "unknown":
            compatible.append((eid, CONFIDENCE["pronoun_no_gender"], distance))
    if not compatible:
        return None, _UNKNOWN
    eid, confidence, distance = compatible[0]
    if confidence < CONFIDENCE["pronoun"] and distance != 1:
        # someone of known gender wins over someone whose gender the article never
        # says, unless that one is the subject of the last sentence ("Ann Oduya, a
        # mediator, said … . “…,” she said"), or of this one with the other much
        # further back (a name in this sentence is often in a clause before the
        # pronoun: "If Trump loses, he said, …")
        for other, other_confidence, other_distance in compatible[1:3]:
            if other_confidence == CONFIDENCE["pronoun"] and (distance > 1 or other_distance < 3):
                eid, confidence = other, other_confidence
                break
    return eid, _result(article, eid, "pronoun", confidence)


__all__ = ["CONFIDENCE", "QuoteIn", "Resolved", "resolve_article", "title_key"]
