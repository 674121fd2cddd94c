"""Tests of the speaker mention found for a quote, one case per error class fixed.

The sentences are invented; each names the mention that PolNeAR-style annotation
expects (the source as written next to the cue).
"""

from __future__ import annotations

import pytest

from analysis.quotes import find_quotes


def _speaker_of(text: str, fragment: str) -> str | None:
    quotes = [q for q in find_quotes(text) if fragment in q["quote_text"]]
    assert quotes, (
        f"no quote containing {fragment!r} in {[q['quote_text'] for q in find_quotes(text)]}"
    )
    return quotes[0]["speaker_mention"]


# (text, fragment of the quote, expected speaker mention)
MENTIONS = [
    # a quote followed by "according to": the source after it
    ("“The plant will close in June,” according to the union.", "plant will close", "the union"),
    # "X said, according to Y": X spoke, Y only relays it (a name, a pronoun, a role)
    (
        "“We are not leaving,” Ms. Ortega said Monday, according to the local radio station.",
        "not leaving",
        "Ms. Ortega",
    ),
    (
        "The mayor said the bridge was “perfectly safe,” according to the Daily Courier.",
        "perfectly safe",
        "The mayor",
    ),
    ("“I will run again,” she said, according to CNN.", "run again", "she"),
    ("“Peace is possible,” the pope told reporters, according to Reuters.", "Peace", "the pope"),
    # ... but Y is the source when X is no one in particular: a share, "some", "they"
    (
        "Some 55 percent of residents said they do not believe the mayor ''cares about "
        "people like me,'' according to a city poll conducted in May.",
        "cares about people",
        "a city poll conducted",
    ),
    (
        "Some said the plan was “a waste of money,” according to a poll by Gallup.",
        "waste of money",
        "a poll",
    ),
    (
        "“It is over,” they said, according to a survey by the Pew Research Center.",
        "over",
        "a survey",
    ),
    (
        "The vast majority of voters say they want “real change now,” according to a Ledger "
        "poll released Friday.",
        "real change",
        "a Ledger poll released",
    ),
    # "X believes, X said, that “…”": the parenthetical report is the outer attribution
    (
        'She sincerely believes, she said, that "the mayor is a really, really good leader."',
        "good leader",
        "she",
    ),
    # a relative "that" is the mention as written
    ("Volunteers handed out leaflets that said, “Vote early, vote often.”", "Vote early", "that"),
    # "with <subject> <-ing cue>"
    (
        "Teachers unions backed her early, with the National Federation of Nurses calling "
        "her “the champion working families need.”",
        "champion",
        "the National Federation of Nurses",
    ),
    (
        "Critics tried to tie the judge to the governor, with one of their ads asking, "
        "“Is she independent enough to serve?”",
        "independent enough",
        "one of their ads",
    ),
    # a possessive before a noun in -s is no subject
    (
        "Her spokesman pushed back on attacks on Lund’s fitness to serve, saying she had been "
        "“a steady hand.”",
        "steady hand",
        "Her spokesman",
    ),
    # an adverb between the subject and its verb
    (
        "A city official later walked back the remark, saying that the council “never meant "
        "to offend anyone.”",
        "never meant",
        "A city official",
    ),
    (
        "A city official later withdrew the remark, saying that the council “never meant "
        "to offend anyone.”",
        "never meant",
        "A city official",
    ),
    # an abbreviated date before the name is no sentence end; a day is no name
    (
        "On Aug. 4, Maj. Ellen Brandt, a spokeswoman for the garrison, said, “The drill went "
        "as planned.”",
        "drill went",
        "Maj. Ellen Brandt",
    ),
    # "during a town hall in Dayton, Ohio,": a place and its state inside an aside
    (
        "Lund, during a town hall in Dayton, Ohio, said she would “fight for every job.”",
        "fight for every job",
        "Lund",
    ),
    # an inverted subject with a long title before the name
    (
        "“Nobody expected this,” said former secretary of state Ann Lund, who led the talks.",
        "Nobody expected",
        "former secretary of state Ann Lund",
    ),
    # "“A,” X said. “B.” He said, twice, that ...": B is still X's
    (
        "''We will reopen the mill,'' Mr. Ortega said. ''It is the heart of this town.'' "
        "He said, twice, that he would not run again.",
        "heart of this town",
        "Mr. Ortega",
    ),
    # "Will" before a name, or right after a quote, is a name, not a modal
    (
        '"It\'s an expensive business model," said Will Dorne, a professor of economics at '
        'Kell University. "The biggest cost is people."',
        "expensive business model",
        "Will Dorne",
    ),
    ("“This might hasten the eclipse of the outsiders,” Will wrote.", "hasten", "Will"),
    # a cue phrase in -ing after its subject is finite
    ("“Our method succeeds where others fail,” Brandt is quoted as saying.", "method", "Brandt"),
    # a weekday inside the inverted subject
    (
        "“There are jellyfish with more spine than the senator,” reads a Sunday editorial in "
        "The Valley Ledger.",
        "jellyfish",
        "a Sunday editorial",
    ),
    # a verb not in the lexicon right after "“…,” Name"
    (
        "“If they were serious, they would have backed the only bill with support,” Toomer "
        "fumed on Tuesday.",
        "If they were serious",
        "Toomer",
    ),
    ("“The paper claims you said this off the record,” Hannon started.", "paper claims", "Hannon"),
    # after a quoted question, the next "sentence" is its attribution however long it runs
    (
        "Lund criticised the plan. “It looks like we’re not going to get along, who knows?” "
        "Ortega told Valley Radio’s morning show in an interview aired on Monday when asked "
        "how ties would fare if he won the election.",
        "get along",
        "Ortega",
    ),
    # a follow-on quote after "..., he said.": his, not the subject of the sentence
    ("Also, Lund isn't a conservative, he said. \"She's a liberal!\"", "liberal", "he"),
    # "But, said X, “…”" opens the sentence: the quote after it is X's
    (
        'But, said Dorne, "I don\'t want to stir up a fight because I know her temper."',
        "fight",
        "Dorne",
    ),
    # "X intends ..., Y said, adding ...": the clause is Y's, and so is what Y adds
    (
        "The mayor intends to close the old bridge in March, Ms. Ortega said, adding that "
        "the city would also hold “public hearings on the plan.”",
        "public hearings",
        "Ms. Ortega",
    ),
    # a dateline, then "Name has <verb>ed ..., saying"
    (
        "Boston (AP) – Governor Ann Lund has taken a swipe at her rival’s budget, saying that "
        "“empty promises” do more harm than good.",
        "empty promises",
        "Governor Ann Lund",
    ),
    # "X, citing “…,” said ...": X is the subject, not the words after "said"
    (
        "Mr. Ortega, citing ''the strength of the local economy,'' said the mill could reopen "
        "within a year.",
        "mill could reopen",
        "Mr. Ortega",
    ),
    # "While X didn't ..., Y did say ... and called ...": the clause of "While" ends at its comma
    (
        "While the donor didn’t disclose how much she gave, she did say she found the candidate "
        "“very charming” and called his platform “refreshing.”",
        "refreshing",
        "she",
    ),
    # "Alongside union calls for ..., Y said ..., saying": a lead-in holds no cue
    (
        "Alongside union calls for a strike, even a senior manager said the plant was "
        "“badly run,” saying, “We have to change course.”",
        "change course",
        "a senior manager",
    ),
    # a quote inside a sentence without a cue: the subject that opens the sentence
    (
        "Dana Royce, co-founder of the Harbor Institute and a longtime advocate of cheaper "
        "ferries, welcomed “the recognition that we do not, in fact, have the boats we need.”",
        "recognition",
        "Dana Royce",
    ),
    # ... but not a clause opener or a gerund: the speaker quoted before
    (
        "Lund said the party had moved on. Unless more rivals quit the race, “it is very "
        "difficult to see how she is stopped on her way.”",
        "very difficult",
        "Lund",
    ),
    (
        "Lund said she was angered by the early call. Doing so “appeared to be an attempt at "
        "poisoning the vote in California.”",
        "poisoning",
        "Lund",
    ),
    # a follow-on quote is not given to the "who" of a relative clause after the name
    (
        "“There's something about all those stories, right?” said Murphy, who thinks often "
        "about the father’s final words.\n“I mean, I don't think that all those things are "
        "coincidences. I struggle with it.”",
        "coincidences",
        "Murphy",
    ),
    # "“…,” as X said ...": the quote is X's
    (
        "Still, the fact that the race “is a dead heat right now,” as Lund said on the radio "
        "on Monday, only raises the stakes.",
        "dead heat",
        "Lund",
    ),
    # an adverb opening the sentence is no subject
    (
        "Ortega attacks what he calls the “big lie” of the campaign. Specifically, “that the "
        "workers who back Lund have been fooled by outside forces. They have not.”",
        "fooled",
        "he",
    ),
    # an inverted subject ends before a time ("said X last week")
    ("“We will win the state,” said Ann Lund last week.", "win the state", "Ann Lund"),
    (
        "The levy cut emissions by 5 percent with “negligible effects on growth,” according "
        "to a study last year by economists at Fenwick University.",
        "negligible effects",
        "a study",
    ),
    # a lone quantifier after the cue is a mention of one word
    ("“Enough is enough,” said some in the crowd.", "Enough", "some"),
    # ... but after a comma, a verb other than "said" does not invert: "his father" is its object
    (
        "The mayor's son, Grant, defended his father Tuesday on Facebook, saying: “He has "
        "learned a lot this year.”",
        "learned a lot",
        "Grant",
    ),
    # a name in apposition to a noun phrase inside the aside is not the subject
    (
        "Rita Vale, the editor of the city's biggest paper, The Daily Ledger, said every "
        "mayor was “both a builder and a politician.”",
        "both a builder",
        "Rita Vale",
    ),
    (
        "Mr. Dunn, whose latest firm, Datalux, sells data to stores, said Mr. Park was “a "
        "start-up kind of guy.”",
        "start-up kind",
        "Mr. Dunn",
    ),
    (
        "Ann Lund, who is a pastor at the Grace Church of Elk Lake, Utah, slammed the club "
        "for promoting “cheating and lying” among its members.",
        "cheating and lying",
        "Ann Lund",
    ),
    # ... but a name after a lead-in phrase opens the subject
    (
        "In a statement to the Observer, her senior adviser, Jake Sola, said: “She believes "
        "that cooperation is essential.”",
        "cooperation is essential",
        "Jake Sola",
    ),
    # "X, who, <aside>, said": the relative pronoun is the mention as written
    (
        "First there was the paper's deputy editor Bo Stern, who, after trading insults with "
        "Mr. Hale, said on the radio that “the party became an echo chamber of itself.”",
        "echo chamber",
        "who",
    ),
    # "..., before adding that ...": what the subject added, not a nested belief
    (
        "“Thanks, friend,” Mendel replied, before adding that he thinks “kids should really "
        "show some respect.”",
        "show some respect",
        "Mendel",
    ),
    # a participle after an adverbial clause with a pronoun subject: that pronoun
    (
        "Governor Dan Vale made the harbor a priority, but the effort stalled, and he has "
        "battled with the mayor ever since, at one point calling him a “liar.”",
        "liar",
        "he",
    ),
    # a long subject between the quotes and the cue starts right after the quotes
    (
        "“Tritium would allow a greater yield than plutonium alone,” nuclear experts Dana "
        "Holt and Mara Quist of Boston's Institute for Science and Global Security wrote in "
        "September.",
        "greater yield",
        "nuclear experts Dana Holt",
    ),
    (
        "“Lund needs a strategy for young voters,” Nate Sola, the polling expert who founded "
        "pollsite.com tweeted on Wednesday.",
        "strategy for young voters",
        "Nate Sola",
    ),
    (
        '"We can only wonder if the intent is to reopen the door for fraud," state Senate '
        "leader Phil Barger and House Speaker Tim Moor, both Republicans, said in a statement.",
        "reopen the door",
        "state Senate leader Phil Barger",
    ),
    # ... but a subject after an aside ends just before the cue
    (
        "“The mood is reminiscent of the 1960s,” the dawn of the modern movement, Dorne says.",
        "reminiscent",
        "Dorne",
    ),
    # a participle clause opening the sentence: the subject after its comma
    (
        "Recalling ''the fate of those who could not flee,'' the statement urged leaders to "
        "''avoid blaming the refugees.''",
        "could not flee",
        "the statement",
    ),
    (
        "Acknowledging that Lund “says a lot of silly stuff,” though, Dorne did suggest that "
        "her wealth helps.",
        "silly stuff",
        "Dorne",
    ),
    # a cue form after a determiner and an adjective is a noun ("the biggest challenges")
    (
        "He anticipated that one of the biggest challenges for a President Ruiz would be "
        "“dealing with the wide range of problems left behind.”",
        "wide range of problems",
        "He",
    ),
    (
        "Wendy Lund said in her opening remarks that the platform should back “our stalwart "
        "allies” abroad.",
        "stalwart allies",
        "Wendy Lund",
    ),
    # "<noun phrase> obtained by X", "<noun phrase> speaking to X": the noun phrase speaks
    (
        "A March 3 letter from the Veterans League obtained by The Daily Ledger warns that "
        "“any further contact will be through our attorney.”",
        "any further contact",
        "A March 3 letter",
    ),
    (
        "Another intelligence source speaking to Channel Nine said, “The agents are looking "
        "at the possible link between the gifts and the contracts.”",
        "possible link",
        "Another intelligence source",
    ),
    # "who has in the past described": the relative pronoun, the time skipped
    (
        "Beck, who has in the past described Lund as “a total fraud” and “a menace,” "
        "clearly meant it.",
        "total fraud",
        "who",
    ),
    # a sign or a hat "saying" / "reading" the quote is its source; a bare plural is not
    (
        "Lori Dunn held up a sign saying “Teachers Against Vale - Because We Have Seen This "
        "Before.”",
        "Teachers Against Vale",
        "a sign",
    ),
    (
        "Sen. Jo Sessler and former mayor Rudy Gill wore a Vale campaign hat reading, “Make "
        "Ohio Great Again Also” on Wednesday night.",
        "Make Ohio Great",
        "a Vale campaign hat",
    ),
    (
        "An angry army of workers had amassed at the center, calling for her firing and "
        "carrying signs saying, “Merger today, Chapter 11 tomorrow.”",
        "Merger today",
        "An angry army",
    ),
    # a capitalized function word inside a sentence is a name ("which Will claims")
    (
        "The speech, which Will claims affirmed “the basic conservative belief in the "
        "nation,” drew cheers.",
        "basic conservative belief",
        "Will",
    ),
    # "... when he brought up X and later said": the pronoun of the clause "and" goes on with
    (
        "Retired Col. Larry Wilks started the host's rant when he brought up the bombing and "
        "later said, “It is not just one group shooting people.”",
        "one group shooting",
        "he",
    ),
    # ... but "they" may be things: "after they came out" names no speaker
    (
        "Judge Ann Bradley apologized for the columns after they came out, saying they have "
        "“nothing to do with who I am as a person.”",
        "nothing to do with",
        "Judge Ann Bradley",
    ),
    # a sentence adverb ("Rather,") opening the sentence before is no subject
    (
        "Lund said the effort needs no rival. Rather, he said, the campaign's troubles will "
        "rally support.\n\n“To my knowledge, there is no heavy hitter involved as yet.”",
        "heavy hitter",
        "he",
    ),
    # an irregular past ("paid") marks the subject of the clause a coordinated cue goes on with
    (
        "A month later, he paid a visit to the border in Elk Lake, Utah and explained why “the "
        "farmers” were going to “love” him.",
        "the farmers",
        "he",
    ),
    # a lower-case speaker noun ("prosecutors") before a cue after the quote
    (
        '"The harm caused by the defendant\'s conduct is incalculable," federal prosecutors '
        "wrote in seeking a maximum penalty.",
        "incalculable",
        "prosecutors",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "speaker"), MENTIONS)
