"""Find quotes in one text (``find_quotes``) and in a table of articles (``extract_quotes``).

How it works, per sentence (sentences that a quote runs across are merged first):

1. quotation marks are paired into segments (:mod:`analysis.quotes.marks`), and a
   *masked* copy of the text blanks them out, so cues and speakers are only looked for
   outside quotes;
2. every reporting cue outside quotes opens a *frame*: its speaker mention (before the
   cue, after it for "said Putin" / "according to X", or the clause subject for
   "..., adding that ...") and its content: after the cue ("X said (that) ...") or
   before it ("..., X said.", "“...,” said X");
3. the content's type follows the quotation marks in it: ``direct`` when it is all
   quotes (the pieces go to ``content_spans``: "“A,” she said, “B.”" is one row),
   ``mixed`` when partly quoted, ``indirect`` when not quoted at all;
4. quotes without a cue of their own: a quote-only sentence continues the previous
   direct quote of its paragraph, follows a colon frame ("He said:"), or stands alone
   with the previous speaker's mention (``speaker_from`` = "previous"); a short quoted
   term inside a sentence without a cue is a scare quote or a title, not a quote.
"""

from __future__ import annotations

import bisect
import re

from analysis.quotes.lexicon import (
    Lexicon,
    cue_flags,
    first_cue,
    iter_cues,
    load_lexicon,
    load_word_classes,
)
from analysis.quotes.marks import Segment, Span, find_quote_segments
from analysis.quotes.mentions import (
    clause_subject,
    left_mention,
    right_mention,
    subject_mention,
    verb_after_quote,
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev|Inc|Co|Corp|"
    r"No|vs|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Ft|Mt|Ave|U\.S|D\.C|a\.m|p\.m)|\b[A-Z])"
    r"\.[\"”’']*\s+$"
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
)
_QUOTE_AFTER_PHRASE = re.compile(r"[^.!?;,\x00]{0,80}?[,:]\s*(?=\x00)")
_ADVERBIAL_THAT = re.compile(
    r"\s+(?i:in|on|at|during|after|before|to|with|from|for|late|early|last|earlier|later)\b"
    r"[^,.;:!?\x00]{0,80}?\s(?i:that)\b"
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
_AFTER_ATTRIBUTION = re.compile(
    r"\s*(?:,|(?i:of|in|at|on|during|after|when|while|before|to|about|as|from)\b)"
)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|whom)\b")
_ENDS_SENTENCE_BEFORE = re.compile(r"[.!?]\s*\Z")
_ABBREVIATION_WORD = re.compile(r"^(?:[A-Z][a-z]{0,3}\.|(?:[A-Z]\.)+)$")
_DASH_NAME = re.compile(
    r"\s[-–—]\s+([A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|and|de|van|von)){0,4}):\s*"
)
_MEDIAL_START = re.compile(r"\s*,\s*[^\s\x00]")
_MEDIAL_TAIL = re.compile(r"[^,.;:!?\x00]{0,60},\s*(?=\S)")
_ADVERBIAL_TAIL = re.compile(
    r"^\s*(?:[,.;:!?—–-]|$|(?i:in|on|at|during|after|before|of|about|from|with|while|when|"
    r"last|this|earlier|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"recently|yesterday|today|tonight|via|through|for|told|adding|noting|saying)\b|"
    r"to\s+(?:reporters|journalists|the|an?|[A-Z]))"
)
_WORD = re.compile(r"\w+")
_PUNCT_ONLY = re.compile(r"^[\s,.;:!?—–\-\x00()]*$")
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’ -]{0,30}[A-Z]):\s")
_DASH_ATTRIBUTION = re.compile(r"[ \t\xa0]*(?:[―—–]+|--?)[ \t\xa0]*(?=[A-Z])")
_DASH_LINE = re.compile(r"[ \t\xa0]*\n\s*(?:[―—–]+|--?)[ \t\xa0]*(?=[A-Z][^\n]{0,60}(?:\n|$))")
_NAMING = frozenset(["called", "named", "dubbed", "titled", "labeled", "known", "entitled"])
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")
_PUNCT_RUN = re.compile(r"[\s,.;:!?—–\-()]*")
WORD_CLASSES = load_word_classes()
_OBJECT_WORDS = WORD_CLASSES["object_words"]
_MIN_LOOSE_QUOTE_WORDS = 5
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
_PREPOSITIONS = WORD_CLASSES["prepositions"]
_ING_OK = frozenset(["is", "was", "are", "were", "been", "be", "am", "’s", "'s", "by", "and"])
_ENDS_CLAUSE = re.compile(r"[.!?,]\W*$")
_SMALL_WORDS = WORD_CLASSES["small_words"]


