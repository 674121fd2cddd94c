"""Cue frames in one sentence: the cue, its speaker mention and the content it frames.

Used by :func:`analysis.quotes.extract.find_quotes`; see there for the overall method.
"""

from __future__ import annotations

import bisect
import re

from analysis.paths import read_word_list
from analysis.quotes.lexicon import (
    Lexicon,
    cue_flags,
    load_word_classes,
)
from analysis.quotes.marks import Segment, Span
from analysis.quotes.mentions import (
    PRONOUNS,
    clause_subject,
    left_mention,
    right_mention,
    subject_mention,
)

_THAT_AHEAD = re.compile(
    r"\s*(?:(?:[A-Z][\w.’'-]*|\d[\w,]*|(?i:on|in|at|a|an|the|statement|interview|last|week|"
    r"night|morning|afternoon|evening|earlier|later|this|to|reporters|with|during|recent|"
    r"recently|also|again|previously|publicly|repeatedly|privately|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|year|month|told|him|her|them|us|me|of))\s+){0,6}?"
    r"(?i:that)\b"
)
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:who|which|but|while|although|though|because)\b|;|\s+but\s|,\s+\w+ing\b|\s+despite\s"
    r"|[\s,]+(?:according to|in an? (?:interview|statement|op-ed|email|tweet|post|speech)"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Twitter|Facebook))\b"
)
# "that" in any case, as (?i:that) matches it; a class first makes the search fast
_THAT_WORD = re.compile("[Tt][Hh][Aa][Tt]")
_QUOTE_AFTER_PHRASE = re.compile(r"[^.!?;,\x00]{0,80}?[,:]\s*(?=\x00)")
_ADVERBIAL_THAT = re.compile(
    r"\s+(?i:in|on|at|during|after|before|to|with|from|for|late|early|last|earlier|later)\b"
    r"[^,.;:!?\x00]{0,80}?\s(?i:that)\b"
)
# an addressee of any words before "that": "told the inquiry that", "told a crowd in Ohio that"
_OBJECT_THAT = re.compile(
    r"(?:\s+(?!(?i:he|she|they|we|i|it|you|there|this|that|to|about|whether|if|why|how|what|when|"
    r"where|who|which|for)\b)[^\s,.;:!?\x00]+){1,6}?"
    r"\s+(?i:that)\b"
)
_LEADING_TIME = re.compile(
    r"\s+(?:(?i:late|early|on|last|this|earlier|later)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?i:week|month|year))"
    r"(?:\s+(?i:night|morning|afternoon|evening))?,?(?=\s+[a-zA-Z])"
)
_FINITE_SAY = frozenset(["said", "says", "told", "tells", "wrote", "writes", "added", "argued"])
_INVERSION_END = re.compile(
    r"\s*(?:$|[.,;:!?\x00)(—–-]|(?i:in|at|on|during|after|before|while|who|according|as|last|"
    r"this|to|from|of|with|for|about|told|adding|saying|noting|referring|via|through|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|earlier|later|recently)\b)"
)
# an agent, time or place after a passive cue ("was announced by ...", "on Monday", "in Ohio");
# not "on" a topic ("challenged on her fees")
_PASSIVE_ADVERBIAL = re.compile(
    r"\s*(?i:by|at|in|during|from|after|before|last|this|earlier|later|late|early|"
    rf"(?:on\s+)?(?:{'|'.join(sorted(load_word_classes()['time_words']))}))\b"
)
# "by" and an agent, not a means or a margin ("responded by saying", "won by 9 points")
_AGENT = re.compile(r" by (?![a-z]+ing\b|\d)")
_AFTER_AGENT = re.compile(r"\s*(?:[.,;:—–-]|(?i:and|or|but)\b)")
# then what is reported, after at most six more words ("was revealed in March that ...",
# "asked on Thursday about ...", "seen by many as ...")
_CLAUSE_AFTER_ADVERBIAL = re.compile(
    r"(?:\s+[^\s,.;:!?\x00]+){0,6}?\s+((?i:that|whether|if|about|as)\b)"
)
_CLAUSE_OPENERS = frozenset(["that", "he", "she", "they", "we", "i"])
# a clause opener right before a pronoun subject, and the pronoun and its verb in -ed
_CLAUSE_OPENING = re.compile(
    r"(?:\b(?:when|as|while|and|but|because|since|although|though|after|before)|,)\s+\Z"
)
_PRONOUN_VERB = re.compile(
    r"(he|she|we|I)\s+(?:[a-z]+ly\s+)?(?:had|has|have|was|were|is|are|did)?\s*"
    rf"(?:[a-z]+ed|{'|'.join(sorted(load_word_classes()['verb_like']))})\b"
)
_PRONOUN_WORDS = (" he ", " she ", " we ", " I ")  # not "they": things too ("after they came out")
_CLAUSE_TAIL = re.compile(r"[^;:.!?\x00]*\Z")
_OPENS_SENTENCE = frozenset(["", ":", ".", "!", "?", "—", "–", "-"])
_CLAUSE_ENDS = (",", "?", "!", ".", "…", "—", "–", "-")
_GAP_STOP = re.compile(r"[;:!?()]")
_CUE_LEMMAS = frozenset(line.split()[0].lower() for line in read_word_list("reporting_verbs.txt"))
_ADJECTIVE_ENDINGS = ("est", "ing")
_BEFORE_AFTER = frozenset(["before", "after"])
_PUNCT_AFTER = re.compile(r"\s*(?:$|[.,;:!?\x00])")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|whom)\b")
_ABBREVIATION_WORD = re.compile(r"^(?:[A-Z][a-z]{0,3}\.|(?:[A-Z]\.)+)$")
_DASH_NAME = re.compile(
    r"\s[-–—]\s+([A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|and|de|van|von)){0,4}):\s*"
)
_LEAD_IN = re.compile(
    r"\s*(?:In|On|At|During|After|Before|With|From|For|Since|Despite|Amid|Following|Under|"
    r"Alongside|Besides|Beyond|Like|Unlike|Without)\s"
    r"[^,\x00.!?;:]{0,100},"
)
_PHYSICAL_APPEARANCE = re.compile(
    r"\s+(?:at|in|on|before|with|alongside|onstage|together|outside|inside|briefly)\b"
)
_DANGLING = re.compile(r"[\s,]+(?:and|or|but|as|while)\Z")
_DANGLING_WORDS = ("and", "or", "but", "as", "while")
_BEFORE_QUOTE = re.compile(r"\s*[,:]\s*\x00")
_OBJECT_RELATIVE = re.compile(r"\b(which|whom)\s+\Z")
_CLAUSE_JOINT = re.compile(r",\s+(?:and|but)\s+(?:[^,\x00]{0,60},\s+)?\Z")
_PUNCT_OR_QUOTE = re.compile(r"[\s,.;:!?—–\-\x00()]*")
_CONFIDENCE = {"direct": 0.9, "mixed": 0.75, "indirect": 0.6}  # of a frame, by content type
_MAX_CONTENT = 3000  # chars of reported clause after a cue (quotes inside are kept whole)
_RECENT_ROWS = 8  # frames look back at this many rows and quotes at most
_MEDIAL_START = re.compile(r"\s*,\s*[^\s\x00]")
_MEDIAL_TAIL = re.compile(r"[^,.;:!?\x00]{0,60},\s*(?=\S)")
_ADVERBIAL_TAIL = re.compile(
    r"^\s*(?:[,.;:!?—–-]|$|(?i:in|on|at|during|after|before|of|about|from|with|while|when|"
    r"last|this|earlier|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"recently|yesterday|today|tonight|via|through|for|told|adding|noting|saying|"
    r"(?:late|early)\s+(?:on|in|last|this|yesterday|today|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday))\b|"
    r"to\s+(?:reporters|journalists|the|an?|[A-Z]))"
)
_WORD = re.compile(r"\w+")
# "with <subject> (adverb) <cue>": a determiner or a name opens the subject
_WITH_SUBJECT = re.compile(
    r"\b(?i:with)\s+((?:[A-Z]|(?i:the|a|an|one|many|some|several|two|three|his|her|their|its)\b)"
    r"(?:(?!\s-+\s)[^,;:.!?\x00()—–]){0,70}?)(?:\s+[a-z]+ly)?\s+\Z"
)
_SUBORDINATE = re.compile(r"\s*(?:While|Although|Though|Whereas|Because|Unless|Even though)\s")
_ASIDE_BEFORE_QUOTE = re.compile(r",\s+[a-z]+ing\s+\Z")
_GAP_BREAK = re.compile(r"[\x00.!?;:()]")
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’ -]{0,30}[A-Z]):\s")
_NAMING = frozenset(["called", "named", "dubbed", "titled", "labeled", "known", "entitled"])
_PUNCT_RUN = re.compile(r"[\s,.;:!?—–\-()]*")
WORD_CLASSES = load_word_classes()
_OBJECT_WORDS = WORD_CLASSES["object_words"]


