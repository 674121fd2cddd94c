"""Speaker resolution inside one article: plain Python over one text and its quotes.

:func:`resolve_article` builds the article's entity list (people and organisations with
their names, titles, gender evidence and positions) from the body and the captions, then
resolves each quote's speaker mention against it, in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple

from analysis.speakers._corpus import normalize_name
from analysis.speakers._mentions import (
    Mention,
    appositive_title,
    find_mentions,
    mention_parse,
    mention_words,
    surface_at,
    title_key,
)
from analysis.speakers._rules import (
    GROUP_PRONOUNS,
    INDEFINITE_WORDS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    THING_PRONOUNS,
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
_PARAGRAPH = re.compile(r"\n+")
_NAMING = frozenset({"name", "title", "organization"})  # routes whose mention is an alias
_MENTION_EDGES = " \t\n,.:;\"“”‘’'"
_AGE = re.compile(r"\d+-year-old")
_OPENERS = " \t\"'“‘«„‹‚-–—"
_BARE_TITLES = frozenset({"dr", "prof", "rev"})  # say little about the role on their own
_ORG_TYPE_WORDS_LIMIT = 6


class QuoteIn(NamedTuple):
    """What the resolver needs from one quote row."""

    row: int
    start: int
    end: int
    quote_type: str
    mention: str
    mention_start: int  # -1 when unknown
    mention_end: int


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


class _Entity:
    __slots__ = ("aliases", "hon", "kind", "name", "positions", "pron", "strong", "titles")

    def __init__(self, kind: str, name: tuple[str, ...]) -> None:
        self.kind = kind
        self.name = name
        self.titles: list[tuple[str, frozenset[str]]] = []
        self.aliases: list[str] = []
        self.hon = {"male": 0, "female": 0}
        self.pron = {"male": 0, "female": 0}
        self.strong = False
        self.positions: list[int] = []

    def gender(self) -> tuple[str, str]:
        for votes, evidence in ((self.hon, "honorific"), (self.pron, "pronoun")):
            male, female = votes["male"], votes["female"]
            if male > 2 * female:
                return "male", evidence
            if female > 2 * male:
                return "female", evidence
        return "unknown", "none"

    def display(self) -> str:
        words = list(self.name)
        if self.kind == "org" and words and words[0].casefold() == "the":
            words = words[1:]
        return " ".join(words)


_FOLDED: dict[tuple[str, ...], str] = {}
_FOLDED_WORD: dict[str, str] = {}


def _fold1(word: str) -> str:
    """:func:`_fold` of one word (cached)."""
    got = _FOLDED_WORD.get(word)
    if got is None:
        if len(_FOLDED_WORD) > 200_000:
            _FOLDED_WORD.clear()
        got = _FOLDED_WORD[word] = word.casefold().replace("’", "'").rstrip(".")
    return got


def _fold(words: tuple[str, ...] | list[str]) -> str:
    """Case-folded name key of a tuple of name words (cached)."""
    words = tuple(words)
    got = _FOLDED.get(words)
    if got is None:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        got = _FOLDED[words] = " ".join(w.casefold().replace("’", "'").rstrip(".") for w in words)
    return got


class _Article:
    """The entities of one article and the lookups the resolver needs."""

    def __init__(self, text: str, captions: list[str], quotes: list[QuoteIn], rules: Rules):
        self.text = text
        self.rules = rules
        spans = sorted(
            (q.start, q.end)
            for q in quotes
            if q.quote_type in ("direct", "mixed") and q.end > q.start
        )
        self.quote_starts = [s for s, _ in spans]
        self.quote_ends = [e for _, e in spans]
        self.para_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
        self.sent_starts = self._sentence_starts()
        self.entities: list[_Entity] = []
        self.by_key: dict[str, int] = {}
        self.by_last: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.orgs: dict[str, int] = {}
        # (start, entity id) of people mentioned outside quotes, in order of position
        self.mention_starts: list[int] = []
        self.mention_ids: list[int] = []
        self.org_mentions: list[tuple[int, int]] = []
        self.subjects: dict[int, int] = {}  # sentence index -> entity id of a quote's speaker
        self.author: str | None = None
        singles: list[tuple[str, int, int]] = []
        body = find_mentions(text, rules, singles)
        caption_mentions = [m for c in captions for m in find_mentions(c, rules)]
        # One-word names the quote extractor saw as speakers ("Clinton said") are people
        # even when the article never gives their full name.
        # So are capitalised words right next to a speech verb ("Clinton says").
        words = {
            m.name[0]
            for q in quotes
            if q.mention and len(q.mention) < 40
            for m in mention_parse(q.mention.strip(_MENTION_EDGES))
            if m.kind == "person" and len(m.name) == 1
        }
        verb_after, verb_before = rules.verb_after.match, rules.verb_before.search
        for word, start, end in singles:
            if verb_after(text, end) or verb_before(text, max(0, start - 12), start):
                words.add(word)
        self.speaker_words = {
            _fold1(w)
            for w in words
            if w.casefold() not in rules.name_stopwords and not _is_common_noun(self, w)
        }
        self._build(body, caption_mentions, singles)
        self._pronoun_evidence()

    # -- structure -------------------------------------------------------------------
    def _sentence_starts(self) -> list[int]:
        return [0] + [m.end() for m in self.rules.sentence_break.finditer(self.text)]

    def sentence(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1

    def paragraph(self, pos: int) -> int:
        return bisect_right(self.para_starts, pos) - 1

    def inside_quote(self, pos: int) -> bool:
        i = bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ends[i]

    # -- entities --------------------------------------------------------------------
    def _new(self, kind: str, name: tuple[str, ...]) -> int:
        eid = len(self.entities)
        self.entities.append(_Entity(kind, name))
        if kind == "org":
            self.orgs[_fold(name)] = eid
            return eid
        self.by_key[_fold(name)] = eid
        self.by_last.setdefault(_fold1(name[-1]), []).append(eid)
        self.by_first.setdefault(_fold1(name[0]), []).append(eid)
        return eid

    def _full_name_entity(self, name: tuple[str, ...]) -> int:
        key = _fold(name)
        eid = self.by_key.get(key)
        if eid is not None:
            return eid
        return self._new("person", name)

    def _build(
        self, body: list[Mention], captions: list[Mention], singles: list[tuple[str, int, int]]
    ) -> None:
        rules = self.rules
        everything = body + captions
        known = {
            _fold(m.name)
            for m in everything
            if m.kind == "person" and len(m.name) > 1 and not m.of_rest
        }
        fixed: list[Mention] = []
        for m in everything:
            if m.of_rest:
                for size in range(len(m.of_rest) - 1, 2, -1):
                    if _fold(m.of_rest[-size:]) in known:
                        moved = size - len(m.name)
                        title_words = m.title.split()[:-moved]
                        m = m._replace(
                            name=m.of_rest[-size:],
                            title=" ".join(title_words),
                            title_key=title_key(title_words, rules),
                        )
                        break
            fixed.append(m)
        body, captions = fixed[: len(body)], fixed[len(body) :]
        # Full names, longest first, so "Tayyip Erdogan" joins "Recep Tayyip Erdogan".
        full = sorted(
            {m.name for m in fixed if m.kind == "person" and len(m.name) > 1},
            key=lambda n: (-len(n), n),
        )
        alias_of: dict[str, int] = {}
        for name in full:
            key = _fold(name)
            target = None
            for other in self.by_last.get(_fold(name[-1:]), ()):
                ln = self.entities[other].name
                if len(ln) > len(name) and (
                    _fold(ln[-len(name) :]) == key
                    or (len(name) == 2 and _fold((ln[0], ln[-1])) == key)
                ):
                    if target is not None:
                        target = -1
                        break
                    target = self.by_key[_fold(ln)]
            if target is None or target < 0:
                alias_of[key] = self._new("person", name)
            else:
                alias_of[key] = target
        for key, eid in alias_of.items():
            self.by_key.setdefault(key, eid)

        pending_titles: list[tuple[Mention, bool]] = []
        one_word: list[tuple[int, object, bool]] = []
        for in_body, mentions in ((True, body), (False, captions)):
            for m in mentions:
                if m.kind == "org":
                    key = _fold(m.name[1:] if m.name[0].casefold() == "the" else m.name)
                    eid = self.orgs.get(key)
                    if eid is None:
                        eid = self._new("org", m.name)
                    self.entities[eid].aliases.append(m.surface)
                    if in_body and not self.inside_quote(m.start):
                        self.org_mentions.append((m.start, eid))
                    continue
                if m.kind == "title":
                    pending_titles.append((m, in_body))
                    continue
                if m.kind != "person":
                    continue
                if len(m.name) == 1:
                    one_word.append((m.start if in_body else len(self.text) + 1, m, in_body))
                    continue
                self._add_person(self._full_name_entity(m.name), m, in_body)
        # One-word names last, knowing the full names and what pronouns say about them
        # (looking one sentence back only: the one-word people are not placed yet).
        if any(isinstance(item, Mention) and item.gender for _, item, _ in one_word):
            self._pronoun_evidence(reach=1)
        one_word.extend((start, (word, start, end), True) for word, start, end in singles)
        one_word.sort(key=lambda item: item[0])
        for pos, item, in_body in one_word:
            if isinstance(item, Mention):
                eid = self._one_word_person(item.name[0], pos, item.gender, bool(item.title))
                if eid is not None:
                    self._add_person(eid, item, in_body)
                continue
            word, start, end = item
            eid = self._one_word_person(word, start, "", False)
            if eid is not None:
                self.entities[eid].aliases.append(surface_at(self.text, start, end))
                if not self.inside_quote(start):
                    self._add_position(start, eid)
        for m, in_body in pending_titles:
            candidates = self.title_candidates(m.title_key)
            definite = m.surface[:4].casefold() == "the "
            if len(candidates) == 1 and definite:
                self.entities[candidates[0]].aliases.append(m.surface)
                if in_body and not self.inside_quote(m.start):
                    self._add_position(m.start, candidates[0])
        self.mention_pairs = sorted(zip(self.mention_starts, self.mention_ids, strict=True))
        self.mention_starts = [p for p, _ in self.mention_pairs]
        self.mention_ids = [e for _, e in self.mention_pairs]
        self.org_mentions.sort()

    def _add_person(self, eid: int, m: Mention, in_body: bool) -> None:
        entity = self.entities[eid]
        entity.aliases.append(m.surface)
        if m.title:
            entity.titles.append((m.title, m.title_key))
            entity.strong = True
        if m.gender:
            entity.hon[m.gender] += 1
            entity.strong = True
        if in_body:
            appositive = appositive_title(self.text, m.end, self.rules)
            if appositive is not None:
                entity.titles.append(appositive)
                entity.strong = True
            if not self.inside_quote(m.start):
                self._add_position(m.start, eid)

    def _one_word_person(self, word: str, pos: int, gender: str, titled: bool) -> int | None:
        """The person a one-word name refers to: the full name with that surname (or first
        name) mentioned most recently, never one whose gender contradicts an honorific;
        a new one-word person when the name is a speaker's, titled or honoured; else None."""
        key = _fold1(word)
        ids = self.by_last.get(key) or self.by_first.get(key) or []
        if gender:
            other = "female" if gender == "male" else "male"
            ids = [e for e in ids if self.entities[e].gender()[0] != other]
        if len(ids) == 1:
            return ids[0]
        if ids:
            chosen = self._most_recent(ids, pos)
            return chosen if chosen is not None else ids[0]
        if gender or titled or key in self.speaker_words:
            existing = self.by_key.get(key)
            if existing is not None and (
                not gender or self.entities[existing].gender()[0] in (gender, "unknown")
            ):
                return existing
            return self._new("person", (word,))
        return None

    def _add_position(self, pos: int, eid: int) -> None:
        self.mention_starts.append(pos)
        self.mention_ids.append(eid)
        self.entities[eid].positions.append(pos)

    def _person_for(self, name: tuple[str, ...], pos: int) -> int | None:
        """The person entity a name refers to, or None (several fit equally, or none)."""
        key = _fold(name)
        eid = self.by_key.get(key)
        if eid is not None:
            return eid
        if len(name) > 1:
            return None
        for index in (self.by_last, self.by_first):
            ids = index.get(key)
            if ids:
                return ids[0] if len(ids) == 1 else self._most_recent(ids, pos)
        return None

    def _most_recent(self, ids: list[int], pos: int) -> int | None:
        best, best_pos = None, -1
        for eid in ids:
            for p in self.entities[eid].positions:
                if best_pos < p < pos:
                    best, best_pos = eid, p
        return best

    def title_candidates(self, key: frozenset[str]) -> list[int]:
        if not key:
            return []
        return [
            eid
            for eid, e in enumerate(self.entities)
            if e.kind == "person" and any(key <= tk for _, tk in e.titles)
        ]

    # -- gender ----------------------------------------------------------------------
    def _pronoun_evidence(self, reach: int = 3) -> None:
        """Gender votes from he/she/his/himself/herself outside quotes: for the one person
        mentioned earlier in the sentence, else in the last of ``reach`` sentences back
        that mentions anyone."""
        for entity in self.entities:
            entity.pron = {"male": 0, "female": 0}
        text = self.text
        for match in self.rules.pronoun_pattern.finditer(text):
            pos = match.start()
            gender = PERSON_PRONOUNS.get(match.group().casefold())
            if gender is None or self.inside_quote(pos):
                continue  # the pattern is loose on purpose ("se", "sis"): speed
            s = self.sentence(pos)
            lo = bisect_left(self.mention_starts, self.sent_starts[s])
            hi = bisect_left(self.mention_starts, pos)
            people = set(self.mention_ids[lo:hi])
            back = s
            while not people and back > 0 and s - back < reach:
                # the last sentence (of up to three back) that mentions anyone
                hi2 = lo
                back -= 1
                lo = bisect_left(self.mention_starts, self.sent_starts[back])
                people = set(self.mention_ids[lo:hi2])
            if len(people) == 1:
                self.entities[people.pop()].pron[gender] += 1

    def _pronoun_between(self, start: int, end: int) -> bool:
        for match in self.rules.pronoun_pattern.finditer(self.text, start, end):
            if match.group().casefold() in PERSON_PRONOUNS and not self.inside_quote(match.start()):
                return True
        return False

    # -- resolution ------------------------------------------------------------------
    def person_candidates(self, pos: int, previous_speaker: int | None) -> list[int]:
        """People a pronoun at ``pos`` may stand for, most likely first."""
        out: list[int] = []
        s = self.sentence(pos)
        lo = bisect_left(self.mention_starts, self.sent_starts[s])
        hi = bisect_left(self.mention_starts, pos)
        if hi > lo and not self._pronoun_between(self.sent_starts[s], self.mention_starts[lo]):
            # the sentence's own subject, unless a pronoun already stood for it
            # ("Last month, he waded in on a Kansas City station when he said ...")
            out.append(self.subjects.get(s, self.mention_ids[lo]))
        for back in range(1, 7):
            t = s - back
            if t < 0:
                break
            subject = self.subjects.get(t)
            if subject is None:
                a = bisect_left(self.mention_starts, self.sent_starts[t])
                b = bisect_left(self.mention_starts, self.sent_starts[t + 1])
                if b > a:
                    subject = self.mention_ids[a]
            if subject is not None:
                out.append(subject)
            if back == 1 and previous_speaker is not None:
                out.append(previous_speaker)
        out.extend(reversed(self.mention_ids[max(0, hi - 20) : hi]))
        seen: set[int] = set()
        return [
            e for e in out if not (e in seen or seen.add(e)) and self.entities[e].kind == "person"
        ]


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
    article = _Article(text, captions, quotes, rules)
    article.author = author
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start, quotes[i].end))
    results: list[Resolved] = [_UNKNOWN] * len(quotes)
    previous: tuple[QuoteIn, int | None, Resolved] | None = None
    for i in order:
        quote = quotes[i]
        eid, result = _resolve_quote(article, quote, previous, aliases)
        if result.name is not None and result.attribution in _NAMING:
            written = quote.mention.strip(_MENTION_EDGES)
            if written and written not in result.aliases:
                result = result._replace(aliases=(*result.aliases, written))
        results[i] = result
        if eid is not None and quote.mention_start >= 0:
            article.subjects.setdefault(article.sentence(quote.mention_start), eid)
        previous = (quote, eid, result)
    return results