def _fallback_spans(text: str) -> list[tuple[int, int, int]]:
    """Sentence spans by a simple rule: paragraphs at newlines, sentences at end marks."""
    spans = []
    for paragraph_idx, match in enumerate(re.finditer(r"[^\n]+", text)):
        lo, hi = match.span()
        start = lo
        for end_match in _SENTENCE_END.finditer(text, lo, hi):
            if _ABBREVIATION.search(text, start, end_match.end()):
                continue
            spans.append((start, end_match.end(), paragraph_idx))
            start = end_match.end()
        if start < hi:
            spans.append((start, hi, paragraph_idx))
    return spans


def _sentence_spans(text: str) -> list[tuple[int, int, int]]:
    try:
        from analysis.sentences import sentence_spans
    except ImportError:
        return _fallback_spans(text)
    return sentence_spans(text)


def _mask(text: str, segments: list[Segment]) -> str:
    parts, position = [], 0
    for start, end, _ in segments:
        parts.append(text[position:start])
        parts.append("\x00" * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _units(spans: list[tuple[int, int, int]], segments: list[Segment]) -> list[tuple[int, int]]:
    """Sentence spans merged wherever a quoted segment runs across a boundary."""
    units: list[list[int]] = []
    boundaries = sorted((s, e) for s, e, _ in segments)
    seg_index = 0
    for start, end, _ in spans:
        if units and start < units[-1][1]:
            units[-1][1] = max(units[-1][1], end)
            continue
        while seg_index < len(boundaries) and boundaries[seg_index][1] <= start:
            seg_index += 1
        if units and seg_index < len(boundaries):
            s, e = boundaries[seg_index]
            if s < units[-1][1] < e or s < start < e and s < units[-1][1]:
                units[-1][1] = max(units[-1][1], end)
                continue
        units.append([start, end])
    return [(s, e) for s, e in units]


def _trim(text: str, start: int, end: int, masked: str) -> Span:
    """Content edges without blanks, commas and a final stop outside quotes."""
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or (masked[end - 1] in ",.;:—–-")):
        end -= 1
    return start, end


def _content(text: str, masked: str, start: int, end: int, segments: list[Segment]):
    """Type and pieces of a content region: ("direct", pieces) / ("mixed", ...) / ..."""
    start, end = _trim(text, start, end, masked)
    if end <= start:
        return None
    inside = [seg for seg in segments if seg[0] < end and seg[1] > start]
    if not inside:
        return "indirect", [(start, end)]
    outside = masked[start:end].replace("\x00", "")
    if _PUNCT_ONLY.match(outside):
        return "direct", [piece for seg in inside for piece in seg[2]]
    # a region that cuts a quote in half is widened to the whole quote
    start, end = min(start, inside[0][0]), max(end, inside[-1][1])
    after = _TRAILING_CLAUSE.search(masked, inside[-1][1], end)
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


def _names_a_subject(previous: list[str]) -> bool:
    """Words before an -ing cue that can be its subject: "with McCain (reportedly) calling",
    "marchers chanting" - a name or a plural noun, possibly followed by an adverb."""
    words = [w for w in previous[-2:] if "\x00" not in w]
    if words and words[-1].endswith("ly") and words[-1].islower():
        words = words[:-1]
    if not words:
        return False
    word = words[-1].strip(",;:()")
    before = previous[-len(words) - 1].lower() if len(previous) > len(words) else ""
    if before in _PREPOSITIONS or before in {"to", "by"}:
        return False  # "an email to supporters saying", "on Facebook writing"
    if word[:1].isupper():
        return word.lower() not in _TIME_WORDS
    return word.endswith(("ers", "ors", "ists", "ans", "ents"))