def test_speaker_mention(text: str, fragment: str, speaker: str) -> None:
    assert _speaker_of(text, fragment) == speaker


def test_said_that_clause_after_quote_keeps_its_own_content() -> None:
    text = (
        "''We will reopen the mill,'' Mr. Ortega said. ''It is the heart of this town.'' "
        "He said, twice, that he would not run again."
    )
    rows = find_quotes(text)
    clause = [q for q in rows if "would not run again" in q["quote_text"]]
    assert [q["speaker_mention"] for q in clause] == ["He"]
    assert all("heart of this town" not in q["quote_text"] for q in clause)


def test_a_number_after_in_is_no_year_to_skip() -> None:
    # "in 2010" before a cue is skipped as a time, "four in 10" is the subject
    text = 'About four in 10 said they were "angry" with the way the government is run.'
    assert "10" in (_speaker_of(text, "they were") or "")


def test_a_noun_phrase_after_a_cue_is_no_inverted_speaker_of_the_clause() -> None:
    # "..., pointing to a 12 percent rise ...": the rise says nothing
    text = (
        "According to the ministry, the budget will be presented on March 18.\n\n"
        "Lund ended her speech on a more optimistic note, pointing to a 12 percent rise in "
        "exports from the province’s ports last year and new investment in the industrial park."
    )
    assert all(q["speaker_mention"] != "a 12 percent rise" for q in find_quotes(text))


