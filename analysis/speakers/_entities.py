"""The people and organisations of one article, and the lookups resolution needs.

:class:`ArticleEntities` reads one text and its captions once: name runs become people
(full names, one-word names, titles as written, honorific and pronoun gender evidence,
positions outside quotation marks) and organisations; sentences and paragraphs are
indexed so that "the last subject before this pronoun" is a couple of bisections.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from analysis.speakers._mentions import (
    COMMON,
    NAME_SUFFIXES,
    ORG,
    PLACE,
    RELATIVE_WORDS,
    TITLE,
    Mention,
    appositive_title,
    find_mentions,
    mention_parse,
    role_before,
    surface_at,
    title_key,
    word_info,
)
from analysis.speakers._rules import OTHER_GENDER, PERSON_PRONOUNS, Rules

_PARAGRAPH = re.compile(r"\n\n*")  # not "\n+": a literal first is found faster
_UNNAMED_BEFORE = re.compile(
    r"(?<![\w'’-])((?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)[ \t]+(?:[\w'’-]+[ \t]+)?)$"
)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|''(?:[^']|'(?!'))*(?:'')?")
# a single mark that closes a quote's part (after its last punctuation, before no
# letter: not "don't" or "the Clintons' fault"; or before a comma, as British style puts
# it: "‘The plan is dead’, she said"), and one that opens one (after a blank)
_SINGLE_CLOSE = re.compile(r"(?<=[,.!?…—–-])['’](?![^\W\d_])|(?<=\w)['’](?=[,;:])")
_SINGLE_OPEN = re.compile(r"(?:(?<=[\s(\[])|^)['‘](?=\S)")
_ROLE_BEFORE = re.compile(
    r"(?<![\w'’-])(?:the|a|an|its|his|her|their)[ \t]+"
    r"(?:(?!(?:at|in|on|to|from|of|for|with|by|near|into|and|or|but|than|as|that|which"
    r"|who|said|says|told)[ \t])[a-z][\w-]*[ \t]+){1,3}$"
)
# a preposition right before a name: its object, not the sentence's subject
_PREPOSITION_BEFORE = re.compile(r"(?<![\w'’-])(?:by|about|with|from|against|for|to|at)[ \t]+\Z")
# lower-case role words, then a capitalised name
_ROLE_THEN_NAME = re.compile(r"(?:['’]s)?[ \t]+((?:[a-z][\w-]*[ \t]+){1,3})(?=[A-Z])")
_WHO_AFTER = re.compile(r"[^.;:!?“”\"\n,]{0,60},[ \t]+who\b")
_AGE_APPOSITIVE = re.compile(r",[ \t]+\d{1,3}[,.]")
# a noun right before a name ("her husband, Saeed Abedini"), not one of a pair ("husband
# and wife Bill and Ann"); and one opening an appositive after it ("Saeed Abedini, her
# husband,", "Ann Lee, the widow of")
_NOUN_BEFORE = re.compile(r"(?<![\w'’&-])(and[ \t]+|or[ \t]+)?([A-Za-z]+),?[ \t]+$")
_NOUN_AFTER = re.compile(
    r",[ \t]+(?:(?:a|an|the|his|her|their)[ \t]+)?(?:([a-z]+)[ \t]+)?([a-z]+)(?![\w'’-])"
)
_NOT_MODIFIERS = RELATIVE_WORDS | {"and", "or", "with"}
#: Characters trimmed from a speaker mention as written.
MENTION_EDGES = " \t\n,.:;\"“”‘’'"


class QuoteIn(NamedTuple):
    """What the resolver needs from one quote row."""

    row: int
    start: int
    end: int
    quote_type: str
    mention: str
    mention_start: int  # -1 when unknown
    mention_end: int


class Entity:
    """A person or organisation of one article: name words, titles as written, every
    surface form (aliases), honorific and pronoun gender votes, positions in the body."""

    __slots__ = (
        "aliases", "confirmed", "distinct", "hon", "kind", "name", "positions", "pron", "titles",
    )  # fmt: skip

    def __init__(self, kind: str, name: tuple[str, ...]) -> None:
        self.kind = kind
        self.name = name
        self.titles: list[tuple[str, frozenset[str]]] = []
        self.aliases: list[str] = []  # only ever appended to
        self.distinct: tuple[int, tuple[str, ...]] = (0, ())  # see distinct_aliases
        self.hon = {"male": 0, "female": 0}
        self.pron = {"male": 0, "female": 0}
        self.positions: list[int] = []
        # a person for sure: titled, honoured, described, quoted, or called by surname
        # (a bare two-word capitalised run may be a place: "North Korea", "Midway Atoll")
        self.confirmed = False

    def gender(self) -> tuple[str, str]:
        for votes, evidence in ((self.hon, "honorific"), (self.pron, "pronoun")):
            male, female = votes["male"], votes["female"]
            if male > 2 * female:
                return "male", evidence
            if female > 2 * male:
                return "female", evidence
        return "unknown", "none"

    def distinct_aliases(self) -> tuple[str, ...]:
        """Each alias once, in order of first use (kept until another alias is added)."""
        if self.distinct[0] != len(self.aliases):
            self.distinct = (len(self.aliases), tuple(dict.fromkeys(self.aliases)))
        return self.distinct[1]

    def display(self) -> str:
        words = list(self.name)
        if self.kind == "org" and words and words[0].casefold() == "the":
            words = words[1:]
        return " ".join(words)


_FOLDED: dict[tuple[str, ...], str] = {}
_FOLDED_WORD: dict[str, str] = {}


def fold_word(word: str) -> str:
    """:func:`fold_words` of one word (cached)."""
    got = _FOLDED_WORD.get(word)
    if got is None:
        if len(_FOLDED_WORD) > 200_000:
            _FOLDED_WORD.clear()
        got = _FOLDED_WORD[word] = word.casefold().replace("’", "'").rstrip(".")
    return got


def fold_words(words: tuple[str, ...] | list[str]) -> str:
    """Case-folded name key of a tuple of name words (cached)."""
    words = tuple(words)
    got = _FOLDED.get(words)
    if got is None:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        got = _FOLDED[words] = " ".join([fold_word(w) for w in words])
    return got


_PEOPLE_NAMED: dict[str, tuple[tuple[str, ...], ...]] = {}


def _people_named(mention: str) -> tuple[tuple[str, ...], ...]:
    """The name words of each person in a speaker mention as written (cached)."""
    got = _PEOPLE_NAMED.get(mention)
    if got is None:
        if len(_PEOPLE_NAMED) > 20_000:
            _PEOPLE_NAMED.clear()
        parsed = mention_parse(mention.strip(MENTION_EDGES))
        got = _PEOPLE_NAMED[mention] = tuple(m.name for m in parsed if m.kind == "person")
    return got


class ArticleEntities:
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
        self.entities: list[Entity] = []
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
        self.honorific_claims: dict[tuple[str, str], int] = {}  # ("clinton", "female") -> id
        singles: list[tuple[str, int, int]] = []
        body = find_mentions(text, rules, singles)
        caption_mentions = [m for c in captions for m in find_mentions(c, rules)]
        # One-word names the quote extractor saw as speakers ("Clinton said") are people
        # even when the article never gives their full name.
        # So are capitalised words right next to a speech verb ("Clinton says").
        named = [
            name
            for q in quotes
            if q.mention and len(q.mention) < 60
            for name in _people_named(q.mention)
        ]
        words = {name[0] for name in named if len(name) == 1}
        self.speaker_names = {fold_words(name) for name in named}
        # one-word mentions with a speech verb after them in their clause ("Putin
        # addressed his guest, saying"), not just any cue ("Work ... is expected")
        self.voiced: set[str] = set()
        speech = rules.speech_verb.search
        for q in quotes:
            if 0 <= q.mention_start < q.mention_end and " " not in q.mention.strip():
                stop = q.start if q.start > q.mention_end else q.mention_end + 80
                if speech(text, q.mention_end, min(stop, q.mention_end + 80)):
                    self.voiced.add(q.mention.strip(MENTION_EDGES))
        verb_after, verb_before = rules.verb_after.match, rules.verb_before.search
        for word, start, end in singles:
            if word in words:
                continue  # already known (speakers' names recur)
            # cheap character tests first: a verb starts right after one space, or
            # "said/says/told/added/wrote" ends right before one
            if (text[end + 1 : end + 2].islower() and verb_after(text, end)) or (
                text[end : end + 1] in _CLAUSE_ENDS
                and text[start - 2 : start - 1] in ("d", "s", "e")
                and verb_before(text, max(0, start - 12), start)
            ):  # "Putin said", "said Putin." (not "said Northfield was")
                words.add(word)
        known_last = {m.name[-1] for m in body if len(m.name) > 1} if words else set()
        self.word_kinds: dict[str, str] = {}
        self.speaker_words = {
            fold_word(w)
            for w in words
            if w.casefold() not in rules.name_stopwords
            and not is_common_noun(self, w)
            and (w in known_last or one_word_kind(self, w) == "person")
        }
        self._person_pronouns()
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
        """True inside the quoted words of a direct or mixed quote. A split quote's row
        spans its interruption too ("“A,” Osei said. “B.”"): there the last quotation
        mark before ``pos`` is a closing one, so "Osei" counts as outside."""
        i = bisect_right(self.quote_starts, pos) - 1
        for j in (i, i - 1):
            if j >= 0 and pos < self.quote_ends[j]:
                start = self.quote_starts[j]
                text = self.text
                closed = max(text.rfind("”", start, pos), text.rfind("»", start, pos))
                opened = max(text.rfind("“", start, pos), text.rfind("«", start, pos))
                if closed > opened:
                    return False
                if closed < 0 and opened < 0:
                    # no curly double marks: inside when the span opens right after a
                    # mark (its quoted words), unless that mark closed since; else
                    # after an odd number of straight marks: a mixed quote's own
                    # unquoted words ("Mulrooney, who is known locally as
                    # “Dockside,”") are outside
                    mark = text[start - 1 : start]
                    if mark in ("“", "«", '"'):
                        return text.count('"', start, pos) % 2 == 0
                    if mark == "'" and text[start - 2 : start - 1] == "'":
                        return text.count("''", start, pos) % 2 == 0  # ''A,'' he said
                    if mark in ("'", "‘"):  # ‘A,’ she said, ‘B’
                        return not _single_mark_closed(text, start, pos)
                    return text.count('"', start, pos) % 2 == 1
                return True
        return False

    # -- entities --------------------------------------------------------------------
    def new_entity(self, kind: str, name: tuple[str, ...]) -> int:
        """Add a person or organisation; returns its id (index into ``entities``)."""
        eid = len(self.entities)
        self.entities.append(Entity(kind, name))
        if kind == "unnamed":
            return eid
        if kind == "org":
            self.orgs[fold_words(name[1:] if name[0].casefold() == "the" else name)] = eid
            return eid
        self.by_key[fold_words(name)] = eid
        last = len(name) - 1
        while last > 0 and fold_word(name[last]) in NAME_SUFFIXES:
            last -= 1  # "King" for "Martin Luther King Jr."
        self.by_last.setdefault(fold_word(name[last]), []).append(eid)
        self.by_first.setdefault(fold_word(name[0]), []).append(eid)
        return eid

    def person_entity(self, name: tuple[str, ...]) -> int:
        """The person with exactly this name (case-folded), added if new."""
        key = fold_words(name)
        eid = self.by_key.get(key)
        if eid is not None:
            return eid
        return self.new_entity("person", name)

    def _build(
        self, body: list[Mention], captions: list[Mention], singles: list[tuple[str, int, int]]
    ) -> None:
        rules = self.rules
        body = self._without_sentence_openers(body)
        everything = body + captions
        fixed = everything
        if any(m.of_rest for m in everything):  # rare: most articles have none
            fixed = _with_known_of_names(everything, rules)
        body, captions = fixed[: len(body)], fixed[len(body) :]
        # Full names, longest first, so "Tayyip Erdogan" joins "Recep Tayyip Erdogan".
        full = sorted(
            {m.name for m in fixed if m.kind == "person" and len(m.name) > 1},
            key=lambda n: (-len(n), n),
        )
        alias_of: dict[str, int] = {}
        for name in full:
            key = fold_words(name)
            target = None
            for other in self.by_last.get(fold_words(name[-1:]), ()):
                ln = self.entities[other].name
                if len(ln) > len(name) and (
                    fold_words(ln[-len(name) :]) == key
                    or (len(name) == 2 and fold_words((ln[0], ln[-1])) == key)
                ):
                    if target is not None:
                        target = -1
                        break
                    target = self.by_key[fold_words(ln)]
            if target is None or target < 0:
                alias_of[key] = self.new_entity("person", name)
            else:
                alias_of[key] = target
        for key, eid in alias_of.items():
            self.by_key.setdefault(key, eid)

        pending_titles: list[tuple[Mention, bool]] = []
        one_word: list[tuple[int, object, bool]] = []
        for in_body, mentions in ((True, body), (False, captions)):
            for m in mentions:
                if m.kind == "org":
                    key = fold_words(m.name[1:] if m.name[0].casefold() == "the" else m.name)
                    eid = self.orgs.get(key)
                    if eid is None:
                        eid = self.new_entity("org", m.name)
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
                self._add_person(self.person_entity(m.name), m, in_body)
        # One-word names last, knowing the full names and what pronouns say about them
        # (looking one sentence back only: the one-word people are not placed yet).
        if any(isinstance(item, Mention) and item.gender for _, item, _ in one_word):
            pending = [start for start, _, _ in one_word] + [
                start
                for word, start, _ in singles
                if fold_word(word) in self.by_last or fold_word(word) in self.speaker_words
            ]
            self._pronoun_evidence(reach=1, pending=sorted(pending))
        wanted = set(self.by_last) | set(self.by_first) | self.speaker_words
        wanted.update(fold_word(item.name[0]) for _, item, _ in one_word)
        # decided once per distinct word: the same few words make most of the singles
        wanted_words = {word for word, _, _ in singles}
        wanted_words = {word for word in wanted_words if fold_word(word) in wanted}
        one_word.extend(
            (start, (word, start, end), True)
            for word, start, end in singles
            if word in wanted_words
        )
        one_word.sort(key=lambda item: item[0])
        by_last, by_first, speaker_words = self.by_last, self.by_first, self.speaker_words
        for pos, item, in_body in one_word:
            if isinstance(item, Mention):
                eid = self._one_word_person(item.name[0], pos, item.gender, item.title_key)
                if eid is not None:
                    self._add_person(eid, item, in_body)
                continue
            word, start, end = item
            key = fold_word(word)
            if key not in by_last and key not in by_first and key not in speaker_words:
                continue  # a capitalised word nobody is called by (most of them)
            eid = self._one_word_person(word, start, "", frozenset())
            if eid is not None:
                self.entities[eid].aliases.append(surface_at(self.text, start, end))
                if not self.inside_quote(start) and not self._modifies_a_name(end):
                    self._add_position(start, eid)
        for m, in_body in pending_titles:
            candidates = self.title_candidates(m.title_key)
            definite = m.surface[:4].casefold() == "the "
            if len(candidates) == 1 and definite:
                self.entities[candidates[0]].aliases.append(m.surface)
                if in_body and not self.inside_quote(m.start):
                    self._add_position(m.start, candidates[0])
        # "the woman", "a man": unnamed people, so that their pronouns go to nobody named
        text = self.text
        spaced = text.replace("\t", " ") if "\t" in text else text
        for match in self.rules.unnamed_person.finditer(spaced):
            start = match.start() + 1  # the noun, after a space or tab (not "human")
            before = _UNNAMED_BEFORE.search(text, max(0, start - 30), start)
            if before is None or self.inside_quote(start):
                continue
            noun = match.group()[1:].casefold()
            eid = self.orgs.get("\0" + noun)  # one unnamed person per noun and article
            if eid is None:
                eid = self.new_entity("unnamed", (noun,))
                self.orgs["\0" + noun] = eid
                gender = self.rules.person_nouns.get(noun, "")
                entity = self.entities[eid]
                entity.confirmed = True
                if gender:
                    entity.hon[gender] += 1
            self._add_position(before.start(1), eid)
        for entity in self.entities:
            if entity.kind == "person" and not entity.confirmed:
                entity.confirmed = (
                    fold_words(entity.name) in self.speaker_names
                    or fold_word(entity.name[-1]) in self.speaker_words
                )
        self.mention_pairs = sorted(zip(self.mention_starts, self.mention_ids, strict=True))
        self.mention_starts = [p for p, _ in self.mention_pairs]
        self.mention_ids = [e for _, e in self.mention_pairs]
        self.org_mentions.sort()

    def _without_sentence_openers(self, mentions: list[Mention]) -> list[Mention]:
        """Mentions with a two-word name that only one sentence's opening word makes
        ("Ask Ewan how ...", "Given Obama's record, ...") cut to its second word, when
        the first is a common word (in the word list, or written in lower case in the
        article) and the second is in another name of the article ("Ewan Abernethy",
        "President Obama")."""
        people = [m for m in mentions if m.kind == "person" and not m.title and not m.gender]
        two = [m for m in people if len(m.name) == 2 and self._opens_sentence(m.start)]
        if not two:
            return mentions
        uses: dict[tuple[str, ...], int] = {}
        for m in people:
            uses[m.name] = uses.get(m.name, 0) + 1
        cut: dict[int, Mention] = {}
        for m in two:
            first, second = m.name
            if uses[m.name] > 1 or not any(
                second in other.name and other.name != m.name for other in mentions
            ):
                continue
            if (
                not word_info(first, self.rules)[1] & COMMON
                and f" {first.casefold()} " not in self.text
            ):
                continue
            start = m.end - len(second)
            cut[m.start] = m._replace(start=start, name=(second,), surface=second)
        return [cut.get(m.start, m) if m.kind == "person" else m for m in mentions]

    def _opens_sentence(self, pos: int) -> bool:
        """True when only spaces and quotation marks come before ``pos`` in its sentence."""
        start = self.sent_starts[self.sentence(pos)]
        return not self.text[start:pos].strip(" \t\n“\"‘'(")

    def _add_person(self, eid: int, m: Mention, in_body: bool) -> None:
        entity = self.entities[eid]
        entity.aliases.append(m.surface)
        if m.title:
            entity.titles.append((m.title, m.title_key))
            entity.confirmed = True
        if m.gender:
            entity.hon[m.gender] += 1
            entity.confirmed = True
        stated = _stated_gender(self.text, m, self.rules.kin_nouns) if in_body else ""
        if stated:
            entity.hon[stated] += 1
        if in_body:
            comma = self.text[m.end : m.end + 1] == ","  # an appositive may follow
            appositive = appositive_title(self.text, m.end, self.rules) if comma else None
            if appositive is not None:
                entity.titles.append(appositive)
                entity.confirmed = True
            elif (
                comma
                and self.text[m.start - 2 : m.start] == ", "
                and (role := role_before(self.text, m.start, self.rules)) is not None
            ):
                # "The planning inspector, Ruth Oyelowo, approved": "the inspector" is her
                entity.titles.append(role)
            elif (
                (comma and _AGE_APPOSITIVE.match(self.text, m.end))
                or (not entity.confirmed and _WHO_AFTER.match(self.text, m.end))
            ) or (
                not entity.confirmed
                and self.text[m.start - 2 : m.start - 1].islower()
                and _ROLE_BEFORE.search(self.text, max(0, m.start - 50), m.start)
            ):
                # "Eileen Marchetti, 71, said", "Ann Storr of the union, who", "the
                # veteran mediator Harriet Oduya"
                entity.confirmed = True
            if not self.inside_quote(m.start) and not self._modifies_a_name(m.end):
                self._add_position(m.start, eid)

    def _modifies_a_name(self, end: int) -> bool:
        """True when the name ending at ``end`` only qualifies another one's role ("Obama
        consultant Cornell Belcher", "Trump's campaign manager Paul Manafort"): no subject,
        no one a pronoun stands for."""
        if not self.text[end + 1 : end + 2].islower() and self.text[end : end + 1] not in "'’":
            return False  # the usual case, decided without the pattern
        match = _ROLE_THEN_NAME.match(self.text, end)
        if match is None:
            return False
        rules = self.rules
        return all(w in rules.title_words or w in rules.title_modifiers for w in match[1].split())

    def _one_word_person(
        self, word: str, pos: int, gender: str, title_key: frozenset[str]
    ) -> int | None:
        """The person a one-word name refers to: the full name with that surname (or first
        name) mentioned most recently, never one whose gender contradicts an honorific
        nor, named only later, one introduced with another title ("President Obama"
        before "the first lady, Michelle Obama"); a new one-word person when the name is
        a speaker's, titled or honoured; else None."""
        key = fold_word(word)
        if gender and (key, gender) in self.honorific_claims:
            return self.honorific_claims[(key, gender)]  # "Mrs. Clinton" is always one person
        ids = self.by_last.get(key) or self.by_first.get(key) or []
        titled = bool(title_key)
        # (no generator expression: this method compiles to a C call, see _entities.pxd)
        introduced = [e for e in ids if min(self.entities[e].positions, default=pos) < pos]
        if introduced:  # "Mr. Trump" refers back to a Trump named before it, if any
            ids = introduced
        elif titled and self.paragraph(pos) > 0:
            ids = [e for e in ids if not self._titled_otherwise(e, title_key)]
        if gender:
            other = OTHER_GENDER[gender]
            taken = self.honorific_claims.get((key, other))
            ids = [e for e in ids if e != taken and self.entities[e].gender()[0] != other]
            same = [e for e in ids if self.entities[e].gender()[0] == gender]
            ids = same or ids
        chosen = None
        if len(ids) == 1:
            chosen = ids[0]
        elif ids and titled:
            # "President Bush": the one named last (the title goes with them, so no
            # guessing by frequency)
            chosen = self.most_recent(ids, pos)
            chosen = chosen if chosen is not None else ids[0]
        elif ids:
            chosen = self.likeliest(ids, pos)
        elif gender or titled or key in self.speaker_words:
            existing = self.by_key.get(key)
            if existing is not None and (
                not gender or self.entities[existing].gender()[0] in (gender, "unknown")
            ):
                chosen = existing
            else:
                chosen = self.new_entity("person", (word,))
        if gender and chosen is not None:
            self.honorific_claims[(key, gender)] = chosen
        if chosen is not None and (
            gender or titled or key in self.by_last or key in self.speaker_words
        ):
            self.entities[chosen].confirmed = True  # called by surname, or a speaker
        return chosen

    def _titled_otherwise(self, eid: int, title_key: frozenset[str]) -> bool:
        """True when none of a person's titles shares a title word with ``title_key``."""
        words = title_key & self.rules.title_words
        return bool(words) and not any(key & words for _, key in self.entities[eid].titles)

    def _add_position(self, pos: int, eid: int) -> None:
        self.mention_starts.append(pos)
        self.mention_ids.append(eid)
        self.entities[eid].positions.append(pos)

    def person_for(self, name: tuple[str, ...], pos: int) -> int | None:
        """The person entity a name refers to, or None (several fit equally, or none)."""
        key = fold_words(name)
        eid = self.by_key.get(key)
        if eid is not None:
            return eid
        if len(name) > 1:
            return None
        for index in (self.by_last, self.by_first):
            ids = index.get(key)
            if ids:
                return ids[0] if len(ids) == 1 else self.most_recent(ids, pos)
        return None

    def most_recent(self, ids: list[int], pos: int) -> int | None:
        """Of ``ids``, the entity mentioned last before ``pos`` (None if none was)."""
        best, best_pos = None, -1
        for eid in ids:
            for p in self.entities[eid].positions:
                if best_pos < p < pos:
                    best, best_pos = eid, p
        return best

    def likeliest(self, ids: list[int], pos: int) -> int:
        """Of several people with one surname, the one named in this or the last sentence
        before ``pos``, else the one named most often before it (Bernie, not his wife Jane,
        Sanders), else the first one named after it (a headline)."""
        recent = self.most_recent(ids, pos)
        if recent is None:  # a headline before any of them: the first named after it
            return min(ids, key=lambda e: min(self.entities[e].positions, default=len(self.text)))
        last = max(p for p in self.entities[recent].positions if p < pos)
        if self.sentence(pos) - self.sentence(last) <= 1:
            return recent
        return max(
            ids,
            key=lambda e: (sum(1 for p in self.entities[e].positions if p < pos), e == recent),
        )

    def title_candidates(self, key: frozenset[str]) -> list[int]:
        if not key:
            return []
        lower = self.rules.title_subordinates - key  # "the president": no vice president
        return [
            eid
            for eid, e in enumerate(self.entities)
            if e.titles
            and e.kind == "person"
            and any(key <= tk and not tk & lower for _, tk in e.titles)
        ]

    # -- gender ----------------------------------------------------------------------
    def _pronoun_evidence(self, reach: int = 3, pending: list[int] | None = None) -> None:
        """Gender votes from he/she/his/himself/herself outside quotes: for the one person
        mentioned earlier in the sentence, else in the last of ``reach`` sentences back
        that mentions anyone. No vote when a ``pending`` position (a name not placed yet)
        lies between the start of that person's sentence and the pronoun."""
        for entity in self.entities:
            entity.pron = {"male": 0, "female": 0}
        for pos, gender in zip(self.pronoun_starts, self.pronoun_genders, strict=True):
            s = self.sentence(pos)
            lo = bisect_left(self.mention_starts, self.sent_starts[s])
            hi = bisect_left(self.mention_starts, pos)
            people = set(self.mention_ids[lo:hi])
            back = s
            while not people and back > 0 and s - back < reach:
                # the last sentence (of up to three back) that mentions anyone, if that
                # person is its subject ("... extols Vladimir Putin." does not count)
                hi2 = lo
                back -= 1
                lo = bisect_left(self.mention_starts, self.sent_starts[back])
                people = set(self.mention_ids[lo:hi2])
                if people and not self._subject_like(
                    self.sent_starts[back], self.mention_starts[lo]
                ):
                    people = {-1}  # someone, but not the subject: no vote, stop looking
            people.discard(-1)
            people = {e for e in people if self.entities[e].confirmed} or people
            if len(people) == 1:
                if pending and bisect_left(pending, pos) > bisect_left(
                    pending, self.sent_starts[back]
                ):
                    continue  # a name not placed yet is as likely
                if self._subject_pronoun(gender, self.sent_starts[back], self.mention_starts[lo]):
                    # "He is backing Hillary Clinton, and he says …": the person of that
                    # first pronoun, not the one named after it
                    continue
                self.entities[people.pop()].pron[gender] += 1

    def _subject_pronoun(self, gender: str, start: int, end: int) -> bool:
        """True when text[start:end] has a "he" (or "she") outside quotes."""
        word = "he" if gender == "male" else "she"
        i = bisect_left(self.pronoun_starts, start)
        while i < len(self.pronoun_starts) and self.pronoun_starts[i] < end:
            at = self.pronoun_starts[i]
            after = self.text[at + len(word) : at + len(word) + 1]
            if self.text[at : at + len(word)].lower() == word and not after.isalpha():
                return True
            i += 1
        return False

    def _subject_like(self, sentence_start: int, pos: int) -> bool:
        """True when little but quoted words come before ``pos`` in its sentence."""
        before = _QUOTED.sub("", self.text[sentence_start:pos])
        return len(before) < 60

    def _person_pronouns(self) -> None:
        """Positions and genders of he/she/his/himself/herself outside quotes."""
        found = self._pronouns_in(0, len(self.text))
        self.pronoun_starts = [pos for pos, _ in found]
        self.pronoun_genders = [gender for _, gender in found]

    def _pronouns_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, gender) of he/she/his/himself/herself outside quotes in
        text[start:end], in order."""
        text = self.text
        found = [
            (match.start(), PERSON_PRONOUNS[match.group().casefold()])
            for pattern in self.rules.pronoun_patterns
            for match in pattern.finditer(text, start, end)
        ]
        found.sort()
        return [(pos, gender) for pos, gender in found if not self.inside_quote(pos)]

    def _pronoun_between(self, start: int, end: int) -> bool:
        if not self.text[end - 1 : end].isalpha():
            # no pronoun ends at ``end``: the ones found in the whole text are those here
            i = bisect_left(self.pronoun_starts, start)
            return i < len(self.pronoun_starts) and self.pronoun_starts[i] < end
        return bool(self._pronouns_in(start, end))

    # -- resolution ------------------------------------------------------------------
    def person_candidates(self, pos: int, previous_speaker: int | None) -> list[int]:
        """People a pronoun at ``pos`` may stand for, most likely first."""
        return [e for e, _ in self.ranked_people(pos, previous_speaker)]

    def _opens_with_he_or_she(self, sentence: int) -> bool:
        """True when a he/she outside quotes opens the sentence ("He tried to …")."""
        start = self.sent_starts[sentence]
        i = bisect_left(self.pronoun_starts, start)
        if i == len(self.pronoun_starts):
            return False
        at = self.pronoun_starts[i]
        return not self.text[start:at].strip() and self.text[at : at + 3].lower() in ("he ", "she")

    def _first_subject(self, lo: int, hi: int) -> int:
        """Of the mentions lo..hi-1 (one sentence's), the first not right after a
        preposition ("Preceded by Joe Arpaio, Trump launched ...": Trump), else lo."""
        text = self.text
        for k in range(lo, hi):
            start = self.mention_starts[k]
            if _PREPOSITION_BEFORE.search(text, max(0, start - 8), start) is None:
                return k
        return lo

    def ranked_people(self, pos: int, previous_speaker: int | None) -> list[tuple[int, int]]:
        """(person, sentences back) a pronoun at ``pos`` may stand for, most likely first:
        this sentence's subject, then the subjects of the sentences before (the previous
        quote's speaker right after the last one), then anyone mentioned before."""
        out: list[tuple[int, int]] = []
        s = self.sentence(pos)
        lo = bisect_left(self.mention_starts, self.sent_starts[s])
        hi = bisect_left(self.mention_starts, pos)
        if hi > lo and not self._pronoun_between(self.sent_starts[s], self.mention_starts[lo]):
            # the sentence's own subject, unless a pronoun already stood for it
            # ("Last month, he waded in on a Kansas City station when he said ...")
            out.append((self.subjects.get(s, self.mention_ids[self._first_subject(lo, hi)]), 0))
        speaker_after = 1  # the previous quote's speaker comes after this sentence back
        for back in range(1, 7):
            t = s - back
            if t < 0:
                break
            subject = self.subjects.get(t)
            if subject is None and self._opens_with_he_or_she(t):
                # its subject is the he/she, which continues the subject before it ("She
                # met Bill Clinton, whose wife Hillary …": not Bill or Hillary Clinton)
                if back == 1:
                    speaker_after = 2
            elif subject is None:
                a = bisect_left(self.mention_starts, self.sent_starts[t])
                b = bisect_left(self.mention_starts, self.sent_starts[t + 1])
                if b > a:
                    subject = self.mention_ids[self._first_subject(a, b)]
            if subject is not None:
                out.append((subject, back))
            if back == speaker_after and previous_speaker is not None:
                # not as strong as a subject named there, nor as one a he/she opening the
                # last sentence continues ("Harold Benning … . He tried to stay out.")
                out.append((previous_speaker, 2))
        entities = self.entities
        seen: set[int] = set()
        people: list[tuple[int, int]] = []
        for e, d in out:
            if e not in seen:
                seen.add(e)
                if entities[e].kind in ("person", "unnamed"):
                    people.append((e, d))
        # then the last 20 mentioned before (each one's sentence looked up only once)
        starts, ids, sent_starts = self.mention_starts, self.mention_ids, self.sent_starts
        for k in range(hi - 1, max(0, hi - 20) - 1, -1):
            e = ids[k]
            if e not in seen:
                seen.add(e)
                if entities[e].kind in ("person", "unnamed"):
                    people.append((e, s - bisect_right(sent_starts, starts[k]) + 1))
        confirmed = [(e, d) for e, d in people if entities[e].confirmed]
        return confirmed or people


def _with_known_of_names(mentions: list[Mention], rules: Rules) -> list[Mention]:
    """The mentions, with "TITLE of ..." named by the longest known full name its words
    end with ("Secretary of State Mary Ann Lee" is Mary Ann Lee, not Ann Lee, when the
    article names her in full elsewhere)."""
    known = {
        fold_words(m.name)
        for m in mentions
        if m.kind == "person" and len(m.name) > 1 and not m.of_rest
    }
    fixed: list[Mention] = []
    for m in mentions:
        if m.of_rest:
            for size in range(len(m.of_rest) - 1, 2, -1):
                if fold_words(m.of_rest[-size:]) in known:
                    moved = size - len(m.name)
                    title_words = m.title.split()[:-moved]
                    m = m._replace(
                        name=m.of_rest[-size:],
                        title=" ".join(title_words),
                        title_key=title_key(title_words, rules),
                    )
                    break
        fixed.append(m)
    return fixed


def is_common_noun(article: ArticleEntities, word: str) -> bool:
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


def _stated_gender(text: str, m: Mention, kin_nouns: dict[str, str]) -> str:
    """The gender a kinship noun beside a name states ("his wife Michelle Obama", "her
    husband, Saeed Abedini,", "Saeed Abedini, her husband,"), or "". Not "After visiting
    his mother, Tom Greaves told" (no comma closes the name) or "Tom Greaves, his sister
    and two friends" (a list)."""
    before = _NOUN_BEFORE.search(text, max(0, m.start - 40), m.start)
    if (
        before is not None
        and before.group(1) is None
        # "his wife Michelle Obama"; with a comma, one closes the name too
        and ("," not in before.group() or text[m.end : m.end + 1] == ",")
    ):
        gender = kin_nouns.get(before.group(2).casefold())
        if gender:
            return gender
    after = _NOUN_AFTER.match(text, m.end)
    if (
        after is not None
        and after.group(1) not in _NOT_MODIFIERS
        and text[after.end() : after.end() + 1] in (",", ".")
    ):
        for word in after.groups():
            if word in kin_nouns:
                return kin_nouns[word]
    return ""


def _single_mark_closed(text: str, start: int, pos: int) -> bool:
    """Whether a quote in single marks that opens at ``start`` is closed at ``pos`` (the
    last closing mark before ``pos`` comes after the last opening one)."""
    closed = -1
    for match in _SINGLE_CLOSE.finditer(text, start, pos):
        closed = match.start()
    return closed >= 0 and _SINGLE_OPEN.search(text, closed, pos) is None


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


_LOCATIVE_BEFORE = re.compile(
    r"(?:^|[^\w'’-])(?:in|near|across|outside|around|throughout|into)[ \t\u00a0]+$"
)
_NEUTRAL_BEFORE = re.compile(r"(?:^|[^\w'’-])(?:to|from|of|at|for)[ \t\u00a0]+$")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Z][\w'’-]*)")
_APPOSITIVE_PHRASE = re.compile(
    r",[ \t\u00a0]+(?:one[ \t]+of[ \t]+)?([^,.;:!?“”\"\n]{2,80}?)"
    r"(?=[,.;]|[ \t]+(?:that|which|who)\b)"
)
_APPOSITIVE_WORD = re.compile(r"[\w'’-]+")
_CLAUSE_ENDS = frozenset({"", ".", ",", ";", ":", "!", "?", "\n", "”", '"'})
_SENTENCE_OPENERS = ".!?\n“\"‘'(:—–-"


def one_word_kind(article: ArticleEntities, word: str) -> str:
    """What a capitalised word the article never ties to a named person looks like:
    ``"person"``, ``"org"`` or ``""`` (a place or a common word: not a speaker).

    A person word is the subject of a speech verb, used mid-sentence, or described as
    a person ("Quist, 34,", "Kaplan, a teacher,"). It is not a person when it also occurs
    in lower case ("Work on the line" / "work"), after a place preposition ("in
    Eastbrook") or before a place or organisation word ("Eastbrook Community Hospital",
    "Calder coast"); it is an organisation when an appositive calls it one ("FreshWay,
    one of the country's largest supermarket chains,").
    """
    got = article.word_kinds.get(word)
    if got is not None:
        return got
    text, rules = article.text, article.rules
    person = 1 if word in article.voiced else 0
    org = other = 0
    lower = word.casefold()
    if lower != word and _find_word(text, lower, 0) >= 0:
        other += 2  # also a common word
    at = _find_word(text, word, 0)
    while at >= 0:
        end = at + len(word)
        if not article.inside_quote(at):
            vote = _occurrence_vote(text, at, end, rules)
            if vote == "person":
                person += 1
            elif vote == "org":
                org += 1
            elif vote:
                other += 1
        at = _find_word(text, word, end)
    kind = "org" if org and org >= person else "person" if person > other else ""
    article.word_kinds[word] = kind
    return kind


def _occurrence_vote(text: str, at: int, end: int, rules: Rules) -> str:
    """What one occurrence of a capitalised word says: "person", "org", "place" or ""."""
    nxt = _NEXT_WORD.match(text, end)
    if _LOCATIVE_BEFORE.search(text, max(0, at - 14), at) or (
        nxt is not None and word_info(nxt.group(1), rules)[1] & (ORG | PLACE)
    ):
        return "place"
    if text[end : end + 1] == ",":
        appositive = _APPOSITIVE_PHRASE.match(text, end)
        if appositive is not None:
            words = [w.casefold() for w in _APPOSITIVE_WORD.findall(appositive.group(1))]
            head = words[: words.index("of")] if "of" in words[1:] else words
            if head and (head[-1] in rules.org_words or head[-1][:-1] in rules.org_words):
                return "org"
            if words[0].isdigit() or any(
                w in rules.person_nouns or word_info(w, rules)[1] & TITLE for w in head
            ):
                return "person"
    if rules.verb_after.match(text, end) or (
        text[end : end + 1] in _CLAUSE_ENDS and rules.verb_before.search(text, max(0, at - 12), at)
    ):
        return "person"
    if text[end : end + 1] in ("'", "’") or _NEUTRAL_BEFORE.search(text, max(0, at - 6), at):
        return ""  # "Eastbrook’s hospital", "to Eastbrook": a person or a place
    opener = text[max(0, at - 3) : at].rstrip(" \t\u00a0")
    if opener and opener[-1] not in _SENTENCE_OPENERS:
        return "person"  # capitalised mid-sentence: a proper name
    return ""


def _find_word(text: str, word: str, start: int) -> int:
    """Position of the next whole-word occurrence of ``word`` from ``start``; -1 if none."""
    at = text.find(word, start)
    while at >= 0:
        stop = at + len(word)
        if (at == 0 or not _word_char(text[at - 1])) and (
            stop == len(text) or not (text[stop].isalnum() or text[stop] in "_-")
        ):
            return at
        at = text.find(word, stop)
    return -1