# between the two halves of a split quote: punctuation, or an appositive ending in a comma
_SPLIT_GAP = re.compile(r"[\s,.;:!?—–\-()]*(?:$|(?:[^.!?\x00]|\.(?=\S)){0,200},\s*$)")
_NOT_BEFORE_VERB = WORD_CLASSES["not_before_verb"]
_DETERMINERS = _NOT_BEFORE_VERB | {
    "that",
    "these",
    "those",
    "subsequent",
    "recent",
    "new",
    "one",
    "another",
    "latest",
    "first",
}
_TIME_WORDS = WORD_CLASSES["time_words"]
_ADVERBS = frozenset(["then", "later", "also", "again", "quickly", "finally", "immediately"])
_BE_FORMS = frozenset(["was", "were", "is", "are", "been", "be", "being"])
_VERB_LIKE = WORD_CLASSES["verb_like"]
_RELATIVE = frozenset(["who", "which"])
_NOT_RELATIVE_HEADS = WORD_CLASSES["not_relative_heads"]
_LEAD_WORDS = WORD_CLASSES["lead_words"]
_CONJUNCTIONS = WORD_CLASSES["conjunctions"]
_NOT_SPEAKERS = WORD_CLASSES["not_speakers"]
_SHARE_WORDS = WORD_CLASSES["share_words"]
_DISPLAY_NOUNS = WORD_CLASSES["display_nouns"]
_RECORDING_NOUNS = WORD_CLASSES["recording_nouns"]
# a quote's closing mark, then a role in commas before the subject: "” the managing director, ",
# "” one marcher, "
_ROLE_AFTER_QUOTE = re.compile(
    r"\x00[\s,]*((?i:the|an?|one|another|his|her|their|its)\s(?:[^,.;:!?\x00]|(?<=[A-Z])\.|\.(?=\S)){1,60}),"
    r"\s*\Z"
)  # ("the U.S. ambassador", "St. Mary's": dots of initials and inside words)
_SHOWN = re.compile(rf"\b(?:{'|'.join(sorted(_RECORDING_NOUNS))})\s+of\s+", re.IGNORECASE)
_DISPLAY_DETERMINERS = frozenset(["a", "an", "the", "his", "her", "their", "its", "one"])
_TOKEN = re.compile(r"[^\s\x00]+")
_BOUNDARY_WORDS = WORD_CLASSES["boundaries"]
# heads of a mention of a person, beside the speaker nouns: one-word titles and roles, and
# the nouns for a person of the speakers stage ("the pope", "the witness", "the man")
_PERSON_HEADS = frozenset(
    [line.lower() for line in read_word_list("titles.txt") if " " not in line]
    + [line.split()[0].lower() for line in read_word_list("person_nouns.txt")]
    + [line.lower() for line in read_word_list("group_words.txt")]
)
_PREPOSITIONS = WORD_CLASSES["prepositions"]
_ADDRESSING = _PREPOSITIONS | {"to", "by"}  # before the name of someone addressed
_ING_OK = frozenset(["is", "was", "are", "were", "been", "be", "am", "’s", "'s", "by", "and"])
_SMALL_WORDS = WORD_CLASSES["small_words"]


def _trim(text: str, start: int, end: int, masked: str) -> Span:
    """Content edges without blanks, commas and a final stop outside quotes."""
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or (masked[end - 1] in ",.;:—–-")):
        end -= 1
    tail = max(start, end - 12)
    # the cheap test first: most contents do not end with one of the words
    dangling = masked.endswith(_DANGLING_WORDS, tail, end) and _DANGLING.search(masked, tail, end)
    if dangling:  # "... biggest employers and" (cut before a coordinated cue)
        end = dangling.start()
    return start, end


_SEGMENT_STARTS: list = [None, []]  # (segment list, their starts) of the last lookup


def _segment_starts(segments: list[Segment]) -> list[int]:
    """Start offsets of a (sorted) segment list, remembered for the last list asked."""
    if _SEGMENT_STARTS[0] is not segments:
        _SEGMENT_STARTS[:] = [segments, [seg[0] for seg in segments]]
    return _SEGMENT_STARTS[1]


def _segments_between(segments: list[Segment], start: int, end: int) -> list[Segment]:
    """Segments overlapping [start, end); bisection over the (sorted) segment list."""
    if not segments:
        return []
    starts = _segment_starts(segments)
    first = max(0, bisect.bisect_left(starts, start) - 1)
    last = bisect.bisect_left(starts, end)
    return [seg for seg in segments[first:last] if seg[0] < end and seg[1] > start]


def _content(text: str, masked: str, start: int, end: int, segments: list[Segment]):
    """Type and pieces of a content region: ("direct", pieces) / ("mixed", ...) / ..."""
    start, end = _trim(text, start, end, masked)
    if end <= start:
        return None
    inside = _segments_between(segments, start, end)
    if not inside:
        return "indirect", [(start, end)]
    if _PUNCT_OR_QUOTE.fullmatch(masked, start, end):
        return "direct", [piece for seg in inside for piece in seg[2]]
    # a region that cuts a quote in half is widened to the whole quote
    start, end = min(start, inside[0][0]), max(end, inside[-1][1])
    after = _TRAILING_CLAUSE.search(masked, inside[-1][1], min(end, inside[-1][1] + 400))
    if after is not None:
        end = after.start()
    return "mixed", [(start, end)]


