"""Find the speaker mention next to a reporting cue: "Erdogan stressed", "said Putin".

Works on the *masked* text (quoted segments replaced by ``\\x00``), so words inside
quotes are never taken for a speaker. Spans are (start, end) into the text.
"""

from __future__ import annotations

import re

from analysis.quotes.lexicon import load_word_classes

Span = tuple[int, int]

TOKEN = re.compile(r"[^\s\x00]+")
_PUNCTUATION = ",;:.!?()“”\"'‘’"  # stripped from a word before it is looked up
PRONOUNS = frozenset(["he", "she", "they", "i", "we", "you", "it"])
WORD_CLASSES = load_word_classes()
DETERMINERS = WORD_CLASSES["determiners"]
# words skipped between a subject and its cue ("Putin has also said")
_SKIPPED = WORD_CLASSES["skipped"]
_ADVERBS = WORD_CLASSES["subject_adverbs"]
_AUXILIARIES = WORD_CLASSES["auxiliaries"]
_WEEKDAYS = WORD_CLASSES["weekdays"]
# words that end a noun phrase when walking away from the cue
_BOUNDARIES = WORD_CLASSES["boundaries"]
_AGO_WORDS = WORD_CLASSES["ago_words"]
# words before a time that is skipped between a subject and its cue ("Trump on Tuesday said")
_TIME_LEADS = frozenset(
    ["in", "on", "since", "during", "by", "from", "until", "last", "this", "early", "late"]
)
_POSSESSIVE_LEAD = frozenset(["his", "her", "their", "its", "a", "an", "the"])
_PP_HEADS = frozenset(["in", "on", "at", "during", "via", "through", "from", "with", "after"])
_PLACE_HEADS = _PP_HEADS - {"from"}  # before "City, State," in an appositive
_TIME_HEADS = WORD_CLASSES["time_heads"]
_LONE_DETERMINERS = frozenset(
    ["another", "one", "some", "many", "others", "both", "several", "most", "few", "each"]
)
_INNER = frozenset(["of", "for", "at", "from", "with"])  # allowed inside a name phrase
_ALONE = PRONOUNS | _LONE_DETERMINERS  # a mention of one word
_INNER_OR_DETERMINERS = _INNER | DETERMINERS
_LINKS = frozenset(["of", "from", "at", "with", "who", "which", "whose"])
_RELATIVES = frozenset(["who", "which"])
_COORDINATORS = frozenset(["and", "but", "then", "or"])
_AGENT_LINKS = frozenset(["by", "to", "for", "with"])  # after a participle in a subject
_TITLE_ABBREVIATIONS = re.compile(r"^(?:[A-Z][a-z]{0,3}\.|[A-Z]\.)+$")


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ",;:.!?)’'\"”":
        if text[end - 1] == "." and _TITLE_ABBREVIATIONS.match(text[start:end]):
            break
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    return end


def _is_name_word(word: str) -> bool:
    first = word.lstrip("(“\"'‘")[:1]
    return first.isupper() or first.isdigit()


def _lower(word: str) -> str:
    return word.strip(_PUNCTUATION).lower()


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and "1800" <= digits <= "2199"


def _acceptable(words: list[str], nouns: frozenset[str]) -> bool:
    """A mention needs a name, a pronoun, or a known speaker noun as its head."""
    if not words:
        return False
    head = _lower(words[-1])
    if len(words) == 1 and head in _ALONE:
        return True
    if head in _TIME_HEADS:
        return False  # "Tuesday night", "The 60", "a November 2006"
    if len(words) == 1 and head.isdigit() and (_is_year(head) or words[0].endswith(",")):
        return False  # a year or an age ("in 2022, said", "Ann Lee, 58, who ...") but "4 in 10"
    for word in words:
        if _is_name_word(word) and _lower(word) not in DETERMINERS:
            return True
    if len(words) >= 2 and _lower(words[0]) in DETERMINERS:
        return True
    return head in nouns or (head.endswith("s") and len(words) > 1 and head in nouns)