def test_according_to_at_the_start_frames_the_clause_after_its_comma() -> None:
    text = "According to some on Twitter, Kelly was “incognito,” sparking a long debate."
    (row,) = [q for q in find_quotes(text) if "incognito" in q["quote_text"]]
    assert row["speaker_mention"] == "some"
    assert row["quote_text"].startswith("Kelly was")


def test_a_quote_right_after_a_cue_is_its_object_not_the_content_of_a_later_frame() -> None:
    # "what X called “…”, the club charged ...": the quote is X's, "charged" frames no quote
    text = (
        "In 2009, under what Mr. Dale called ''the old growth model,'' the Elm Ridge Golf "
        "Club, a private course 200 miles south of here, charged a fee of $400."
    )
    rows = [q for q in find_quotes(text) if "old growth model" in q["quote_text"]]
    assert [q["speaker_mention"] for q in rows] == ["Mr. Dale"]


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        (
            "Senator Ola Brandt said that once the Senate goes on recess, “I plan to travel "
            "as much as I can.”",
            "that once the Senate",
            "Senator Ola Brandt",
        ),
        (
            "She said she was thinking, “Oh no, this cannot be real,” adding, “I had no words.”",
            "she was thinking",
            "She",
        ),
    ],
)
def test_a_clause_before_a_quote_is_part_of_the_content(text, clause, speaker) -> None:
    # "said that ..., “…”" frames the whole clause, quote included (a mixed quote)
    rows = [q for q in find_quotes(text) if q["quote_text"].startswith(clause)]
    assert [(q["quote_type"], q["speaker_mention"]) for q in rows] == [("mixed", speaker)]


