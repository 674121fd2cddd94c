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
4. quotes without a cue of their own: a transcript label ("“PENCE: ...”"), a dash
   signature ("“…” ― Ana Ruiz"), a colon ("Trump went further: “…”") or an unlisted
   verb right after the quote ("“…,” Murphy Tweeted") attributes them; otherwise a
   quote-only sentence continues the previous direct quote of its paragraph, follows
   a colon frame ("He said:"), or stands alone with the previous speaker's mention
   (``speaker_from`` = "previous"); a longer quote inside a sentence takes the
   sentence's subject (``speaker_from`` = "subject"); a short or Title Case quoted
   term inside a sentence without a cue is a scare quote or a title, not a quote;
5. clean-up: belief frames nested in another frame's content and duplicate contents
   are dropped (the cue nearest to the content wins).

The cue frames themselves live in :mod:`analysis.quotes.frames`, the mention search in
:mod:`analysis.quotes.mentions`, the lexicon in :mod:`analysis.quotes.lexicon`.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from analysis.quotes.frames import (
    _PUNCT_OR_QUOTE,
    _THAT_AHEAD,
    _TRANSCRIPT_LABEL,
    _dash_name_colon,
    _frames,
    _looks_like_title,
    _name_before_colon,
    _row,
    _turns,
)
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
    named_in_full,
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
_AFTER_ATTRIBUTION = re.compile(
    r"\s*(?:,|(?i:of|in|at|on|during|after|when|while|before|to|about|as|from)\b)"
)
_ASIDE_THAT = re.compile(r"\s*,[^,.;:!?\x00]{0,40},\s*(?i:that)\b")
_ENDS_WITH_ATTRIBUTION = re.compile(r",\s+\S+(?:\s+\S+){0,3}\s+(?:said|says|added|adds)\W*\Z")
_QUESTION_END = re.compile(r"[?!](?:''|[\"”’'])\s*\Z")
_ENDS_SENTENCE_BEFORE = re.compile(r"[.!?]\s*\Z")
_DASH_ATTRIBUTION = re.compile(r"[ \t\xa0]*(?:[―—–]+|--?)[ \t\xa0]*(?=[A-Z])")
_DASH_LINE = re.compile(r"[ \t\xa0]*\n\s*(?:[―—–]+|--?)[ \t\xa0]*(?=[A-Z][^\n]{0,60}(?:\n|$))")
_FROM_SOURCE = re.compile(r"\s*(?:From|Per|Via)\s+([^:,\x00\n]{2,80}?)\s*$")
_MIN_STANDALONE_WORDS = 2  # "“Related:”" alone is no quote
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")
_MIN_LOOSE_QUOTE_WORDS = 5
_ENDS_CLAUSE = re.compile(r"[.!?,]\W*$")
_BE_FORMS = frozenset(["was", "were", "is", "are", "been", "be", "being"])
_ANONYMITY = re.compile(r"not to be (?:named|identified)\b", re.IGNORECASE)
_NOT_CONTENT_STARTS = load_word_classes()["not_content_starts"]
_CONJUNCTIONS = load_word_classes()["conjunctions"]
_RELATIVE_PRONOUNS = frozenset(["who", "which", "that"])
_LOOKS_FINITE = re.compile(r"[a-z]+(?:ed|s)$")
#: the fields of a quote (the keys of the dicts of ``find_quotes``), in order
QUOTE_FIELDS = (
    "start_char",
    "end_char",
    "quote_text",
    "content_spans",
    "quote_type",
    "cue",
    "cue_start_char",
    "cue_end_char",
    "speaker_mention",
    "speaker_start_char",
    "speaker_end_char",
    "speaker_from",
    "confidence",
    "sentence_idx_start",
    "sentence_idx_end",
)
_TIME_HEADS = load_word_classes()["time_heads"]


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


def _covering_index(rows: list[dict]) -> tuple[list[int], list[int]]:
    """Starts of the rows' pieces, sorted, with the running maximum of their ends."""
    pieces = sorted([piece for row in rows for piece in row["pieces"]])
    ends, reach = [], -1
    for _, end in pieces:
        if end > reach:
            reach = end
        ends.append(reach)
    return [start for start, _ in pieces], ends


def _covered(index: tuple[list[int], list[int]], segment: Segment) -> bool:
    """Whether the segment's content starts inside some row's content."""
    starts, ends = index
    position = segment[2][0][0]
    at = bisect.bisect_right(starts, position) - 1
    return at >= 0 and position < ends[at]


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
    return [dict(zip(QUOTE_FIELDS, values, strict=True)) for values in quote_values(text, spans)]