def left_mention(
    masked: str, lo: int, cue_start: int, nouns: frozenset[str]
) -> tuple[Span | None, int]:
    """The subject ending just before a cue: (span or None, start of the material taken).

    Skips auxiliaries and adverbs ("has also said"), a weekday ("on Monday said"), and an
    appositive between commas ("Hugh Hill, a doctor at the clinic, said").
    """
    window = max(lo, cue_start - 200)
    quote = masked.rfind("\x00", window, cue_start)  # never look past a quote
    start = quote + 1 if quote >= 0 else window
    # the tokens (no \x00 in this range): split in C; their offsets are found only for
    # the few words a mention is made of, from the right (the walk rarely goes far)
    words = masked[start:cue_start].split()
    if (
        quote < 0
        and window > lo
        and words
        and not masked[window].isspace()
        and not masked[window - 1].isspace()
    ):
        words = words[1:]  # cut by the window
    offsets = [0] * len(words) + [cue_start]  # of the words, known from ``found`` on
    found = len(words)

    def start_of(index: int) -> int:
        nonlocal found
        while found > index:
            found -= 1
            offsets[found] = masked.rfind(words[found], start, offsets[found + 1])
        return offsets[index]

    i = len(words) - 1
    skipped = 0
    while i >= 0 and skipped < 4:
        word = words[i]
        low = word.strip(_PUNCTUATION).lower()  # _lower, inlined in this hot loop
        if word[-1:] in ",;:":
            break
        if (
            (low in _SKIPPED and word[:1].islower())
            or (low.endswith("ly") and word.islower())
            or low.endswith(("n't", "n’t"))
        ):
            i, skipped = i - 1, skipped + 1
        elif (
            ((low.isdigit() and len(low) == 4) or low in _TIME_HEADS)
            and i >= 1
            and _lower(words[i - 1]) in _TIME_LEADS
        ):
            i, skipped = i - 2, skipped + 1  # "who in 2010 said", "Trump on Tuesday said"
        elif low == "past" and i >= 2 and [_lower(w) for w in words[i - 2 : i]] == ["in", "the"]:
            i, skipped = i - 3, skipped + 1  # "who has in the past described"
        elif low == "ago":
            i, skipped = i - 1, skipped + 1
            while i >= 0 and _lower(words[i]) in _AGO_WORDS:
                i -= 1
        elif low in _WEEKDAYS:
            i, skipped = i - 1, skipped + 1
            if i >= 0 and _lower(words[i]) == "on":
                i -= 1
        else:
            break
    if i < 0:
        return None, cue_start
    # appositive: "..., a doctor at the clinic, said"
    word = words[i]
    chunks = 0
    while word.endswith(",") and chunks < 3:
        # "Ines Carvalho, of River Watch, which campaigned for it, said": chunk by chunk
        chunks += 1
        j = i - 1
        while j >= 0 and i - j <= 25 and not words[j].endswith(","):
            j -= 1
        chunk = words[j + 1 : i + 1]
        before_chunk = words[j] if j >= 0 else ""
        if j > 0 and len(chunk) <= 3 and all(_is_name_word(w) for w in chunk):
            k = _joined_chunk_start(words, j, i, before_chunk)
            if k is not None:
                j = k
                chunk = words[j + 1 : i + 1]
                before_chunk = words[j] if j >= 0 else ""
        if len(chunk) == 1 and _lower(chunk[0]) in _RELATIVES:
            break  # "Bo Stern, who, after ..., said": the relative pronoun is the mention
        first = _lower(chunk[0])
        if chunks > 1 and not (
            (first in _LINKS or first in DETERMINERS)
            and _is_name_word(before_chunk)
            and _lower(before_chunk) not in _LEAD_WORDS  # "Still, ...", "Separately, ..."
        ):
            break  # only "Name, of Org, who ...", "Name, the director, who ..." chains go back
        if j >= 0 and all(w.rstrip(",").isdigit() for w in chunk):
            i = j  # an age: "Ramos, 58, told"
        elif j >= 0 and (
            chunk[0][:1].islower()
            or _lower(chunk[0]) in DETERMINERS
            or (_is_name_word(before_chunk) and any(w[:1].islower() for w in chunk))
        ):
            i = j
        elif not (_is_name_word(word) and len(word) > 2):
            return None, cue_start
        else:
            break
        word = words[i]
    if chunks and _lower(words[i]) in _RELATIVES and words[i].endswith(","):
        # "Bo Stern, who, after trading insults with Hale, said": the mention as written
        return (start_of(i), start_of(i) + len(words[i]) - 1), start_of(i)
    head_length = _clean_end(words[i], 0, len(words[i]))
    if _lower(words[i][:head_length]) in PRONOUNS:
        return (start_of(i), start_of(i) + head_length), start_of(i)
    j = i
    while j >= 0 and i - j < 9:
        word = words[j]
        low = word.strip(_PUNCTUATION).lower()  # _lower, inlined in this hot loop
        if j < i and word[-1:] in ",;:":
            break
        if (
            low in _BOUNDARIES
            and not (low in _INNER and j < i and j > 0)
            and not (
                j == i
                and word[:1].isupper()
                and word[1:].islower()
                and _mid_sentence(masked[max(lo, start_of(j) - 3) : start_of(j)].rstrip()[-1:])
            )
        ):
            # but "“…,” Will wrote", "which Will claims": a capitalized word right before
            # the cue, inside a sentence, is a name
            break
        if low in _INNER and not _inner_left_ok(words[j + 1 : i + 1]):
            break
        if low in PRONOUNS and j < i:
            break
        j -= 1
    phrase = words[j + 1 : i + 1]
    start_index = j + 1
    # drop lower-case lead-in words before a name ("yesterday Trump")
    while start_index < i and not _is_name_word(phrase[0]) and _lower(phrase[0]) not in DETERMINERS:
        if any(_is_name_word(w) for w in phrase[1:]) or _lower(phrase[-1]) in nouns:
            phrase, start_index = phrase[1:], start_index + 1
        else:
            break
    while phrase and _lower(phrase[0]) in _INNER:
        phrase, start_index = phrase[1:], start_index + 1
    if (
        phrase
        and _lower(phrase[0]) in _POSSESSIVE_LEAD
        and j >= 1
        and _lower(words[j]) in _PP_HEADS
    ):
        # "Trump in his announcement speech called": skip the phrase, take "Trump"
        before, material = left_mention(masked, lo, start_of(j), nouns)
        if before is not None and _is_name_word(masked[before[0] : before[1]]):
            return before, material
        coordinated = j >= 2 and _lower(words[j - 1]) in _COORDINATORS
        if before is None and coordinated and not any(_is_name_word(w) for w in phrase):
            return None, cue_start  # "but in a later interview said": no subject here
    if j >= 1 and words[j] in _AGENT_LINKS and phrase and _is_participle(words[j - 1]):
        # "a letter obtained by The Associated Press warns", "a source speaking to Fox News
        # said": the noun phrase before the participle is the subject
        before, material = left_mention(masked, lo, start_of(j - 1), nouns)
        if before is not None:
            return before, material
    if not _acceptable(phrase, nouns):
        return None, cue_start
    chain = _comma_chain_start(words, start_index)
    if chain is not None:
        # "Cory James, 22, of Flint, Mich., said": the name that opens the chain
        name_end = start_of(chain[1]) + _clean_end(words[chain[1]], 0, len(words[chain[1]]))
        return (start_of(chain[0]), name_end), start_of(chain[0])
    return (start_of(start_index), start_of(i) + head_length), start_of(j + 1)


