# Build-time declarations (see analysis/speakers/_entities.pxd): the scores are computed
# in C doubles (``math`` below is C's libm, whose sqrt, fabs, floor and copysign give the
# same floats as Python's), the word loop uses its dict and lists without Python method
# calls, and these functions call each other directly in C.
cimport cython
from libc cimport math

cdef long _VALENCE, _CONTEXT

@cython.locals(words=dict, tokens=list, lowered=list, positions=list, valences=list,
               found=long, flags=long, n=Py_ssize_t, but=Py_ssize_t, position=Py_ssize_t,
               i=Py_ssize_t, valence=double, increment=double)
cpdef tuple _vader_scores(text, vader)

@cython.locals(flags=long)
cpdef tuple _word_entry(str word, vader)

@cython.locals(total=double, question_marks=Py_ssize_t, question_emphasis=double,
               emphasis=double, compound=double, pos_sum=double, neg_sum=double,
               valence=double, size=double)
cpdef tuple _combined_scores(list valences, Py_ssize_t n_neutral, text)

@cython.locals(scale=double, scaled=double, whole=double, fraction=double)
cpdef double _rounded(double value, int digits)