def _skip_object(tail: str) -> str:
    """The tail after a cue without its addressee ("told reporters Monday" -> " Monday")."""
    position = 0
    for word in re.finditer(r"\S+", tail):
        bare = word.group().rstrip(",.;:")
        if bare.lower() not in _OBJECT_WORDS and not bare[:1].isupper():
            break
        position = word.end()
        if bare != word.group():
            break
    return tail[position:]


def _name_before_colon(masked: str, lo: int, colon: int, lexicon: Lexicon) -> Span | None:
    """A name right before a colon ("... - Michael P. McDonald: “…”"), not a headline."""
    span, _ = left_mention(masked, lo, colon, lexicon.speaker_nouns)
    if span is None:
        return None
    words = masked[span[0] : span[1]].split()
    if not words[-1][:1].isupper() or any(w.isupper() and len(w) > 3 for w in words):
        return None
    before = masked[max(lo, span[0] - 20) : span[0]].split()
    if before and before[-1].lower() in _ADDRESSING:
        return None  # "delivered a blunt message to Trump:": Trump is addressed
    return span


def _turns(text: str, pieces: list[Span]) -> list[tuple[int, list[Span]]]:
    """Pieces of a quoted transcript grouped by speaker label ("WALLACE: ...")."""
    turns: list[tuple[int, list[Span]]] = []
    for piece in pieces:
        if _TRANSCRIPT_LABEL.match(text, piece[0]) is not None or not turns:
            turns.append((piece[0], [piece]))
        else:
            turns[-1][1].append(piece)
    return turns


def _word_before_adverbs(previous: list[str]) -> str:
    """The last of the words before a cue that is no adverb, lower case and bare."""
    for word in reversed(previous):
        if not (word.endswith("ly") and word.islower()):
            return word.strip(",;:").lower()
    return ""


def _names_a_subject(previous: list[str]) -> bool:
    """Words before an -ing cue that can be its subject: "with McCain (reportedly) calling",
    "marchers chanting" - a name or a plural noun, possibly followed by an adverb."""
    index = len(previous) - 1
    if index >= 0 and previous[index].endswith("ly") and previous[index].islower():
        index -= 1  # an adverb: "McCain reportedly calling"
    if index < 0 or "\x00" in previous[index]:
        return False
    word = previous[index].strip(",;:()")
    if word[:1].isupper():
        while index > 0 and previous[index - 1][:1].isupper():
            index -= 1  # the whole name: "with Donald Trump tweeting"
    before = previous[index - 1].lower() if index > 0 else ""
    if before == "of" and index > 1 and previous[index - 2].lower() in _RECORDING_NOUNS:
        return True  # "footage of Trump saying"
    if (before in _PREPOSITIONS and before != "with") or before in {"to", "by"}:
        return False  # "an email to supporters saying", "on Facebook writing"
    if word[:1].isupper():
        return word.lower() not in _TIME_WORDS
    return word.endswith(("ers", "ors", "ists", "ans", "ents"))


def _display_mention(masked: str, lo: int, cue_start: int) -> Span | None:
    """ "a sign", "the campaign hat" before a cue: a determiner and at most three words up
    to the noun right before the cue (a bare plural, "carrying signs", is no mention)."""
    words = list(_TOKEN.finditer(masked, max(lo, cue_start - 60), cue_start))[-5:]
    for index in range(len(words) - 2, -1, -1):
        word = words[index].group()
        if word.lower() in _DISPLAY_DETERMINERS:
            return words[index].start(), words[-1].end()
        if not word.isalpha() or word.lower() in _BOUNDARY_WORDS or word.endswith("ing"):
            break  # "carrying signs": a verb, not a modifier of the noun
    return None


def _quote_run_start(masked: str, segments: list[Segment], end: int) -> int | None:
    """Start of the quotes that end right before ``end`` (only punctuation between)."""
    start = None
    position = end
    last = bisect.bisect_right(_segment_starts(segments), end)
    for seg in reversed(segments[max(0, last - _RECENT_ROWS) : last]):
        if seg[1] > position:
            continue
        gap = masked[seg[1] : position]
        if not _PUNCT_RUN.fullmatch(gap) or gap.count(" ") > 3:
            break
        start, position = seg[0], seg[0]
    return start


def _relative_clause_end(
    text: str, masked: str, start: int, hi: int, segments: list[Segment]
) -> int:
    """Where "who said ..." ends: at the next comma, inside or outside a quote."""
    comma = masked.find(",", start, hi)
    end = hi if comma < 0 else comma
    for seg in segments:
        if start <= seg[0] < end and text[seg[2][-1][0] : seg[2][-1][1]].rstrip().endswith(","):
            return seg[1]
    return end


def _sentence_quote_after_phrase(
    text: str, masked: str, cue_end: int, hi: int, segments: list[Segment]
) -> bool:
    """A short phrase, a comma or colon, then a quote that starts a sentence."""
    if masked.find("\x00", cue_end, hi) < 0:
        return False  # no quote ahead (the cheap test first)
    match = _QUOTE_AFTER_PHRASE.match(masked, cue_end, hi)
    if match is None:
        return False
    lead = masked[cue_end : match.end()].split(None, 1)
    if lead and lead[0].lower() in _CLAUSE_OPENERS:
        return False  # "said that once the Senate is in recess, “I …”": a clause, not a phrase
    first = re.search(r"\w", text[match.end() : match.end() + 6])
    if first is None or not first.group()[0].isupper():
        return False
    quote = next((seg for seg in segments if seg[0] == match.end()), None)
    return quote is None or not _looks_like_title(text, quote)


def _that_ahead(masked: str, cue_end: int, hi: int) -> int | None:
    """Start of a "that" clause after a cue and a short adverbial or addressee."""
    if _THAT_WORD.search(masked, cue_end, hi) is None:
        return None  # both patterns end with "that": the cheap test first
    match = _THAT_AHEAD.match(masked, cue_end, hi) or _ADVERBIAL_THAT.match(masked, cue_end, hi)
    return match.end() - 4 if match else None


def _combine(first: tuple[str, list[Span]], second: tuple[str, list[Span]]):
    """Type and pieces of a clause in two parts ("A, he said, B")."""
    kinds = {first[0], second[0]}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    return kind, sorted(first[1] + second[1])


def _row(kind, pieces, cue_span, speaker_span, speaker_from, confidence) -> dict:
    return {
        "quote_type": kind,
        "pieces": pieces,
        "cue_span": cue_span,
        "speaker_span": speaker_span,
        "speaker_from": speaker_from,
        "confidence": confidence,
    }