def _result(article: _Article, eid: int, attribution: str, confidence: float) -> Resolved:
    entity = article.entities[eid]
    if entity.kind == "org":
        return Resolved(
            entity.display(), attribution, confidence, "organization", "unknown", "none", None,
            tuple(dict.fromkeys(entity.aliases)),
        )  # fmt: skip
    gender, evidence = entity.gender()
    titles = [t for t, key in entity.titles if key - _BARE_TITLES] or [t for t, _ in entity.titles]
    title = titles[0] if titles else None
    return Resolved(
        entity.display(), attribution, confidence, "person", gender, evidence, title,
        tuple(dict.fromkeys(entity.aliases)),
    )  # fmt: skip


def _resolve_quote(
    article: _Article,
    quote: QuoteIn,
    previous: tuple[QuoteIn, int | None, Resolved] | None,
    aliases: dict[str, str],
) -> tuple[int | None, Resolved]:
    rules = article.rules
    mention = (quote.mention or "").strip(_MENTION_EDGES)
    pos = quote.mention_start if quote.mention_start >= 0 else quote.start
    previous_speaker = previous[1] if previous is not None else None
    if not mention:
        if previous is not None and previous[2].name is not None:
            paragraph = article.paragraph(quote.start)
            gap = paragraph - article.paragraph(max(previous[0].end - 1, 0))
            opens = article.text[article.para_starts[paragraph] : quote.start].strip(_OPENERS) == ""
            if gap == 0 or (gap == 1 and opens):
                carried = previous[2]._replace(
                    attribution="carry_over",
                    confidence=min(CONFIDENCE["carry_over"], previous[2].confidence),
                )
                return previous_speaker, carried
        return None, _UNKNOWN

    words = mention_words(mention)
    alias = aliases.get(normalize_name(mention)) if aliases else None
    if alias is not None:
        name = alias
        return None, Resolved(
            name, "name", CONFIDENCE["name_full"], "unknown", "unknown", "none", None, (mention,)
        )

    if len(words) == 1 or (len(words) == 2 and words[1] in ("'s", "s")):
        word = words[0]
        if word in PERSON_PRONOUNS:
            return _resolve_pronoun(article, pos, PERSON_PRONOUNS[word], previous_speaker)
        if word in RELATIVE_PRONOUNS:
            lo = bisect_left(article.mention_starts, pos - 60)
            hi = bisect_left(article.mention_starts, pos)
            if hi > lo:
                eid = article.mention_ids[hi - 1]
                return eid, _result(article, eid, "pronoun", CONFIDENCE["relative"])
            return None, _UNKNOWN
        if word in ("i", "me") and article.author:
            # first person outside quotation marks: the article's author
            eid = article._full_name_entity(tuple(article.author.split()))
            return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun_no_gender"])
        if word in GROUP_PRONOUNS:
            return None, _UNKNOWN._replace(attribution="group", speaker_type="unknown")
        if word in THING_PRONOUNS:
            i = bisect_left(article.org_mentions, (pos, -1)) - 1
            since = article.sent_starts[max(0, article.sentence(pos) - 1)]
            if i >= 0 and article.org_mentions[i][0] >= since:
                eid = article.org_mentions[i][1]
                return eid, _result(article, eid, "pronoun", CONFIDENCE["pronoun_thing"])
            return None, _UNKNOWN

    if "," in mention:
        # "Jeff Weaver, Sanders' campaign manager": the name before the appositive.
        first = mention.split(",", 1)[0]
        named = [m for m in mention_parse(first) if m.kind == "person"]
        if named and not first[named[-1].end :].strip():
            return _resolve_name(article, named[-1], pos, aliases)
    found = list(mention_parse(mention))
    if found:
        rest = mention[found[-1].end :]
        if rest[:1] in ("'", "’"):
            # "Putin's spokesman", "Sanders’ aide": the speaker is what the name owns.
            tail = mention_words(rest[2:] if rest[1:2] in ("s", "S") else rest[1:])
            if tail:
                return _resolve_common_noun(article, tail, pos, rules, previous_speaker)
    people = [m for m in found if m.kind == "person"]
    head = people[-1] if people else (found[-1] if found else None)
    if head is not None and head.kind in ("person", "org"):
        tail = mention[head.end :]
        after = mention_words(tail)
        noun = after[-1] if after and tail.lstrip()[:1].islower() else ""
        if head.kind == "person" and noun in rules.org_words and noun not in rules.title_words:
            # "the Clinton campaign", "the Obama administration": an organisation
            written = mention[head.start :].strip(_MENTION_EDGES)
            eid = article.orgs.get(_fold(tuple(written.split())))
            if eid is None:
                eid = article._new("org", tuple(written.split()))
                article.entities[eid].aliases.append(written)
            return eid, _result(article, eid, "organization", CONFIDENCE["organization_generic"])
        if (noun and _is_person_or_org_noun(noun, rules)) or (
            words and words[0] in INDEFINITE_WORDS and head.start == 0 and len(head.name) == 1
        ):
            # "Business owners", "Labor Department officials", "One resident": the
            # capitalised words only modify a common noun.
            head = None
    if words and words[0] in INDEFINITE_WORDS and (head is None or head.kind != "person"):
        return None, _group_or_anonymous(words, rules)
    if head is None:
        return _resolve_common_noun(article, words, pos, rules, previous_speaker)
    if head.kind == "person":
        return _resolve_name(article, head, pos, aliases)
    if head.kind == "group":
        return None, _UNKNOWN._replace(attribution="group")
    if head.kind == "org":
        key = _fold(head.name[1:] if head.name[0].casefold() == "the" else head.name)
        eid = article.orgs.get(key)
        if eid is None:
            eid = article._new("org", head.name)
            article.entities[eid].aliases.append(head.surface)
        return eid, _result(article, eid, "organization", CONFIDENCE["organization"])
    eid, result = _resolve_title(article, head.title_key, pos, previous_speaker)
    if eid is None:
        return _resolve_description(article, words, pos, previous_speaker)
    return eid, result