def test_a_participle_after_an_adverbial_clause_takes_its_pronoun() -> None:
    text = (
        "Governor Ann Lund, a staunch Ruiz ally, acknowledged some copying even as she "
        "defended the speech, saying, “Most of the speech is completely different.”"
    )
    rows = [q for q in find_quotes(text) if q["quote_type"] == "direct"]
    assert [(q["cue"], q["speaker_mention"]) for q in rows] == [("saying", "she")]


def test_a_noun_phrase_after_a_preposition_is_no_subject() -> None:
    # "..., but in a later interview said": the subject said before, not the interview
    text = (
        "The clerk first said he did not recall deleting the files, but in a later interview "
        "said he had an “Oh, no” moment and deleted the whole archive."
    )
    rows = [q for q in find_quotes(text) if q["quote_text"].startswith("he had")]
    assert [q["speaker_mention"] for q in rows] == ["The clerk"]


def test_a_medial_attribution_frames_the_clause_around_it() -> None:
    # "A, he said, <verb> B": a finite verb after the frame goes on with the clause ...
    text = "The Ledger, Ruiz said, called the announcement “highly significant.”"
    rows = [q for q in find_quotes(text) if q["quote_text"].startswith("The Ledger")]
    assert [(q["quote_type"], q["speaker_mention"]) for q in rows] == [("mixed", "Ruiz")]
    # ... a participle after it frames B itself
    text = (
        "The mayor intends to close the bridge in March, Ms. Ortega said, adding that the "
        "city would hold “public hearings on the plan.”"
    )
    rows = [q for q in find_quotes(text) if q["speaker_mention"] == "Ms. Ortega"]
    assert [q["cue"] for q in rows if "public hearings" in q["quote_text"]] == ["adding"]


def test_an_inverted_medial_frame_joins_a_quote_that_goes_on_with_the_sentence() -> None:
    text = (
        "Because of how the party built the schedule, explained Rosen, “with this thing being "
        "over by March, it is hard to see how she gets time on TV.”"
    )
    rows = [q for q in find_quotes(text) if "hard to see" in q["quote_text"]]
    assert [(q["quote_type"], q["speaker_mention"]) for q in rows] == [("mixed", "Rosen")]
    assert rows[0]["quote_text"].startswith("Because of how")


def test_a_participle_takes_the_nearest_pronoun_subject() -> None:
    # "although he thanked ..., he sounded ..., saying": the "he" of the main clause
    text = (
        "And although he thanked the church for its support, he sounded a rare note of "
        "modesty, saying, “I am not sure I really deserve it.”"
    )
    (row,) = [q for q in find_quotes(text) if q["cue"] == "saying"]
    assert (row["speaker_mention"], row["speaker_start_char"]) == ("he", text.index("he sounded"))