def _frames(
    text: str,
    masked: str,
    lo: int,
    hi: int,
    segments: list[Segment],
    lexicon: Lexicon,
    cues: list[Span],
):
    """Rows for the cues of one unit (a sentence, merged across quotes)."""
    nouns = lexicon.speaker_nouns
    rows: list[dict] = []
    last_speaker: Span | None = None
    boundary = lo  # where the content of a following "post" frame may start
    waiting: dict | None = None  # a frame whose content follows the unit ("He added:")
    lead_in = _LEAD_IN.match(masked, lo, hi)
    lead_in_end = lead_in.end() if lead_in else lo
    for cue_start, cue_end in cues:
        if cue_start < lead_in_end:
            continue  # "In a statement released Thursday, ...": no frame in a lead-in
        cue = masked[cue_start:cue_end]
        before = masked[max(lo, cue_start - 120) : cue_start].rstrip()
        if not before and cue_start - 120 > lo:
            before = masked[lo:cue_start].rstrip()
        if cue[0].isupper() and before:
            continue  # a name or a noun in a title: "State Department", "Says Who"
        low_cue = cue.lower()
        flags = lexicon.flags.get(low_cue) or cue_flags(lexicon, cue)
        if low_cue.startswith("appear") and _PHYSICAL_APPEARANCE.match(masked, cue_end, hi):
            continue  # "did not appear at the terminal": no attribution
        if low_cue in _NAMING and _is_naming(masked, lo, cue_start, cue_end, cue):
            continue  # "a program called BleachBit", "the hacker known as “Guccifer”"
        previous = before[-40:].split()
        prev_word = previous[-1].strip(",;:—–-").lower() if previous else ""
        if (
            "afterquote" in flags
            and not _right_after_quote(masked, lo, cue_start)
            and not _BEFORE_QUOTE.match(masked, cue_end, hi)
        ):
            continue  # "He reads the paper" is no attribution; "“…,” the sign read" is
        if prev_word in _NOT_BEFORE_VERB or prev_word.endswith(("’s", "'s", "s’", "s'")):
            continue  # a noun ("the report", "Obama's plan") or an infinitive ("to say")
        if low_cue.endswith(("ed", "wn", "id", "ld", "en")) and (
            # "was (widely) reported"; "Democrats are worried that ..." is no passive
            (_word_before_adverbs(previous) in _BE_FORMS and "thought" not in flags)
            # or an agent without "be": "figures released by the police" (not "said by phone")
            or (low_cue not in _FINITE_SAY and _AGENT.match(masked, cue_end, hi) is not None)
        ):
            # a passive ("Trump was asked whether ...", "the winner was declared"): the
            # subject is not the speaker; the agent after "by" is
            speaker, after = None, cue_end
            if masked.startswith(" by ", cue_end):
                speaker = right_mention(masked, cue_end + 4, hi, nouns)
                after = speaker[1] if speaker else cue_end
            # but "as reported by CNN, ...": the content follows the comma
            agent = speaker is not None and prev_word != "as"
            # "Asked by Lauer whether ..., she said ...": an opening clause ends at its comma
            end = _opening_clause_end(text, masked, after, hi, segments) if not before else hi
            content = _passive_content(text, masked, after, end, segments, agent)
            if content is not None:
                rows.append(_row(*content, (cue_start, cue_end), speaker, "cue", 0.5))
            continue
        if "noun" in flags:
            words = [w for w in previous if "\x00" not in w]
            if any(w.lower() in _DETERMINERS for w in words[-2:]):
                continue  # "a subsequent tweet"
            if (
                words
                and words[-1][:1].isupper()
                and not words[-1].endswith("s")
                and not cue.endswith("s")
            ):
                continue  # "the Apple Music show": a bare form after a name is a noun
        if (
            previous
            and previous[-1].endswith(_ADJECTIVE_ENDINGS)
            and _noun_after_adjective(low_cue, previous)
        ):
            continue  # "her primary challenge", "the biggest challenges", "her opening remarks"
        if (
            low_cue.endswith("ing")
            and " " not in cue  # "Braynard is quoted as saying" is a finite phrase
            and (not before or before[-1] not in ",\x00—–-:")
            and prev_word not in _ING_OK
            and (len(previous) <= 2 or prev_word in _PREPOSITIONS)
            and not (prev_word in _BEFORE_AFTER and len(previous) > 2 and "speech" in flags)
        ):
            # "Besides attacking ..., Trump said", "praised him for showing"; but "Lund
            # thanked him, before adding that ..." reports what Lund added
            if not before:  # the participle opens the sentence
                opening = _opening_participle(text, masked, cue_end, hi, segments, nouns)
                if opening is not None:
                    rows.append(_row(*opening[0], (cue_start, cue_end), opening[1], "cue", 0.6))
            continue
        if _is_modifier_use(masked, cue_start, cue_end, hi, cue, flags, previous, nouns):
            continue  # "missed warning signs", "the anger felt in the valley"
        if low_cue == "according to":
            speaker = right_mention(masked, cue_end, hi, nouns)
            after = speaker[1] if speaker else cue_end
            if not before or lo == cue_start:
                # "According to some on Twitter, Kelly was ...": the content follows the comma
                comma = masked.find(",", after, min(hi, after + 80))
                if comma >= 0 and "\x00" not in masked[after:comma]:
                    after = comma + 1
                content = _content(text, masked, after, hi, segments)
            else:
                reported = _frame_just_before(masked, rows, cue_start) if speaker else None
                if reported is not None:
                    # "“…,” Sanders said Monday, according to CNN": Sanders spoke, CNN
                    # only relays it. But "55 percent said they ..., according to a poll":
                    # the poll is the source (PolNeAR credits the outermost source always)
                    if not _is_speaker(masked, reported["speaker_span"], nouns):
                        reported["speaker_span"] = speaker
                        reported["cue_span"] = (cue_start, cue_end)
                    boundary = max(boundary, after)
                    continue
                content = _content(text, masked, boundary, cue_start, segments)
            if content:
                rows.append(_row(*content, (cue_start, cue_end), speaker, "cue", 0.7))
            continue
        last_char = before[-1:] if before else ""
        inverted = relative = False
        speaker = None
        participle = (
            " " not in cue
            and low_cue.endswith("ing")
            and prev_word not in _ING_OK
            and _word_before_adverbs(previous) not in _BE_FORMS  # "was privately pressing"
        )
        subject_start = cue_start
        with_subject = (
            _WITH_SUBJECT.search(masked, max(lo, cue_start - 100), cue_start)
            if participle
            else None
        )
        if with_subject is not None:
            # "with the American Federation of Teachers calling her ...": the phrase
            # between "with" and the -ing form is its subject
            speaker, subject_start = with_subject.span(1), with_subject.start(1)
        elif participle and prev_word in _DISPLAY_NOUNS and last_char not in ",\x00—–-:":
            # "held up a sign saying “…”": the sign says it
            speaker = _display_mention(masked, lo, cue_start)
            subject_start = speaker[0] if speaker else cue_start
        elif (
            participle
            and previous
            and last_char not in ",\x00—–-:"
            and prev_word not in _TIME_WORDS
            and _names_a_subject(previous)
        ):
            # "with Sen. John McCain calling it ...", "marchers chanting ..."
            speaker, subject_start = left_mention(masked, lo, cue_start, nouns)
            if speaker is None:
                subject_start = cue_start
            elif (shown := _SHOWN.search(masked, speaker[0], speaker[1])) is not None:
                # "The ad uses footage of Hillary Clinton asking": the one shown
                speaker, subject_start = (shown.end(), speaker[1]), shown.end()
        if participle:
            pass
        elif "speech" in flags and (not before or last_char in ",\x00—–-"):
            # "“…,” Sarandon, 69, told MSNBC": a subject right after the quote wins
            speaker, subject_start = left_mention(masked, lo, cue_start, nouns)
            role = (
                _ROLE_AFTER_QUOTE.search(masked, lo, subject_start)
                if speaker is not None and subject_start > lo
                else None
            )
            if role is not None:
                # "“…,” the company's managing director, Walter Pemberton, said": the
                # role goes with the name, not with the quote
                subject_start = role.start(1)
            if speaker is None or masked[lo:subject_start].rstrip(" ,")[-1:] not in ("\x00", ""):
                speaker, subject_start = None, cue_start
                aside = (
                    _ASIDE_BEFORE_QUOTE.search(
                        masked, lo, _quote_run_start(masked, segments, cue_start) or lo
                    )
                    if last_char == "\x00"
                    else None
                )
                if aside is not None:
                    # "Mr. Manafort, citing “…,” said the candidate ...": the subject is
                    # before the aside, and the content follows the cue
                    speaker, subject_start = left_mention(masked, lo, aside.start(), nouns)
                    if speaker is None:
                        subject_start = cue_start
                elif "object" not in flags or low_cue != "told":
                    speaker = right_mention(masked, cue_end, hi, nouns)
                    if (
                        speaker is not None
                        and last_char != "\x00"
                        and not (_INVERSION_END if low_cue in _FINITE_SAY else _PUNCT_AFTER).match(
                            masked, speaker[1], hi
                        )
                    ):
                        # "Pantucci, at the institute, said China and ...", "Ann Lund, an
                        # aide, endorsed Ruiz last week": no inversion after a comma
                        speaker = None
                    inverted = speaker is not None
        if speaker is None and not participle:
            speaker, subject_start = left_mention(masked, lo, cue_start, nouns)
            widened = _name_after_quote(text, masked, lo, speaker[0]) if speaker else None
            if widened is not None:
                # "“…,” Mr. Morgan of the Sierra Club said": the whole name after the quote
                speaker, subject_start = (widened, speaker[1]), widened
            elif (
                segments
                and last_char != "\x00"
                and segments[0][0] < cue_start
                and masked[lo : segments[0][0]].rstrip()[-1:] in _OPENS_SENTENCE
                and not (speaker and masked[max(lo, speaker[0] - 2) : speaker[0]].strip() == ",")
            ):
                # the cheap tests first: the unit opens with quotes before the cue
                # "“…,” experts Dana Holt and Mara Quist of the institute wrote": the
                # subject runs from the quote to the cue
                after_quote = _subject_after_quote(
                    text, masked, lo, cue_start, nouns, cues, segments, speaker
                )
                if after_quote is not None:
                    speaker, subject_start = after_quote, after_quote[0]
        relative_word = (
            next((w for w in reversed(previous[-5:]) if w.strip(",").lower() in _RELATIVE), None)
            if speaker is None and not participle
            else None
        )
        if (
            relative_word is None
            and speaker is None
            and not participle
            and "speech" in flags
            and "that" in previous
            and _common_noun_and_that(previous)
        ):
            relative_word = "that"  # "a sign that read", "a message that said"
        if relative_word is not None:
            # "Jane Doe, who (in 2010) said ...": the mention as written is the pronoun
            prev_word = relative_word.strip(",").lower()
            where = masked.rfind(relative_word, lo, cue_start)
            speaker, subject_start = (where, where + len(prev_word)), where
            relative = True
        core = (
            [w for w in previous if w.strip(",").lower() not in _ADVERBS] if speaker is None else []
        )
        if len(core) >= 2 and core[-1].lower() == "and":
            # "he laughed and (then) said": the subject of the verb before "and"
            verb = core[-2].strip(",;:")
            if verb.islower() and verb.isalpha() and (verb.endswith("ed") or verb in _VERB_LIKE):
                # "Ms. Sherry smiled and said": the subject right before the first verb
                verb_start = masked.rfind(core[-2], lo, cue_start)
                speaker, _ = left_mention(masked, lo, verb_start, nouns)
            speaker = (
                speaker
                or _adverbial_pronoun(masked, lo, cue_start)
                or last_speaker
                or clause_subject(masked, lo, cue_start, nouns)
            )
            if speaker is not None:
                participle = True
        if inverted:
            # "Said Jane Doe, “…”" or "But, said Jane Doe, “…”" opens a sentence: content follows
            post = any(w.strip(",").lower() not in _LEAD_WORDS for w in before.split())
        elif speaker is not None and not participle:
            lead = masked[max(lo, subject_start - 200) : subject_start].rstrip()
            # content before the frame only after a comma, a quote or a dash
            post = bool(lead) and lead[-1] in ",\x00—–-"
            mark = max(lo, subject_start - 200) + len(lead) - 1  # the last quote's end
            if lead[-1:] == "\x00" and not _quote_ends_clause(text, mark):
                run_start = _quote_run_start(masked, segments, subject_start) or lo
                word = masked[max(lo, run_start - 40) : run_start].split()[-1:]
                # "were “bad dudes” who were seeking ...": a term inside a clause (but
                # "Marcia “Cia” Price" may be a name)
                post = not (word and word[0].isalpha() and word[0].islower())
            if not post and lead.endswith((", as", "\x00 as")):
                lead = lead[:-3].rstrip()  # "“…,” as Cruz said on the radio": the quote
                post = True
            if post:
                tail = masked[cue_end : min(hi, cue_end + 400)]
                tail_text = tail.split("\x00", 1)[0]
                if "object" in flags:
                    tail_text = _skip_object(tail_text)
                after_quote = lead.rstrip(",")[-1:] == "\x00"
                if after_quote:
                    # a quote that opens its clause, not a title in a phrase ("On “This Week,”")
                    run_start = _quote_run_start(masked, segments, subject_start)
                    gap = masked[boundary:run_start].strip() if run_start is not None else ""
                    after_quote = (
                        not gap or gap[-1] in ":.!?—–-" or not _WORD.search(gap)
                    ) and not _object_of_cue(masked, rows, run_start)
                quote_follows = "\x00" in tail
                post = not tail_text.lstrip().startswith(":") and (
                    after_quote
                    or (
                        _ADVERBIAL_TAIL.match(tail_text) is not None
                        and (not quote_follows or _MEDIAL_START.match(tail) is not None)
                        and _THAT_AHEAD.match(tail_text) is None
                    )
                )
        else:
            # participle or coordinated verb: "..., adding that", "and added"
            if not (
                participle
                or (last_char and last_char in ",\x00:")
                or prev_word in {"and", "by", "before", "after"}
                or ("speech" in flags and low_cue in _FINITE_SAY)
            ):
                continue
            speaker = (
                speaker
                or _adverbial_pronoun(masked, lo, cue_start)
                or last_speaker
                or clause_subject(masked, lo, cue_start, nouns)
                or subject_mention(masked, lo, cue_start, nouns)
            )
            post = False
            separated = (last_char and last_char in ",;:—–-\x00") or prev_word == "and"
            if rows and rows[-1]["pieces"] and rows[-1]["quote_type"] != "direct" and separated:
                last = rows[-1]["pieces"][-1]
                cut = _content(text, masked, last[0], min(last[1], subject_start), segments)
                if cut:
                    rows[-1]["quote_type"], rows[-1]["pieces"] = cut
        if post:
            start_at = boundary
            run_start = _quote_run_start(masked, segments, subject_start)
            if run_start is not None and run_start < boundary:
                # "he said he was busy: “…,” he wrote": the quote belongs to this frame
                start_at = max(lo, run_start)
                recent = [
                    row
                    for row in rows[-_RECENT_ROWS:]
                    if not (
                        row["quote_type"] == "direct"
                        and all(start_at <= s and e <= subject_start for s, e in row["pieces"])
                    )
                ]
                rows = rows[: max(0, len(rows) - _RECENT_ROWS)] + recent
            cut_at = min(start_at, subject_start)
            if (
                start_at >= subject_start
                and "speech" in flags
                and not (inverted and not _names_someone(masked, speaker, nouns))
                and _lower_word_before(masked, lo, subject_start) not in _CONJUNCTIONS
                and any(
                    row["quote_type"] != "direct"
                    and row["pieces"][-1][0] <= subject_start < row["pieces"][-1][1]
                    for row in rows[-_RECENT_ROWS:]
                )
            ):
                # "Mr. Trump intends to ..., Mr. Manafort said": the frame before took the
                # clause to the sentence end; the clause is this frame's content
                start_at, cut_at = lead_in_end, subject_start
            for row in rows[-_RECENT_ROWS:]:  # an earlier clause ends where this one starts
                last = row["pieces"][-1]
                if row["quote_type"] != "direct" and last[0] < cut_at < last[1]:
                    cut = _content(text, masked, last[0], cut_at, segments)
                    if cut:
                        row["quote_type"], row["pieces"] = (
                            _combine((cut[0], row["pieces"][:-1]), cut)
                            if len(row["pieces"]) > 1
                            else cut
                        )
            content = _content(text, masked, start_at, subject_start, segments)
            if content and content[0] == "direct":
                # split quote: "“A,” she said, “B.”" - quotes right after the frame join
                tail_start = (speaker[1] if inverted and speaker else cue_end) or cue_end
                first = bisect.bisect_left(_segment_starts(segments), tail_start)
                for seg in segments[first:]:
                    if not _SPLIT_GAP.match(masked, tail_start, seg[0]):
                        break
                    content[1].extend(seg[2])
                    tail_start = seg[1]
                boundary = tail_start
            else:
                boundary = max(cue_end, speaker[1] if speaker else cue_end)
                # "A, he said, B": the clause goes on after the frame
                medial = _MEDIAL_TAIL.match(masked, boundary, hi)
                following = next((seg for seg in segments if seg[0] >= boundary), None)
                rest_start = medial.end() if medial else hi
                if medial and following and _SPLIT_GAP.match(masked, boundary, following[0]):
                    rest_start = following[0]  # "…,'' said X, a former aide. ''…''"
                if (
                    content
                    and medial
                    and (not inverted or _lower_quote_at(text, following, medial.end()))
                    and all(
                        start != medial.end() or not masked.endswith("ing", start, end)
                        for start, end in cues
                    )
                ):
                    # but not "A, he said, adding B": the participle frames B itself
                    rest = _content(text, masked, rest_start, hi, segments)
                    if rest and len(text[rest[1][0][0] : rest[1][-1][1]].split()) >= 2:
                        content = _combine(content, rest)
                        boundary = hi
        else:
            start = cue_end
            if speaker is not None and not participle and subject_start > lo:
                # "X said A, and when asked B, he said C": A ends at ", and"
                joint = _CLAUSE_JOINT.search(masked, max(lo, subject_start - 80), subject_start)
                if joint is not None:
                    for row in rows:
                        last = row["pieces"][-1]
                        if row["quote_type"] != "direct" and last[0] < joint.start() < last[1]:
                            cut = _content(text, masked, last[0], joint.start(), segments)
                            if cut is not None and len(row["pieces"]) == 1:
                                row["quote_type"], row["pieces"] = cut
            if inverted and speaker is not None:
                start = speaker[1]
                following = next((seg for seg in segments if seg[0] >= start), None)
                if following is not None and _SPLIT_GAP.match(masked, start, following[0]):
                    start = following[0]
            elif _sentence_quote_after_phrase(text, masked, cue_end, hi, segments):
                # "said about the movement, “I …”", "responded with a phrase: “Do …”"
                start = _QUOTE_AFTER_PHRASE.match(masked, cue_end, hi).end()
            elif "object" in flags or (that := _that_ahead(masked, cue_end, hi)):
                if "object" in flags:
                    that = _that_ahead(masked, cue_end, hi)
                if not that and "object" in flags:
                    addressee = _OBJECT_THAT.match(masked, cue_end, hi)
                    that = addressee.end() - 4 if addressee else None
                if that:
                    start = that
                elif "object" in flags:
                    for word in re.finditer(r"\S+", masked[cue_end:hi]):
                        if word.group().strip(",").lower() not in _OBJECT_WORDS and not (
                            word.group()[:1].isupper()
                        ):
                            break
                        start = cue_end + word.end()
            if start == cue_end:
                lead_time = _LEADING_TIME.match(masked, cue_end, hi)
                if lead_time:  # "tweeted Tuesday night he ...": the content starts after
                    start = lead_time.end()
            inner = _RELATIVE_CLAUSE.search(masked, max(lo, cue_start - 120), cue_start)
            if relative or (inner is not None and "," not in masked[inner.end() : cue_start]):
                # the frame sits in a "who ..." clause: its content ends with the clause
                end = _relative_clause_end(text, masked, start, hi, segments)
            elif _SUBORDINATE.match(masked, lo) and "," not in masked[lo:cue_start]:
                # "While X did not disclose Y, he did say ...": the clause ends at its comma
                comma = masked.find(",", start, hi)
                end = hi if comma < 0 else comma
            else:
                end = hi
            end = min(end, start + _MAX_CONTENT)  # a run-on "sentence" of a broken page
            content = _content(text, masked, start, end, segments)
            boundary = hi
            if content is not None and speaker is not None and not relative:
                # "bodies, which he called “a cartel”": the pronoun is the thing called
                near = max(lo, speaker[0] - 8)
                pronoun = masked.find("wh", near, speaker[0]) >= 0 and _OBJECT_RELATIVE.search(
                    masked, near, speaker[0]
                )
                if pronoun:
                    kind = "indirect" if content[0] == "indirect" else "mixed"
                    content = (kind, [pronoun.span(1), *content[1]])
        if content is None:
            if speaker is not None and not post:
                waiting = _row("direct", [], (cue_start, cue_end), speaker, "cue", 0.8)
            continue
        waiting = None
        kind, pieces = content
        confidence = _CONFIDENCE[kind]
        if speaker is None:
            confidence -= 0.2
        rows.append(_row(kind, pieces, (cue_start, cue_end), speaker, "cue", confidence))
        if speaker is not None and (
            len(rows) == 1
            or not any(
                row["pieces"][0][0] <= cue_start < row["pieces"][-1][1]
                for row in rows[-_RECENT_ROWS:-1]
            )
        ):
            last_speaker = speaker  # the speaker of the last frame not inside another one
    return rows, waiting