def quote_values(text: str, spans: list[tuple[int, int, int]] | None = None) -> list[tuple]:
    """The quotes of :func:`find_quotes` as tuples of their ``QUOTE_FIELDS`` (cheaper to
    put in a table than dicts)."""
    if not text or not text.strip():
        return []
    if type(text) is not str and isinstance(text, str):
        text = str(text)  # numpy.str_ or another subclass as a plain str: TYPED in setup.py
    if not spans:
        spans = _sentence_spans(text)
    lexicon = load_lexicon()
    segments = _outside_markup(text, find_quote_segments(text))
    masked = _mask_markup(text, _mask(text, segments))
    units = _attach_back(text, masked, _units(spans, segments), lexicon)
    cues = list(iter_cues(lexicon, masked))
    cue_starts = [start for start, _ in cues]
    segment_starts = [seg[0] for seg in segments]
    rows: list[dict] = []
    previous_speaker: tuple[Span | None, int] = (None, -1)  # (span, unit index)
    pending: tuple[dict, int, bool] | None = None  # frame without content, unit, colon
    for unit_index, (lo, hi) in enumerate(units):
        first = bisect.bisect_left(segment_starts, lo)
        last = bisect.bisect_left(segment_starts, hi, first)
        unit_segments = (
            [seg for seg in segments[first:last] if seg[1] <= hi] if first < last else []
        )
        first = bisect.bisect_left(cue_starts, lo)
        last = bisect.bisect_left(cue_starts, hi, first)
        unit_cues = [cue for cue in cues[first:last] if cue[1] <= hi] if first < last else []
        if not unit_cues and not unit_segments and masked[hi - 1 : hi] != ":":
            pending = None
            continue
        unit_rows, waiting = (
            _frames(text, masked, lo, hi, unit_segments, lexicon, unit_cues)
            if unit_cues
            else ([], None)
        )
        if unit_segments and masked.find(":", lo, hi) >= 0:  # the cheap tests first
            unit_rows = _dash_name_colon(text, masked, lo, hi, unit_segments, unit_rows)
        covered = _covering_index(unit_rows) if unit_segments else None
        loose = [
            seg
            for seg in unit_segments
            if not _covered(covered, seg) and not _looks_like_title(text, seg)
        ]
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
        if loose and _PUNCT_OR_QUOTE.fullmatch(masked, lo, hi):
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
            elif sum(len(text[s:e].split()) for s, e in pieces) >= _MIN_STANDALONE_WORDS:
                carried = _carried(pieces, previous_speaker, unit_index, 0.6)
                if unit_index > 0:
                    plo, phi = units[unit_index - 1]
                    if "\x00" not in masked[plo:phi] and not (
                        previous_speaker[1] == unit_index - 1
                        and _ENDS_WITH_ATTRIBUTION.search(masked, plo, phi)
                    ):
                        # the subject of the sentence before, unless it ends with its
                        # speaker ("Trump isn't a conservative, he said. “He's a liberal!”")
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
                    speaker = _source_before_colon(masked, lo, colon)
                    speaker = speaker or _name_before_colon(masked, lo, colon, lexicon)
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
                    subject = subject or _opening_subject(masked, lo, seg[0], lexicon)
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
            pending = (waiting, hi, stripped.endswith(":"))
        for row in unit_rows:
            speaker = row["speaker_span"]
            if speaker is not None and row["speaker_from"] == "cue":
                if (
                    speaker[1] - speaker[0] <= 5
                    and text[speaker[0] : speaker[1]].lower() in _RELATIVE_PRONOUNS
                ):
                    continue  # "“…,” said Murphy, who thinks ...": the next quote is Murphy's
                previous_speaker = (speaker, unit_index)
        rows.extend(unit_rows)
    if ":" in text:
        rows = _with_transcript_turns(text, masked, rows)
    rows = _drop_duplicates(_drop_nested(text, rows, lexicon))
    rows = _drop_nested_passives(text, rows)
    rows = [row for row in rows if not _is_junk(text, row, lexicon)]
    starts = [start for start, _, _ in spans]
    return [_finish(text, row, starts) for row in rows if row["pieces"]]