def _mid_sentence(char_before: str) -> bool:
    """Whether a word after ``char_before`` is inside a sentence (a quote, a comma or a
    lower-case word before it), where only a name is capitalized."""
    return char_before in ("\x00", ",") or char_before.islower()


def _is_participle(word: str) -> bool:
    """A lower-case -ed or -ing form ("obtained", "speaking")."""
    return word.isalpha() and word.islower() and word.endswith(("ed", "ing"))


def _joined_chunk_start(words: list[str], j: int, i: int, before_chunk: str) -> int | None:
    """Where the chunk before a name chunk ``words[j + 1 : i + 1]`` starts when the two
    read as one aside: a place and its state ("in Columbus, Ohio,"), or a noun phrase and
    the name it stands for after a name ("Vian, the editor of the paper, The Ledger,",
    "Dunn, whose firm, Datalux,", "Lund, who is a pastor in Elk Lake, Utah,")."""
    k = j - 1
    while k >= 0 and i - k <= 25 and not words[k].endswith(","):
        k -= 1
    opener = words[k + 1]
    single = len(words[j + 1 : i + 1]) == 1 and before_chunk[:1].isupper()
    if single and any(w in _PLACE_HEADS for w in words[k + 1 : j + 1]):
        return k
    if (opener[:1].islower() or _lower(opener) in DETERMINERS) and _name_chunk_ends_at(words, k):
        return k
    return None