def _passive_content(
    text: str, masked: str, start: int, hi: int, segments: list[Segment], agent: bool
):
    """The content of a passive after its cue and agent (``agent``: one was found): none
    when it is only an agent, time or place ("were announced on Wednesday evening",
    "released by the police on Thursday"), nor what goes on after the agent with a comma
    or "and" (more agents, an apposition, the main clause: "a bill opposed by Republicans,
    never became law"); a clause or an "about"/"as" phrase right after such a phrase is the
    content ("it was revealed in March that ...")."""
    if agent and _RELATIVE_CLAUSE.match(masked, start) is not None:
        # the agent's relative clause is no content; one may follow its comma ("accused
        # by a reporter, who worked for him, of grabbing her")
        comma = masked.find(",", start + 1, hi)
        if comma < 0:
            return None
        start = comma + 1
    elif agent and _AFTER_AGENT.match(masked, start, hi) is not None:
        return None
    content = _content(text, masked, start, hi, segments)
    if content is None or content[0] == "direct":
        return content
    adverbial = _PASSIVE_ADVERBIAL.match(masked, start, hi)
    if adverbial is None:
        return content
    clause = _CLAUSE_AFTER_ADVERBIAL.match(masked, adverbial.end(), hi)
    return _content(text, masked, clause.start(1), hi, segments) if clause else None


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_PLACE_PREPOSITIONS = frozenset(["in", "across", "among", "throughout", "by", "over", "at"])


