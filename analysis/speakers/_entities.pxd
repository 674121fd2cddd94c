# Build-time declarations for the compiled module (setup.py); plain Python ignores this
# file. The two classes become extension types: their attributes are slots read without
# a dictionary lookup (every attribute the .py sets must be listed here, or the compiled
# module raises AttributeError), and the methods called most from inside the module are
# called directly in C. Arguments stay untyped, so the behaviour is the .py's.
cdef class Entity:
    cdef public object aliases, confirmed, distinct, hon, kind, name, positions, pron, titles
    cpdef gender(self)

cdef class ArticleEntities:
    cdef public object text, rules, quote_starts, quote_ends, para_starts, sent_starts
    cdef public object entities, by_key, by_last, by_first, orgs, mention_starts, mention_ids
    cdef public object org_mentions, subjects, author, honorific_claims, speaker_names
    cdef public object voiced, word_kinds, speaker_words, pronoun_starts, pronoun_genders
    cdef public object mention_pairs
    cpdef sentence(self, pos)
    cpdef paragraph(self, pos)
    cpdef inside_quote(self, pos)
    cpdef new_entity(self, kind, name)
    cpdef person_entity(self, name)
    cpdef _add_person(self, eid, m, in_body)
    cpdef _one_word_person(self, word, pos, gender, title_key)
    cpdef _add_position(self, pos, eid)
    cpdef most_recent(self, ids, pos)
    cpdef _subject_like(self, sentence_start, pos)
    cpdef _pronouns_in(self, start, end)

cpdef fold_word(word)
cpdef fold_words(words)