def _name_chunk_ends_at(words: list[str], k: int) -> bool:
    """Whether words[k] ends a chunk (since the comma before) of a few capitalized words."""
    if k < 0 or _lower(words[k]) in _TIME_HEADS:
        return False
    start = k
    while start > 0 and not words[start - 1].endswith(",") and k - start < 5:
        start -= 1
    return (start == 0 or words[start - 1].endswith(",")) and all(
        w[:1].isupper() for w in words[start : k + 1]
    )


def _comma_chain_start(words: list[str], start: int) -> tuple[int, int] | None:
    """(first, last) index of the words of the name opening a chain of short comma chunks
    that ends at ``start`` ("Cory James, 22, of Flint, Mich.,"), if any."""
    if start == 0 or words[start - 1][-1] != ",":
        return None
    index = start - 1
    chunks = 0
    located = False  # the chain has an age or an "of/from Place" chunk
    while index >= 0 and chunks < 4:
        end = index  # this chunk ends with a comma at word ``end``
        index -= 1
        while index >= 0 and words[index][-1] not in ",.;:!?" and end - index < 6:
            index -= 1
        chunks += 1
        first = index + 1
        word = words[first]
        located = located or word.rstrip(",").isdigit() or _lower(word) in {"of", "from"}
        at_boundary = index < 0 or (
            words[index][-1] in ".!?;:" and not _TITLE_ABBREVIATIONS.match(words[index])
        )
        if at_boundary and word[:1].isupper() and _lower(word) not in _BOUNDARIES:
            return (first, end) if located else None
        if index < 0 or words[index][-1] != ",":
            return None
    return None


def _inner_left_ok(words: list[str]) -> bool:
    """ "of"/"for" walking left: inside a common-noun phrase, or before a name."""
    return not any(_is_name_word(w) for w in words) or _is_name_word(words[0])


def _inner_ok(masked: str, taken: list[Span], tokens: list[Span], index: int) -> bool:
    """ "of"/"for" inside a mention: after a common noun, or before a name ("Secretary of State")."""
    if not any(_is_name_word(masked[s:e]) for s, e in taken):
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and _is_name_word(masked[following[0] : following[1]])


def _tokens_before_quote(masked: str, start: int, end: int, limit: int) -> list[Span]:
    """Spans of the first ``limit`` tokens of masked[start:end] that come before a quote."""
    quote = masked.find("\x00", start, end)
    tokens = []
    for match in TOKEN.finditer(masked, start, end if quote < 0 else quote):
        tokens.append(match.span())
        if len(tokens) >= limit:
            break
    return tokens