def _is_modifier_use(
    masked: str,
    cue_start: int,
    cue_end: int,
    hi: int,
    cue: str,
    flags: frozenset[str],
    previous: list[str],
    nouns: frozenset[str],
) -> bool:
    """A cue word that modifies a noun: "missed warning signs" (an -ing form between a
    verb and a plural noun), "the anger felt in the valley" (a reduced relative after a
    common noun that is no speaker)."""
    if len(previous) < 2 or "\x00" in previous[-1]:
        return False
    prev, before = previous[-1], previous[-2].lower()
    if not (prev.isalpha() and prev.islower()):
        return False
    low = cue.lower()
    ing = low.endswith("ing")
    if ing and " " not in low:
        if not prev.endswith("ed"):
            return False
    elif ing or "speech" in flags or before not in {"the", "a", "an"} or prev in nouns:
        return False
    following = _NEXT_WORD.match(masked, cue_end, hi)
    if following is None:
        return False
    after = following.group(1)
    if ing and " " not in low:
        return after.endswith("s") and after not in _SMALL_WORDS and not _names_a_subject(previous)
    return after in _PLACE_PREPOSITIONS


def _looks_like_title(text: str, segment: Segment) -> bool:
    """Title Case or ALL CAPS content: a headline, a book or a show, not speech."""
    words = [w for s, e in segment[2] for w in text[s:e].split() if w[:1].isalpha()]
    if len(words) < 2:
        return False
    if all(w.isupper() for w in words):
        return True
    content = lower = 0
    for word in words:
        if word.lower() in _SMALL_WORDS:
            continue
        content += 1
        if not word[:1].isupper():
            lower += 1
            if 10 * lower > 3 * len(words):
                return False  # more than 30% lower case, however many words are small
    return content - lower >= 0.7 * content  # 70% of the content words capitalized