# a paragraph opening with a speaker's label in capitals: "RUAIRI DOYLE: Then I will ..."
_TURN = re.compile(r"(?m)^[ \t]*([A-Z][A-Z.'’ -]{0,30}[A-Z]):[ \t]+(?=\S)")
_FIRST_PERSON = frozenset(["i", "we", "me", "us"])


def _with_transcript_turns(text: str, masked: str, rows: list[dict]) -> list[dict]:
    """The rows, plus one direct quote per transcript turn outside quotation marks (an
    interview's "TAPPER: And obviously, ..." paragraph), its label as the speaker; the
    turn's own first-person rows ("I said") go. Only in an exchange (two labels, one of
    them twice), and only for someone the article names in full ("Jake Tapper"), so a
    dateline ("MUMBAI: A man was ..."), a heading ("WATCH:") or a team list is none."""
    found = list(_TURN.finditer(masked))
    labels = [m.group(1) for m in found]
    if len(set(labels)) < 2 or len(labels) == len(set(labels)):
        return rows
    labelled = [m for m in found if named_in_full(text, m.group(1))]
    turns = []
    for match in labelled:
        end = masked.find("\n", match.end())
        end = len(text) if end < 0 else end
        end = match.end() + len(text[match.end() : end].rstrip())
        turns.append(
            _row(
                "direct",
                [(match.end(), end)],
                (match.end(1), match.end(1) + 1),
                match.span(1),
                "cue",
                0.8,
            )
        )
    if not turns:
        return rows
    spans = [(turn["pieces"][0][0], turn["pieces"][0][1]) for turn in turns]

    def own_words(row: dict) -> bool:
        speaker = row["speaker_span"]
        mention = text[speaker[0] : speaker[1]].lower() if speaker else ""
        return (not mention or mention in _FIRST_PERSON) and any(
            s <= row["pieces"][0][0] and row["pieces"][-1][1] <= e for s, e in spans
        )

    kept = [row for row in rows if not row["pieces"] or not own_words(row)]
    return sorted(kept + turns, key=lambda row: row["pieces"][0][0] if row["pieces"] else -1)


def _opening_subject(masked: str, lo: int, quote_start: int, lexicon: Lexicon) -> Span | None:
    """The subject opening the sentence of a quote without a cue ("Ted Nordhaus,
    co-founder of ..., welcomed “…”"); not a clause opener ("Unless ...", "Adding, ...")."""
    span = subject_mention(masked, lo, quote_start, lexicon.speaker_nouns)
    if span is None:
        return None
    words = masked[span[0] : span[1]].split()
    following = masked[span[1] : quote_start].split()
    if words[0].lower() in _CONJUNCTIONS:
        return None
    if len(words) == 1 and words[0].endswith("ly") and following[:1] == [","]:
        return None  # "Specifically, “…”": an adverb
    gerund = len(words) == 1 and words[0].endswith("ing") and words[0][1:].islower()
    if gerund and not (following and _LOOKS_FINITE.match(following[0])):
        return None  # "Doing so “appeared to be ...”"
    return span


def _drop_nested_passives(text: str, rows: list[dict]) -> list[dict]:
    """Drop passive frames whose cue sits in another frame's content: in "she said her clients had
    been told for months that ...", "told" reports nothing of its own (PolNeAR keeps
    other nested attributions, "said she respected him but argued that ...")."""
    spans = None  # of all rows' contents, made when a passive needs them
    kept = []
    for row in rows:
        cue = row["cue_span"]
        if cue is not None:
            words = text[max(0, cue[0] - 30) : cue[0]].rsplit(None, 1)
            if words and words[-1].lower() in _BE_FORMS:
                if spans is None:
                    spans = [(other["pieces"][0][0], other["pieces"][-1][1]) for other in rows]
                own = (row["pieces"][0][0], row["pieces"][-1][1])
                if any(s <= cue[0] < e for s, e in spans if (s, e) != own):
                    continue
        kept.append(row)
    return kept