def _is_person_or_org_noun(word: str, rules: Rules) -> bool:
    return (
        word in rules.group_words
        or word in rules.title_words
        or word in rules.person_nouns
        or word in rules.org_words
    )


_PHRASE_BREAKS = frozenset({"of", "for", "at", "from", "with", "in", "on", "to", "who", "which"})


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
    article: _Article, words: list[str], pos: int, rules: Rules, previous_speaker: int | None
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
        for start, eid in reversed(article.org_mentions):
            if start >= pos:
                continue
            if any(_fold([w]) == head for w in article.entities[eid].name):
                best = eid
                break
        if best is not None:
            return best, _result(article, best, "organization", CONFIDENCE["organization_generic"])
        return None, _UNKNOWN._replace(
            attribution="organization",
            confidence=CONFIDENCE["organization_unnamed"],
            speaker_type="organization",
        )
    if head in rules.group_words:
        plural = (head.endswith("s") and not head.endswith("ss")) or head in rules.collective_words
        return None, _UNKNOWN._replace(attribution="group" if plural else "anonymous")
    return _resolve_description(article, words, pos, previous_speaker)


def _resolve_description(
    article: _Article, words: list[str], pos: int, previous_speaker: int | None
) -> tuple[int | None, Resolved]:
    """ "the billionaire businessman", "the 46-year-old", "the Republican candidate": a
    definite description of someone the article is about, taken as the most salient
    fitting person (as for a pronoun) with low confidence; else unknown."""
    rules = article.rules
    head = words[-1] if words else ""
    gender = rules.person_nouns.get(head)
    if gender is None and _AGE.fullmatch(head):
        gender = ""
    if gender is None and head in rules.title_words:
        gender = ""
    if not words or words[0] != "the" or gender is None:
        return None, _UNKNOWN
    key = title_key(words, rules)
    eid, result = _resolve_pronoun(
        article, pos, gender, previous_speaker, skip=lambda e: _title_conflict(article, e, key)
    )
    if eid is None:
        return None, _UNKNOWN
    confidence = min(result.confidence, CONFIDENCE["description"])
    return eid, result._replace(attribution="title", confidence=confidence)