def _is_naming(masked: str, lo: int, cue_start: int, cue_end: int, cue: str) -> bool:
    low = cue.lower()
    if low not in _NAMING:
        return False
    if low == "known" or masked.startswith(" as", cue_end):
        return True
    before = masked[max(lo, cue_start - 40) : cue_start].split()[-4:]
    return (
        len(before) >= 2
        and before[-1].islower()
        and any(w.lower() in {"a", "an"} for w in before[:-1])
        and not any(w.lower() in _BE_FORMS or w.endswith(",") for w in before)
    )


def _lower_quote_at(text: str, segment: Segment | None, position: int) -> bool:
    """Whether a quote that goes on with a sentence (lower case) starts at ``position``:
    "A, explained Rosen, “with this being over ...”"."""
    if segment is None or segment[0] != position:
        return False
    first = re.search(r"\w", text[segment[2][0][0] : segment[2][0][0] + 6])
    return first is not None and first.group().islower()


def _subject_after_quote(
    text: str,
    masked: str,
    lo: int,
    cue_start: int,
    nouns: frozenset[str],
    cues: list[Span],
    segments: list[Segment],
    found: Span | None,
) -> Span | None:
    """The subject opening the words between a quote that ends a clause ("…,”) and a cue,
    when those words are one noun phrase, however long (no verb, stop or other cue);
    None when it is the mention ``found`` before the cue."""
    window = max(lo, cue_start - 200)
    quote = masked.rfind("\x00", window, cue_start)
    if quote < 0 or (found is not None and not masked[quote + 1 : found[0]].strip()):
        return None  # no quote before, or the mention found starts right after it
    if not _quote_ends_clause(text, quote):
        return None  # a quoted term inside a sentence ("a “regional” candidate") ends no clause
    gap = masked[quote + 1 : cue_start].split()
    if not gap or len(gap) > 16 or _GAP_STOP.search(masked, quote + 1, cue_start):
        return None
    if any(w.endswith(".") and not _ABBREVIATION_WORD.match(w) for w in gap):
        return None  # a sentence ends between them
    if any(quote < start < cue_start for start, _ in cues):
        return None
    run_start = _quote_run_start(masked, segments, quote + 1)
    opening = masked[lo : lo if run_start is None else run_start].rstrip()
    if opening and opening[-1] not in ":.!?—–-":
        return None  # the quotes do not open the sentence: "X denounced “…,” many said"
    mention = right_mention(masked, quote + 1, cue_start, nouns)
    if mention is None or masked[quote + 1 : mention[0]].strip():
        return None
    return mention


def _quote_ends_clause(text: str, mark: int) -> bool:
    """True when the quote whose closing mark is at ``mark`` ends with a punctuation mark
    ("“…,” she said"), unlike a quoted term inside a clause ("going into “overdrive” to")."""
    return text[max(0, mark - 6) : mark + 1].rstrip("\"”’'“‘ \xa0").endswith(_CLAUSE_ENDS)


def _name_after_quote(text: str, masked: str, lo: int, mention_start: int) -> int | None:
    """Start of a short name phrase between a quote that ends a clause and a mention found
    inside that phrase ("“…,” Mr. Morgan of the Sierra Club said")."""
    before = masked[max(lo, mention_start - 80) : mention_start]
    if "\x00" not in before:
        return None
    quote_end = mention_start - len(before) + before.rindex("\x00") + 1
    if not _quote_ends_clause(text, quote_end - 1):
        return None
    gap = masked[quote_end:mention_start]
    start = quote_end + len(gap) - len(gap.lstrip(" ,\xa0"))
    words = masked[start:mention_start].split()
    if not words or len(words) > 6 or "," in masked[start:mention_start]:
        return None
    if any(w.endswith(".") and not _ABBREVIATION_WORD.match(w) for w in words):
        return None
    if not (words[0][:1].isupper() or words[0].lower() in _DETERMINERS):
        return None
    return start


