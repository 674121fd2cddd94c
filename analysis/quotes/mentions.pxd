# Build-time declarations (see analysis/speakers/_entities.pxd): the two word tests this
# module calls most often are called directly in C.
cpdef bint _is_name_word(str word)
cpdef str _lower(str word)