def _resolve_name(
    article: _Article, head: Mention, pos: int, aliases: dict[str, str]
) -> tuple[int | None, Resolved]:
    name = head.name
    key = _fold(name)
    eid = article.by_key.get(key)
    confidence = CONFIDENCE["name_full"] if len(name) > 1 else CONFIDENCE["name_surname"]
    if eid is None and len(name) == 1:
        surname = article.by_last.get(key, [])
        first = article.by_first.get(key, [])
        if len(surname) == 1:
            eid = surname[0]
        elif len(surname) > 1:
            eid = article._most_recent(surname, pos)
            confidence = CONFIDENCE["name_ambiguous"]
        elif len(first) == 1:
            eid, confidence = first[0], CONFIDENCE["name_first"]
    if eid is None and len(name) > 1:
        eid = article._person_for(name, pos)
    if eid is None and len(name) == 1 and _is_common_noun(article, name[0]):
        plural = name[0].endswith("s") and not name[0].endswith("ss")
        return None, _UNKNOWN._replace(attribution="group" if plural else "unknown")
    if eid is None:
        eid = article._full_name_entity(name)
        confidence = CONFIDENCE["name_unmatched"] if len(name) == 1 else CONFIDENCE["name_full"]
        entity = article.entities[eid]
        entity.aliases.append(head.surface)
        if head.title:
            entity.titles.append((head.title, head.title_key))
        if head.gender:
            entity.hon[head.gender] += 1
    return eid, _result(article, eid, "name", confidence)


