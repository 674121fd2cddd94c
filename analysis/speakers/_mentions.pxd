# Build-time declarations (see _entities.pxd): the small functions this module calls most
# often are called directly in C. A cpdef function may hold no generator expression.
cpdef str _bare(str word)
cpdef tuple word_info(str word, rules)
cpdef tuple _run_kind(str run, rules)
cpdef list mention_words(str mention)