def right_mention(masked: str, cue_end: int, hi: int, nouns: frozenset[str]) -> Span | None:
    """The subject right after a cue ("said Putin", "said a spokesman for the campaign")."""
    tokens = _tokens_before_quote(masked, cue_end, hi, 8)
    if not tokens:
        return None
    first = masked[tokens[0][0] : tokens[0][1]]
    if _lower(first) in PRONOUNS and first.lower() != "it":
        end = _clean_end(masked, *tokens[0])
        return (tokens[0][0], end) if first[0].islower() or len(first) > 1 else None
    taken: list[Span] = []
    for index, (start, end) in enumerate(tokens):
        word = masked[start:end]
        low = _lower(word)
        if (
            low in _BOUNDARIES
            and not (low in _INNER and taken and _inner_ok(masked, taken, tokens, index))
            and not (
                word[:1].isupper()
                and word[1:].islower()
                and index + 1 < len(tokens)
                and masked[tokens[index + 1][0]].isupper()
            )
        ):
            break  # but "said Will Doyle": a capitalized word before a name is a name
        if low in PRONOUNS or (low in _WEEKDAYS and not taken):
            break  # "said Monday", but "reads a Wednesday editorial"
        if taken and (
            (low in _TIME_HEADS and _lower(masked[slice(*taken[-1])]) not in DETERMINERS)
            or (low in _TIME_LEADS and _time_ahead(masked, tokens, index))
        ):
            break  # "said Ann Lund last week", "according to a study last year by ..."
        if not taken and not (_is_name_word(word) or low in DETERMINERS or low in nouns):
            upcoming = [masked[s:e] for s, e in tokens[index + 1 : index + 6]]
            if word[-1:] in ",;:.!?" or not any(_is_name_word(w) for w in upcoming):
                return None  # "said former governor Howard Dean" is fine
        taken.append((start, end))
        if word[-1:] in ",;:.!?" and not _TITLE_ABBREVIATIONS.match(word):
            break
        if index >= 6:
            break
    while taken and _lower(masked[taken[-1][0] : taken[-1][1]]) in _INNER_OR_DETERMINERS:
        if len(taken) == 1 and _lower(masked[taken[0][0] : taken[0][1]]) in _ALONE:
            break  # "according to some on Twitter": a mention of one word
        taken.pop()
    if not taken:
        return None
    words = [masked[s:e] for s, e in taken]
    if not _acceptable(words, nouns):
        return None
    return taken[0][0], _clean_end(masked, taken[0][0], taken[-1][1])


def _time_ahead(masked: str, tokens: list[Span], index: int) -> bool:
    """A time lead before a time word at ``tokens[index]`` ("last year", "this week")."""
    if index + 1 >= len(tokens) or _lower(masked[slice(*tokens[index])]) not in _TIME_LEADS:
        return False
    return _lower(masked[slice(*tokens[index + 1])]) in _TIME_HEADS


_LEAD_WORDS = WORD_CLASSES["lead_words"]


def _skip_lead_in(masked: str, tokens: list[Span]) -> int:
    """Index of the first token after lead-in words and a dateline."""
    index = 0
    while index < len(tokens):
        word = masked[tokens[index][0] : tokens[index][1]]
        low = _lower(word)
        if low in _LEAD_WORDS or (word.isupper() and len(word) > 2 and word.isalpha()):
            index += 1
            continue
        if word in ("-", "—", "–", "--") or (word.startswith("(") and word.endswith(")")):
            index += 1
            continue
        break
    return index