def _is_common_noun(article: _Article, word: str) -> bool:
    """A capitalised word that is a common noun: a group word, or a plural capitalised
    only where a sentence starts ("Officials said ...", "Parents carried banners")."""
    if word.casefold() in article.rules.group_words:
        return True
    if not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return False
    text = article.text
    found = False
    at = text.find(word)
    while at >= 0:
        stop = at + len(word)
        whole = (at == 0 or not _word_char(text[at - 1])) and (
            stop == len(text) or not _word_char(text[stop])
        )
        if whole:
            found = True
            before = text[max(0, at - 3) : at].rstrip(' \t\u00a0"“‘(')
            if before and before[-1] not in ".!?:\n":
                return False
        at = text.find(word, stop)
    return found


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


def _head_title_candidates(article: _Article, key: frozenset[str]) -> list[int]:
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
            if heads <= title and not (extras and nationality and not extras & nationality):
                out.append(eid)
                break
    return out


def _resolve_title(
    article: _Article, key: frozenset[str], pos: int, previous_speaker: int | None
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


def _title_conflict(article: _Article, eid: int, key: frozenset[str]) -> bool:
    """True when a person's titles contradict a description: another nationality, or the
    same office word with another portfolio ("Secretary of Defense" vs "of State")."""
    rules = article.rules
    nationality = key & rules.demonym_words
    for _, title in article.entities[eid].titles:
        theirs = title & rules.demonym_words
        if nationality and theirs and not nationality & theirs:
            return True
        if key & title & rules.title_words and not key <= title:
            return True
    return False


def _resolve_pronoun(
    article: _Article,
    pos: int,
    gender: str,
    previous_speaker: int | None,
    *,
    skip: Callable[[int], bool] | None = None,
) -> tuple[int | None, Resolved]:
    candidates = article.person_candidates(pos, previous_speaker)
    if skip is not None:
        candidates = [e for e in candidates if not skip(e)]
    compatible = []
    for eid in candidates:
        known, _ = article.entities[eid].gender()
        if known == gender or (not gender and known != "unknown"):
            compatible.append((eid, CONFIDENCE["pronoun"]))
        elif known == "unknown":
            compatible.append((eid, CONFIDENCE["pronoun_no_gender"]))
    if not compatible:
        return None, _UNKNOWN
    eid, confidence = compatible[0]
    if confidence < CONFIDENCE["pronoun"]:
        for other, other_confidence in compatible[1:3]:
            if other_confidence == CONFIDENCE["pronoun"]:
                eid, confidence = other, other_confidence
                break
    return eid, _result(article, eid, "pronoun", confidence)


__all__ = ["CONFIDENCE", "QuoteIn", "Resolved", "resolve_article", "title_key"]