def _is_junk(text: str, row: dict, lexicon: Lexicon) -> bool:
    """A one- or two-word indirect "content" that is none: before its cue ("In return,
    the union agreed"), a time ("told last month"), a conjunction or no word at all;
    or the "asked not to be named" of an anonymous source."""
    if row["quote_type"] != "indirect" or not row["pieces"]:
        return False
    start, end = row["pieces"][0][0], row["pieces"][-1][1]
    words = text[start:end].split(None, 2)  # the words if two at most
    if len(words) > 2:
        return _ANONYMITY.match(text, start) is not None  # "asked not to be named because"
    if row["cue_span"] is not None and row["cue_span"][0] >= end:
        return True
    bare = [w.strip(",.;:!?()“”\"'‘’").lower() for w in words]
    cue = text[row["cue_span"][0] : row["cue_span"][1]] if row["cue_span"] else ""
    return (
        # "warned the authorities repeatedly": an addressee and an adverb, no message
        (bare[-1].endswith("ly") and "object" in cue_flags(lexicon, cue))
        or bare[0] in _NOT_CONTENT_STARTS
        or not any(w.isalpha() for w in bare)
        or all(w in _TIME_HEADS or w.isdigit() for w in bare)
        or _ANONYMITY.match(text, start) is not None
    )


def _source_before_colon(masked: str, lo: int, colon: int) -> Span | None:
    """The source in "From the report: “…”" / "Per Bush's Facebook post: “…”"."""
    match = _FROM_SOURCE.match(masked, lo, colon)
    return match.span(1) if match is not None else None


def _outside_markup(text: str, segments: list[Segment]) -> list[Segment]:
    """Drop quoted attribute values of markup left in a text (<tweet author="...">)."""
    if "<" not in text:
        return segments
    tags = [m.span() for m in _MARKUP.finditer(text)]
    if not tags:
        return segments
    return [seg for seg in segments if not any(s <= seg[0] < e for s, e in tags)]


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


def _attach_back(text: str, masked: str, units: list[Span], lexicon: Lexicon) -> list[Span]:
    """Join a quote-only sentence and a short attribution after it ("“…!” Trump said.")."""
    joined: list[Span] = []
    for lo, hi in units:
        if joined:
            prev_lo, prev_hi = joined[-1]
            if (
                masked.find("\x00", prev_lo, prev_hi) >= 0
                and _PUNCT_OR_QUOTE.fullmatch(masked, prev_lo, prev_hi)
                and masked.find("\n", prev_hi, lo) < 0
                and _is_short_attribution(
                    masked[lo:hi], lexicon, _QUESTION_END.search(text, prev_lo, prev_hi) is not None
                )
            ):
                joined[-1] = (prev_lo, hi)
                continue
        joined.append((lo, hi))
    return joined


def _is_short_attribution(sentence: str, lexicon: Lexicon, question: bool = False) -> bool:
    """A sentence that only attributes the quote before it ("Trump said on Monday.");
    after a quoted question or exclamation (``question``) its tail may be long."""
    if "\x00" in sentence:
        return False
    match = first_cue(lexicon, sentence, 0, min(len(sentence), 120))
    if match is None or match[0] > 80:
        return False
    before, after = sentence[: match[0]], sentence[match[1] :]
    if len(before.split()) > 14 or ("," in before and not before.lstrip()[:1].isupper()):
        return False
    # "“…?” Trump told ITV in an interview aired ...": after a question the next
    # "sentence" goes on with its subject and cue, however long it is
    long_tail = len(after.split()) > 14 and not _AFTER_ATTRIBUTION.match(after)
    if long_tail and not (question and len(before.split()) <= 3):
        return False
    cue = sentence[match[0] : match[1]]
    if _THAT_AHEAD.match(after) is not None or _ASIDE_THAT.match(after) is not None:
        return False  # "He said, twice, that ...": a clause of its own, not an attribution
    return "speech" in cue_flags(lexicon, cue)


@cache  # a handful of values, and round() is slow
def _rounded(confidence: float) -> float:
    return round(float(confidence), 3)


def _finish(text: str, row: dict, starts: list[int]) -> tuple:
    """The row's values in the order of ``QUOTE_FIELDS``."""
    pieces = sorted(row["pieces"])
    start, end = pieces[0][0], max(e for _, e in pieces) if len(pieces) > 1 else pieces[0][1]
    cue, speaker = row["cue_span"], row["speaker_span"]
    return (
        start,
        end,
        text[start:end],
        [[s, e] for s, e in pieces],
        row["quote_type"],
        *((text[cue[0] : cue[1]], cue[0], cue[1]) if cue else (None, None, None)),
        *(
            (text[speaker[0] : speaker[1]], speaker[0], speaker[1], row["speaker_from"])
            if speaker
            else (None, None, None, None)
        ),
        _rounded(row["confidence"]),
        *(
            (
                max(0, bisect.bisect_right(starts, start) - 1),
                max(0, bisect.bisect_right(starts, max(start, end - 1)) - 1),
            )
            if starts
            else (None, None)
        ),
    )