def subject_mention(masked: str, lo: int, hi: int, nouns: frozenset[str]) -> Span | None:
    """The subject at the start of a clause ("The Russian President justified ...")."""
    tokens = _tokens_before_quote(masked, lo, hi, 12)
    # skip a lead-in ("But", "Then", "On Thursday,", "In a statement,", "WASHINGTON (AP) -")
    index = _skip_lead_in(masked, tokens)
    if index < len(tokens) and _lower(masked[tokens[index][0] : tokens[index][1]]) in _BOUNDARIES:
        comma = next(
            (k for k in range(index, len(tokens)) if masked[tokens[k][1] - 1] == ","), None
        )
        if comma is None:
            return None
        index = comma + 1
        while index < len(tokens) and masked[tokens[index][0]].isdigit():
            index += 1  # the rest of a date: "On July 6, 2015, Sanders ..."
    if index >= len(tokens):
        return None
    first = masked[tokens[index][0] : tokens[index][1]]
    if _lower(first) in PRONOUNS:
        return tokens[index][0], _clean_end(masked, *tokens[index])
    taken: list[Span] = []
    for start, end in tokens[index : index + 7]:
        word = masked[start:end]
        low = _lower(word)
        opened = bool(taken) and _lower(masked[taken[0][0] : taken[0][1]]) in DETERMINERS
        common = opened and word.isalpha() and word.islower() and not low.endswith("ed")
        if taken and not (_is_name_word(word) or low in nouns or low in _INNER or common):
            break
        if common and (low in _BOUNDARIES or low in _ADVERBS or low in _SKIPPED):
            break  # "A city official later ...": the verb phrase starts
        if not taken and not (_is_name_word(word) or low in DETERMINERS or low in nouns):
            return None
        taken.append((start, end))
        if word[-1:] in ",;:":
            break
    while taken and _lower(masked[taken[-1][0] : taken[-1][1]]) in _INNER_OR_DETERMINERS:
        taken.pop()
    words = [masked[s:e] for s, e in taken]
    if not _acceptable(words, nouns):
        return None
    return taken[0][0], _clean_end(masked, taken[0][0], taken[-1][1])


_VERB_LIKE = WORD_CLASSES["verb_like"]


def clause_subject(masked: str, lo: int, cue_start: int, nouns: frozenset[str]) -> Span | None:
    """The subject of the last finite verb before a cue ("The town released a statement
    Wednesday saying ..." -> "The town"), by the pattern name/pronoun + lower-case verb."""
    words = masked[lo:cue_start].replace("\x00", " ").split()  # the tokens, as strings
    first = 0
    if words and _lower(words[0]) in _BOUNDARIES:
        # a lead-in phrase ("In a statement released Thursday, ...") holds no subject
        comma = next((k for k, word in enumerate(words) if word[-1] == ","), None)
        if comma is not None:
            first = comma + 1
    fallback = None
    for k in range(first, len(words) - 1):
        word, verb = words[k], words[k + 1]
        if not verb.isalpha() or not verb.islower() or word[-1:] in ",;:":
            continue
        finite = (verb.endswith(("ed", "s")) or verb in _VERB_LIKE) and verb not in _BOUNDARIES
        if not finite and not (verb in _AUXILIARIES and _name_and_auxiliary(words, k)):
            continue
        subject = k
        if k > first and word.islower() and (word.endswith("ly") or word in _ADVERBS):
            subject = k - 1  # "A campaign official later walked back ...": skip the adverb
            word = words[subject]
        before = _lower(words[subject - 1]) if subject > first else ""
        if verb.endswith("s") and before in DETERMINERS:
            continue  # "the Turkish soldiers": a noun, not a verb
        low = _lower(word)
        if low in _LEAD_WORDS or (word.isupper() and len(word) > 2):
            continue
        if low.endswith(("’s", "'s")):
            continue  # "attacks on Clinton’s fitness": a possessive, then a noun in -s
        if low in PRONOUNS or (_is_name_word(word) and not word[:1].isdigit()):
            span, _ = left_mention(masked, lo, _offset(masked, lo, words, k + 1), nouns)
            if span is not None:
                return span
        elif fallback is None and (low in nouns or before in DETERMINERS):
            fallback, _ = left_mention(masked, lo, _offset(masked, lo, words, k + 1), nouns)
    return fallback