def _quote_run_start(masked: str, segments: list[Segment], end: int) -> int | None:
    """Start of the quotes that end right before ``end`` (only punctuation between)."""
    start = None
    position = end
    for seg in reversed(segments):
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
    match = _QUOTE_AFTER_PHRASE.match(masked, cue_end, hi)
    if match is None:
        return False
    first = re.search(r"\w", text[match.end() : match.end() + 6])
    if first is None or not first.group()[0].isupper():
        return False
    quote = next((seg for seg in segments if seg[0] == match.end()), None)
    return quote is None or not _looks_like_title(text, quote)


def _that_ahead(masked: str, cue_end: int, hi: int) -> int | None:
    """Start of a "that" clause after a cue and a short adverbial or addressee."""
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
    for cue_start, cue_end in cues:
        cue = masked[cue_start:cue_end]
        if cue[0].isupper() and cue_start != lo and masked[lo:cue_start].strip():
            continue  # a name or a noun in a title: "State Department", "Says Who"
        flags = cue_flags(lexicon, cue)
        if _is_naming(masked, lo, cue_start, cue_end, cue):
            continue  # "a program called BleachBit", "the hacker known as “Guccifer”"
        before = masked[lo:cue_start].rstrip()
        previous = before[-40:].split()
        prev_word = previous[-1].strip(",;:—–-").lower() if previous else ""
        if "afterquote" in flags and not _right_after_quote(masked, lo, cue_start):
            continue  # "He reads the paper" is no attribution; "“…,” the sign read" is
        if prev_word in _NOT_BEFORE_VERB or prev_word.endswith(("’s", "'s", "s’", "s'")):
            continue  # a noun ("the report", "Obama's plan") or an infinitive ("to say")
        if prev_word in _BE_FORMS and cue.lower().endswith(("ed", "wn", "id", "ld", "en")):
            # a passive ("Trump was asked whether ...", "the winner was declared"): the
            # subject is not the speaker; the agent after "by" is
            speaker, after = None, cue_end
            if masked.startswith(" by ", cue_end):
                speaker = right_mention(masked, cue_end + 4, hi, nouns)
                after = speaker[1] if speaker else cue_end
            content = _content(text, masked, after, hi, segments)
            if content is not None:
                rows.append(_row(*content, (cue_start, cue_end), speaker, "cue", 0.5))
            continue
        words = [w for w in previous if "\x00" not in w]
        if "noun" in flags and any(w.lower() in _DETERMINERS for w in words[-2:]):
            continue  # "a subsequent tweet"
        if (
            "noun" in flags
            and words
            and words[-1][:1].isupper()
            and not words[-1].endswith("s")
            and not cue.endswith("s")
        ):
            continue  # "the Apple Music show": a bare form after a name is a noun
        if (
            cue.lower().endswith("ing")
            and (not before or before[-1] not in ",\x00—–-:")
            and prev_word not in _ING_OK
            and (len(previous) <= 2 or prev_word in _PREPOSITIONS)
        ):
            continue  # "Besides attacking ..., Trump said", "praised him for showing"
        if cue.lower() == "according to":
            speaker = right_mention(masked, cue_end, hi, nouns)
            after = speaker[1] if speaker else cue_end
            if not before or before[-1:] in "\x00" or lo == cue_start:
                content = _content(text, masked, after, hi, segments)
            else:
                content = _content(text, masked, boundary, cue_start, segments)
            if content:
                rows.append(_row(*content, (cue_start, cue_end), speaker, "cue", 0.7))
            continue
        last_char = before[-1:] if before else ""
        inverted = relative = False
        speaker = None
        participle = " " not in cue and cue.lower().endswith("ing") and prev_word not in _ING_OK
        subject_start = cue_start
        if (
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
        if participle:
            pass
        elif "speech" in flags and (not before or last_char in ",\x00—–-"):
            # "“…,” Sarandon, 69, told MSNBC": a subject right after the quote wins
            speaker, subject_start = left_mention(masked, lo, cue_start, nouns)
            if speaker is None or masked[lo:subject_start].rstrip(" ,")[-1:] not in ("\x00", ""):
                speaker, subject_start = None, cue_start
                if "object" not in flags or cue.lower() != "told":
                    speaker = right_mention(masked, cue_end, hi, nouns)
                    if (
                        speaker is not None
                        and last_char != "\x00"
                        and not _INVERSION_END.match(masked, speaker[1], hi)
                    ):
                        speaker = None  # "Pantucci, at the institute, said China and ..."
                    inverted = speaker is not None
        if speaker is None and not participle:
            speaker, subject_start = left_mention(masked, lo, cue_start, nouns)
            if speaker is not None:
                # "“…,” Mr. Morgan of the Sierra Club said": the whole name after the quote
                widened = _name_after_quote(masked, lo, speaker[0])
                if widened is not None:
                    speaker, subject_start = (widened, speaker[1]), widened
        relative_word = (
            next((w for w in reversed(previous[-4:]) if w.strip(",").lower() in _RELATIVE), None)
            if speaker is None and not participle
            else None
        )
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
            speaker = speaker or last_speaker or clause_subject(masked, lo, cue_start, nouns)
            if speaker is not None:
                participle = True
        if inverted:
            post = bool(before)  # "Said Jane Doe, “…”" opens a sentence: content follows
        elif speaker is not None and not participle:
            lead = masked[lo:subject_start].rstrip()
            tail = masked[cue_end:hi]
            tail_text = tail.split("\x00", 1)[0]
            if "object" in flags:
                tail_text = _skip_object(tail_text)
            after_quote = lead.rstrip(",") != lead.rstrip(",").rstrip("\x00")
            if after_quote:
                # a quote that opens its clause, not a title inside a phrase ("On “This Week,”")
                run_start = _quote_run_start(masked, segments, subject_start)
                gap = masked[boundary:run_start].strip() if run_start is not None else ""
                after_quote = not gap or gap[-1] in ":.!?—–-" or not _WORD.search(gap)
            quote_follows = "\x00" in tail
            post = (
                bool(lead)
                and lead[-1] in ",\x00—–-"
                and not tail_text.lstrip().startswith(":")
                and (
                    after_quote
                    or (
                        _ADVERBIAL_TAIL.match(tail_text) is not None
                        and (not quote_follows or _MEDIAL_START.match(tail) is not None)
                        and _THAT_AHEAD.match(tail_text) is None
                    )
                )
            )
        else:
            # participle or coordinated verb: "..., adding that", "and added"
            if not (
                participle
                or (last_char and last_char in ",\x00:")
                or prev_word in {"and", "by", "before", "after"}
                or ("speech" in flags and cue.lower() in _FINITE_SAY)
            ):
                continue
            speaker = (
                speaker
                or last_speaker
                or clause_subject(masked, lo, cue_start, nouns)
                or subject_mention(masked, lo, cue_start, nouns)
            )
            post = False
            if rows and rows[-1]["pieces"] and rows[-1]["quote_type"] != "direct":
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
                rows = [
                    row
                    for row in rows
                    if not (
                        row["quote_type"] == "direct"
                        and all(start_at <= s and e <= subject_start for s, e in row["pieces"])
                    )
                ]
            cut_at = min(start_at, subject_start)
            for row in rows:  # an earlier clause ends where this frame's material starts
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
                for seg in segments:
                    if seg[0] >= tail_start and _SPLIT_GAP.match(masked, tail_start, seg[0]):
                        content[1].extend(seg[2])
                        tail_start = seg[1]
                boundary = tail_start
            else:
                boundary = max(cue_end, speaker[1] if speaker else cue_end)
                # "A, he said, B": the clause goes on after the frame
                medial = _MEDIAL_TAIL.match(masked, boundary, hi)
                if content and medial and all(start != medial.end() for start, _ in cues):
                    rest = _content(text, masked, medial.end(), hi, segments)
                    if rest and len(text[rest[1][0][0] : rest[1][-1][1]].split()) >= 2:
                        content = _combine(content, rest)
                        boundary = hi
        else:
            start = cue_end
            if inverted and speaker is not None:
                start = speaker[1]
                following = next((seg for seg in segments if seg[0] >= start), None)
                if following is not None and _SPLIT_GAP.match(masked, start, following[0]):
                    start = following[0]
            elif _sentence_quote_after_phrase(text, masked, cue_end, hi, segments):
                # "said about the movement, “I …”", "responded with a phrase: “Do …”"
                start = _QUOTE_AFTER_PHRASE.match(masked, cue_end, hi).end()
            elif "object" in flags or _that_ahead(masked, cue_end, hi):
                that = _that_ahead(masked, cue_end, hi)
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
            else:
                end = hi
            content = _content(text, masked, start, end, segments)
            boundary = hi
        if content is None:
            if speaker is not None and not post:
                waiting = _row("direct", [], (cue_start, cue_end), speaker, "cue", 0.8)
            continue
        waiting = None
        kind, pieces = content
        confidence = {"direct": 0.9, "mixed": 0.75, "indirect": 0.6}[kind]
        if speaker is None:
            confidence -= 0.2
        rows.append(_row(kind, pieces, (cue_start, cue_end), speaker, "cue", confidence))
        if speaker is not None:
            last_speaker = speaker
    return rows, waiting


def _covered(rows: list[dict], segment: Segment) -> bool:
    return any(s <= segment[2][0][0] < e for row in rows for s, e in row["pieces"])


def find_quotes(text: str, spans: list[tuple[int, int, int]] | None = None) -> list[dict]:
    """Quotes of one text, in order of their start.

    Args:
        text: the article body.
        spans: its sentence spans ``(start, end, paragraph_idx)`` as made by
            ``analysis.sentences.sentence_spans``; computed when None.

    Returns:
        One dict per quote: ``start_char, end_char, quote_text`` (``quote_text ==
        text[start_char:end_char]``, the content without its outer quotation marks),
        ``content_spans`` (list of [start, end] pieces: the parts of a split or
        multi-paragraph quote), ``quote_type`` (direct / mixed / indirect), ``cue,
        cue_start_char, cue_end_char``, ``speaker_mention, speaker_start_char,
        speaker_end_char`` (None when not found), ``speaker_from`` (how the mention
        was found: "cue" = the subject of the quote's own cue or label, "subject" = the
        subject of the sentence a cue-less quote sits in, "previous" = taken over from
        the quote or sentence before (a follow-on quote), None = no mention),
        ``confidence`` in [0, 1], ``sentence_idx_start``, ``sentence_idx_end``
        (indices into ``spans``).

    Example:
        >>> [q["quote_text"] for q in find_quotes("“We will win,” said Putin.")]
        ['We will win']
    """
    if not text or not text.strip():
        return []
    if not spans:
        spans = _sentence_spans(text)
    lexicon = load_lexicon()
    segments = _outside_markup(text, find_quote_segments(text))
    masked = _mask_markup(text, _mask(text, segments))
    units = _attach_back(masked, _units(spans, segments), lexicon)
    cues = list(iter_cues(lexicon, masked))
    cue_starts = [start for start, _ in cues]
    segment_starts = [seg[0] for seg in segments]
    rows: list[dict] = []
    previous_speaker: tuple[Span | None, int] = (None, -1)  # (span, unit index)
    pending: tuple[dict, int, bool] | None = None  # frame without content, unit, colon
    for unit_index, (lo, hi) in enumerate(units):
        first = bisect.bisect_left(segment_starts, lo)
        last = bisect.bisect_left(segment_starts, hi, first)
        unit_segments = [seg for seg in segments[first:last] if seg[1] <= hi]
        unit_cues = cues[bisect.bisect_left(cue_starts, lo) : bisect.bisect_left(cue_starts, hi)]
        unit_cues = [cue for cue in unit_cues if cue[1] <= hi]
        if not unit_cues and not unit_segments and masked[hi - 1 : hi] != ":":
            pending = None
            continue
        unit_rows, waiting = _frames(text, masked, lo, hi, unit_segments, lexicon, unit_cues)
        unit_rows = _dash_name_colon(text, masked, lo, hi, unit_segments, unit_rows)
        loose = [
            seg
            for seg in unit_segments
            if not _covered(unit_rows, seg) and not _looks_like_title(text, seg)
        ]
        frame_text = masked[lo:hi].replace("\x00", "") if loose else ""
        for seg in list(loose):
            if _TRANSCRIPT_LABEL.match(text, seg[2][0][0]) is not None:
                # a transcript inside quotes: "“PENCE: Well, look, ...", one row per turn
                for piece_start, pieces in _turns(text, seg[2]):
                    label = _TRANSCRIPT_LABEL.match(text, piece_start)
                    speaker, colon = label.span(1), label.end(1)
                    unit_rows.append(
                        _row("direct", pieces, (colon, colon + 1), speaker, "cue", 0.8)
                    )
                loose.remove(seg)
                continue
            dash = _DASH_ATTRIBUTION.match(masked, seg[1])
            if dash is None:
                # or on a line of its own: "“…”\n\n- Jane Doe."
                dash = _DASH_LINE.match(masked, seg[1])
            if dash is None:
                ending = text[seg[2][-1][0] : seg[2][-1][1]].rstrip()[-1:]
                line_end = masked.find("\n", seg[1])
                line_end = len(masked) if line_end < 0 else line_end
                found = (
                    verb_after_quote(masked, seg[1], line_end, lexicon.speaker_nouns)
                    if ending in (",", "?", "!")
                    else None
                )
                if found is not None:
                    # "“…,” Murphy Tweeted": an attribution with a verb not in the lexicon
                    unit_rows.append(_row("direct", list(seg[2]), found[0], found[1], "cue", 0.6))
                    loose.remove(seg)
                continue
            line_end = masked.find("\n", dash.end())
            line_end = len(masked) if line_end < 0 else line_end
            speaker = right_mention(masked, dash.end(), line_end, lexicon.speaker_nouns)
            if speaker is not None:
                # "“…” ― Jane Doe": a quote signed with a dash
                cue = (dash.start() + len(dash.group()) - len(dash.group().lstrip()), dash.end())
                cue = (cue[0], cue[0] + len(masked[cue[0] : cue[1]].rstrip()))
                unit_rows.append(_row("direct", list(seg[2]), cue, speaker, "cue", 0.8))
                loose.remove(seg)
        if loose and _PUNCT_ONLY.match(frame_text):
            pieces = [piece for seg in loose for piece in seg[2]]
            latest = rows[-1] if rows and rows[-1]["pieces"] else None
            last = next((row for row in reversed(rows) if row["quote_type"] == "direct"), None)
            same_paragraph = last is not None and "\n" not in text[last["pieces"][-1][1] : lo]
            if pending is not None and (pending[2] or "\n" not in text[pending[1] : lo]):
                unit_rows.append({**pending[0], "quote_type": "direct", "pieces": pieces})
            elif (
                latest is not None
                and latest is not last
                and latest["speaker_span"] is not None
                and latest["quote_type"] == "mixed"
                and "\n" not in text[latest["pieces"][-1][1] : lo]
            ):
                # "X accomplished “too little,” he added. “…”": the follow-on is his
                unit_rows.append(
                    _row("direct", pieces, None, latest["speaker_span"], "previous", 0.6)
                )
            elif last is not None and last["quote_type"] == "direct" and same_paragraph:
                last["pieces"].extend(pieces)
            else:
                carried = _carried(pieces, previous_speaker, unit_index, 0.6)
                if unit_index > 0:
                    plo, phi = units[unit_index - 1]
                    if "\x00" not in masked[plo:phi]:
                        subj = subject_mention(masked, plo, phi, lexicon.speaker_nouns)
                        if subj is not None:
                            carried["speaker_span"], carried["speaker_from"] = subj, "previous"
                unit_rows.append(carried)
        else:
            for seg in list(loose):
                # "“A,” said X, 20, of Y. “B.”": B continues the quote before it
                host = next(
                    (
                        row
                        for row in reversed(unit_rows)
                        if row["quote_type"] == "direct"
                        and row["pieces"]
                        and row["pieces"][-1][1] <= seg[0]
                    ),
                    None,
                )
                if host is not None and _ENDS_SENTENCE_BEFORE.search(masked, lo, seg[0]):
                    host["pieces"].extend(seg[2])
                    loose.remove(seg)
            for seg in loose:
                lead = masked[lo : seg[0]].rstrip()
                if lead.endswith(":") and "\x00" not in lead[-80:]:
                    # "Trump went even further: “…”", "HEADLINE - Jane Doe: “…”"
                    colon = lo + len(lead) - 1
                    speaker = _name_before_colon(masked, lo, colon, lexicon)
                    speaker = speaker or clause_subject(masked, lo, colon, lexicon.speaker_nouns)
                    speaker = speaker or subject_mention(masked, lo, colon, lexicon.speaker_nouns)
                    unit_rows.append(
                        _row("direct", list(seg[2]), (colon, colon + 1), speaker, "cue", 0.7)
                    )
                    continue
                words = sum(len(text[s:e].split()) for s, e in seg[2])
                if words >= _MIN_LOOSE_QUOTE_WORDS and _ENDS_CLAUSE.search(text, seg[0], seg[1]):
                    # a quote inside a sentence without a known cue: its subject, if any
                    subject = clause_subject(masked, lo, seg[0], lexicon.speaker_nouns)
                    if subject is not None:
                        unit_rows.append(
                            _row("direct", list(seg[2]), None, subject, "subject", 0.5)
                        )
                    else:
                        unit_rows.append(_carried(list(seg[2]), previous_speaker, unit_index, 0.5))
        pending = None
        stripped = masked[lo:hi].rstrip()
        if waiting is None and stripped.endswith(":") and "\x00" not in stripped:
            colon = lo + len(stripped) - 1
            speaker = _name_before_colon(masked, lo, colon, lexicon)
            speaker = speaker or clause_subject(masked, lo, colon, lexicon.speaker_nouns)
            speaker = speaker or subject_mention(masked, lo, colon, lexicon.speaker_nouns)
            if speaker is not None:
                waiting = _row("direct", [], (colon, colon + 1), speaker, "cue", 0.6)
        if waiting is not None:
            pending = (waiting, hi, masked[lo:hi].rstrip().endswith(":"))
        for row in unit_rows:
            if row["speaker_span"] is not None and row["speaker_from"] == "cue":
                previous_speaker = (row["speaker_span"], unit_index)
        rows.extend(unit_rows)
    rows = _drop_duplicates(_drop_nested(text, rows, lexicon))
    starts = [start for start, _, _ in spans]
    return [_finish(text, row, starts) for row in rows if row["pieces"]]


def _looks_like_title(text: str, segment: Segment) -> bool:
    """Title Case or ALL CAPS content: a headline, a book or a show, not speech."""
    words = [w for s, e in segment[2] for w in text[s:e].split() if w[:1].isalpha()]
    if len(words) < 2:
        return False
    if all(w.isupper() for w in words):
        return True
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalized = sum(1 for w in content if w[:1].isupper())
    return capitalized >= 0.7 * len(content)


def _outside_markup(text: str, segments: list[Segment]) -> list[Segment]:
    """Drop quoted attribute values of markup left in a text (<tweet author="...">)."""
    if "<" not in text:
        return segments
    tags = [m.span() for m in _MARKUP.finditer(text)]
    if not tags:
        return segments
    return [seg for seg in segments if not any(s <= seg[0] < e for s, e in tags)]


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


def _mask_markup(text: str, masked: str) -> str:
    """Blank out markup (<tweet ...>, </b>) so that its words are never cues or speakers."""
    if "<" not in text:
        return masked
    spans = [m.span() for m in _MARKUP.finditer(text)]
    if not spans:
        return masked
    parts, position = [], 0
    for start, end in spans:
        parts += [masked[position:start], " " * (end - start)]
        position = end
    parts.append(masked[position:])
    return "".join(parts)


def _name_after_quote(masked: str, lo: int, mention_start: int) -> int | None:
    """Start of a short name phrase between a quote and a mention found inside it."""
    before = masked[max(lo, mention_start - 80) : mention_start]
    if "\x00" not in before:
        return None
    quote_end = mention_start - len(before) + before.rindex("\x00") + 1
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
    if not segments:
        return rows
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


def _right_after_quote(masked: str, lo: int, cue_start: int) -> bool:
    """A quote, then at most a short subject, then the cue ("“…,” the email read")."""
    before = masked[max(lo, cue_start - 80) : cue_start]
    if "\x00" not in before:
        return False
    gap = before[before.rindex("\x00") + 1 :]
    return len(gap.split()) <= 6 and "." not in gap


def _drop_duplicates(rows: list[dict]) -> list[dict]:
    """One row per content: the frame whose cue is nearest to it wins."""
    best: dict[tuple, dict] = {}
    order: list[tuple] = []
    for row in rows:
        if not row["pieces"]:
            continue
        key = tuple(row["pieces"])
        if key not in best:
            best[key] = row
            order.append(key)
        elif _cue_distance(row) < _cue_distance(best[key]):
            best[key] = row
    return [best[key] for key in order]


def _cue_distance(row: dict) -> int:
    if row["cue_span"] is None:
        return 1 << 30
    cue_start, cue_end = row["cue_span"]
    start, end = row["pieces"][0][0], row["pieces"][-1][1]
    return max(0, start - cue_end, cue_start - end)


def _drop_nested(text: str, rows: list[dict], lexicon: Lexicon) -> list[dict]:
    """Drop quoted belief/evidence frames nested in another frame's content.

    "McCaskill said voters find it “very hard …”": the quote is McCaskill's; "voters
    find" stays only as the outer frame's content. Unquoted (indirect) ones are kept.
    """
    spans = [(row["pieces"][0][0], row["pieces"][-1][1]) for row in rows if row["pieces"]]
    kept = []
    for row in rows:
        if not row["pieces"] or row["cue_span"] is None or row["quote_type"] == "indirect":
            kept.append(row)
            continue
        if "speech" in cue_flags(lexicon, text[row["cue_span"][0] : row["cue_span"][1]]):
            kept.append(row)
            continue
        start, end = row["pieces"][0][0], row["pieces"][-1][1]
        cue_start = row["cue_span"][0]
        if not any(s <= cue_start and end <= e and (s, e) != (start, end) for s, e in spans):
            kept.append(row)
    return kept


def _carried(pieces: list[Span], previous: tuple[Span | None, int], unit: int, confidence: float):
    """A quote without a cue of its own, with the mention of the speaker quoted just before."""
    speaker = previous[0] if unit - previous[1] <= 3 else None
    return _row("direct", pieces, None, speaker, "previous" if speaker else None, confidence)


def _attach_back(masked: str, units: list[Span], lexicon: Lexicon) -> list[Span]:
    """Join a quote-only sentence and a short attribution after it ("“…!” Trump said.")."""
    joined: list[Span] = []
    for lo, hi in units:
        if joined:
            prev_lo, prev_hi = joined[-1]
            prev = masked[prev_lo:prev_hi]
            if (
                "\x00" in prev
                and _PUNCT_ONLY.match(prev.replace("\x00", ""))
                and "\n" not in masked[prev_hi:lo]
                and _is_short_attribution(masked[lo:hi], lexicon)
            ):
                joined[-1] = (prev_lo, hi)
                continue
        joined.append((lo, hi))
    return joined


def _is_short_attribution(sentence: str, lexicon: Lexicon) -> bool:
    if "\x00" in sentence:
        return False
    match = first_cue(lexicon, sentence, 0, min(len(sentence), 120))
    if match is None or match[0] > 80:
        return False
    before, after = sentence[: match[0]], sentence[match[1] :]
    if len(before.split()) > 14 or ("," in before and not before.lstrip()[:1].isupper()):
        return False
    if len(after.split()) > 14 and not _AFTER_ATTRIBUTION.match(after):
        return False
    cue = sentence[match[0] : match[1]]
    return _THAT_AHEAD.match(after) is None and "speech" in cue_flags(lexicon, cue)


def _finish(text: str, row: dict, starts: list[int]) -> dict:
    pieces = sorted(row["pieces"])
    start, end = pieces[0][0], max(e for _, e in pieces)
    cue, speaker = row["cue_span"], row["speaker_span"]
    return {
        "start_char": start,
        "end_char": end,
        "quote_text": text[start:end],
        "content_spans": [[s, e] for s, e in pieces],
        "quote_type": row["quote_type"],
        "cue": text[cue[0] : cue[1]] if cue else None,
        "cue_start_char": cue[0] if cue else None,
        "cue_end_char": cue[1] if cue else None,
        "speaker_mention": text[speaker[0] : speaker[1]] if speaker else None,
        "speaker_start_char": speaker[0] if speaker else None,
        "speaker_end_char": speaker[1] if speaker else None,
        "speaker_from": row["speaker_from"] if speaker else None,
        "confidence": round(float(row["confidence"]), 3),
        "sentence_idx_start": max(0, bisect.bisect_right(starts, start) - 1) if starts else None,
        "sentence_idx_end": max(0, bisect.bisect_right(starts, max(start, end - 1)) - 1)
        if starts
        else None,
    }