def _dash_name_colon(
    text: str, masked: str, lo: int, hi: int, segments: list[Segment], rows: list[dict]
) -> list[dict]:
    """ "HEADLINE - Jane Doe: “…”" (digest style): the quote is Jane Doe's; a frame
    before the dash ends there."""
    for match in _DASH_NAME.finditer(masked, lo, hi):
        quote = next((seg for seg in segments if seg[0] == match.end()), None)
        if quote is None:
            continue
        kept = []
        for row in rows:
            first, last = row["pieces"][0], row["pieces"][-1]
            if first[0] < match.start() < last[1]:
                cut = _content(text, masked, first[0], match.start(), segments)
                if cut is None:
                    continue
                row = {**row, "quote_type": cut[0], "pieces": cut[1]}
            elif first[0] >= match.start() and last[1] <= quote[1]:
                continue
            kept.append(row)
        name = match.span(1)
        colon = match.end(1)
        kept.append(_row("direct", list(quote[2]), (colon, colon + 1), name, "cue", 0.8))
        rows = kept
    return rows


def _names_someone(masked: str, span: Span | None, nouns: frozenset[str]) -> bool:
    """A mention with a name in it or a speaker noun at its head ("Lee Epstein", "a
    spokesman"), not any noun phrase ("a 12 percent rise")."""
    if span is None:
        return False
    words = masked[span[0] : span[1]].split()
    named = [w for w in words if w[:1].isupper() and w.lower() not in _DETERMINERS]
    return bool(named) or words[-1].strip(",.").lower() in nouns


def _is_speaker(masked: str, span: Span | None, nouns: frozenset[str]) -> bool:
    """A mention of someone who speaks for themselves: a name, a personal pronoun, a title,
    role or organisation ("Sanders", "she", "the judge"); not a share of a group, a
    quantifier or a vague pronoun ("55 percent of voters", "some", "they", "who")."""
    if span is None:
        return False
    mention = masked[span[0] : span[1]]
    first = mention.split(None, 1)[0].strip(",").lower()
    if first in _NOT_SPEAKERS or any(char.isdigit() for char in mention):
        return False
    if any(word.lower() in _SHARE_WORDS for word in mention.split()):
        return False  # "the vast majority of voters"
    if first in PRONOUNS or _names_someone(masked, span, nouns):
        return True
    return mention.split()[-1].strip(",.").lower() in _PERSON_HEADS


def _lower_word_before(masked: str, lo: int, position: int) -> str:
    """The word before ``position`` (and the punctuation after it), lower case."""
    words = masked[max(lo, position - 40) : position].split()
    return words[-1].strip(",;:").lower() if words else ""


def _common_noun_and_that(previous: list[str]) -> bool:
    """The words before a cue end with a common noun and "that" (adverbs aside)."""
    core = [w for w in previous if not (w.endswith("ly") and w.islower())]
    return len(core) >= 2 and core[-1] == "that" and _is_common_noun(core[-2])


def _is_common_noun(word: str) -> bool:
    """A lower-case word that can head a noun phrase before a relative "that" ("bottles",
    "message"), not a verb or a conjunction ("said that", "so that")."""
    return (
        word.isalpha()
        and word.islower()
        and not word.endswith("ed")
        and word not in _VERB_LIKE
        and word not in _NOT_RELATIVE_HEADS
    )


def _frame_just_before(masked: str, rows: list[dict], position: int) -> dict | None:
    """The outermost row whose cue, speaker and content end just before ``position``, or
    a comma and at most a few words before it ("said Monday in Cheyenne, ")."""
    found = None
    for row in reversed(rows[-_RECENT_ROWS:]):
        ends = [row["pieces"][-1][1]] if row["pieces"] else []
        ends += [span[1] for span in (row["cue_span"], row["speaker_span"]) if span is not None]
        end = max(ends, default=position + 1)
        gap = masked[end:position]
        if end > position or len(gap.split()) > 8 or _GAP_BREAK.search(gap) is not None:
            break
        if gap.strip() and not gap.rstrip().endswith(","):
            break
        if found is None or (row["pieces"] and row["pieces"][0][0] < found["pieces"][0][0]):
            found = row  # "55 percent said they do not believe “…”, according to a poll"
    return found


def _noun_after_adjective(low_cue: str, previous: list[str]) -> bool:
    """A cue form that is a noun after a determiner and an adjective: "her primary
    challenge", "the biggest challenges" (the adjective known by its ending)."""
    if len(previous) < 2 or previous[-2].lower() not in _DETERMINERS:
        return False
    word = previous[-1]
    if not (word.isalpha() and word.islower()):
        return False
    noun_form = low_cue in _CUE_LEMMAS or low_cue[:-1] in _CUE_LEMMAS  # "remark(s)"
    return noun_form and word.endswith(_ADJECTIVE_ENDINGS)  # not "the two write"


def _opening_clause_end(
    text: str, masked: str, start: int, hi: int, segments: list[Segment]
) -> int:
    """Where a clause opening a sentence ends: at its comma, inside a quote too."""
    end = masked.find(",", start, hi)
    end = hi if end < 0 else end
    for seg in _segments_between(segments, start, end):
        if text[seg[2][-1][0] : seg[2][-1][1]].rstrip().endswith(","):
            return min(end, seg[1])  # the comma inside the quote closes the clause
    return end


def _opening_participle(
    text: str, masked: str, cue_end: int, hi: int, segments: list[Segment], nouns: frozenset[str]
):
    """Content and subject of a participle clause opening a sentence: in "Citing “…,” Will
    urged ...", the clause up to its comma is what Will cites. ((kind, pieces), speaker)"""
    end = _opening_clause_end(text, masked, cue_end, hi, segments)
    if end >= hi:
        return None
    speaker = subject_mention(masked, end + 1, hi, nouns)
    content = _content(text, masked, cue_end, end, segments)
    if speaker is None or content is None:
        return None
    return content, speaker


def _adverbial_pronoun(masked: str, lo: int, cue_start: int) -> Span | None:
    """The pronoun subject of the last adverbial clause before ", <participle>": in "Lund
    acknowledged it even as she defended the speech, saying ...", the mention is "she"."""
    window = max(lo, cue_start - 200)
    positions = []  # of the pronouns (found by str.find: most windows have none)
    for word in _PRONOUN_WORDS:
        position = masked.find(word, window, cue_start)
        while position >= 0:
            positions.append(position + 1)
            position = masked.find(word, position + 1, cue_start)
    for position in sorted(positions, reverse=True):
        match = _PRONOUN_VERB.match(masked, position, cue_start)
        if match is None or not _CLAUSE_OPENING.search(masked, max(lo, position - 12), position):
            continue
        if masked.count(",", match.end(), cue_start) > 2:
            return None
        return match.span(1) if _CLAUSE_TAIL.match(masked, match.end(), cue_start) else None
    return None


def _object_of_cue(masked: str, rows: list[dict], run_start: int | None) -> bool:
    """Whether the quotes at ``run_start`` follow a frame's cue right away: in "what Dale
    called “the old model,” the club charged ...", they are the object of "called"."""
    if run_start is None:
        return False
    for row in rows[-_RECENT_ROWS:]:
        cue = row["cue_span"]
        if cue is not None and cue[1] <= run_start and not masked[cue[1] : run_start].strip():
            return True
    return False


def _right_after_quote(masked: str, lo: int, cue_start: int) -> bool:
    """A quote, then at most a short subject, then the cue ("“…,” the email read")."""
    before = masked[max(lo, cue_start - 80) : cue_start]
    if "\x00" not in before:
        return False
    gap = before[before.rindex("\x00") + 1 :]
    return len(gap.split()) <= 6 and "." not in gap