def _name_and_auxiliary(words: list[str], k: int) -> bool:
    """After an auxiliary at words[k + 1]: a name, "has" and a participle at words[k:k + 3]
    ("Clinton has taken a swipe at ...")."""
    following = words[k + 2] if k + 2 < len(words) else ""
    return (
        words[k][:1].isupper()
        and _lower(words[k]) not in PRONOUNS
        and following.isalpha()
        and following.islower()
        and following != "been"
    )


def _offset(masked: str, lo: int, words: list[str], index: int) -> int:
    """Where words[index] starts, the words being the tokens of masked[lo:] in order."""
    position = lo
    for word in words[:index]:
        position = masked.find(word, position) + len(word)
    return masked.find(words[index], position)


def _verb_like(word: str) -> bool:
    low = word.lower()
    if not word.isalpha() or not word[1:].islower() or low in _BOUNDARIES:
        return False
    return low.endswith("ed") or low in _VERB_LIKE or (low.endswith("s") and len(low) > 3)


def verb_after_quote(
    masked: str, position: int, end: int, nouns: frozenset[str]
) -> tuple[Span, Span] | None:
    """(verb, speaker) of an attribution with a verb not in the lexicon, right after a
    quote: "“…,” Murphy Tweeted", "“…,” begins a scripted message"."""
    tokens = _tokens_before_quote(masked, position, min(end, position + 200), 12)
    if len(tokens) < 2:
        return None
    first = masked[tokens[0][0] : tokens[0][1]]
    if _verb_like(first) and first[0].islower():
        speaker = right_mention(masked, tokens[0][1], end, nouns)
        if speaker is not None:
            return tokens[0], speaker
        return None
    speaker = right_mention(masked, position, end, nouns)
    if speaker is None:
        return None
    inside = [t for t in tokens if speaker[0] <= t[0] < speaker[1]]
    last = masked[inside[-1][0] : inside[-1][1]].rstrip(",.;:!?") if len(inside) >= 2 else ""
    if last.islower() and _verb_like(last) and _is_name_word(masked[inside[-2][0] : inside[-2][1]]):
        # "“…,” Toomey fumed": the mention ran on into the verb
        return (inside[-1][0], inside[-1][0] + len(last)), (speaker[0], inside[-2][1])
    rest = [t for t in tokens if t[0] >= speaker[1]]
    if rest and masked[speaker[1] : speaker[1] + 1] == ",":
        # an appositive: "Murphy, the head of Right to Rise USA, Tweeted"
        close = next((k for k, t in enumerate(rest) if masked[t[1] - 1] == ","), None)
        rest = rest[close + 1 :] if close is not None else []
    if rest:
        word = masked[rest[0][0] : rest[0][1]].rstrip(",.")
        if _verb_like(word):
            return (rest[0][0], rest[0][0] + len(word)), speaker
    return None


def named_in_full(text: str, label: str) -> bool:
    """True when a label in capitals ("TAPPER", "RUAIRI DOYLE") is someone the text names
    in full elsewhere ("Jake Tapper", "Captain Ruairi Doyle"); headings ("UPDATE") and
    acronyms ("TSSA") are not."""
    words = label.split()
    if not words or len(words) > 3:
        return False
    last = words[-1].title()
    at = text.find(last)
    while at >= 0:
        end = at + len(last)
        if not text[end : end + 1].isalnum() and _NAME_BEFORE.search(text, max(0, at - 40), at):
            return True
        at = text.find(last, end)
    return False


_NAME_BEFORE = re.compile(r"(?<![\w'’-])(?!The[ \t])[A-Z][\w.'’-]*[ \t]+\Z")  # not "The Hill"
