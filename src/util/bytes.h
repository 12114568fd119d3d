/* bytes.h - small byte-level helpers: counting a byte, UTF-8 validation, edit distance. */
#ifndef OUTIS_BYTES_H
#define OUTIS_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Occurrences of byte c in p[0..n), eight bytes at a time (SWAR). */
size_t bytes_count(const char *p, size_t n, char c);
/* Length of the longest valid UTF-8 prefix of p[0..n); n when all of it is valid
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
size_t utf8_valid_prefix(const char *p, size_t n);
/* Levenshtein distance between two NUL-terminated strings (bytes), capped at 255. */
size_t edit_distance(const char *a, const char *b);

/* The index of the name closest to name by edit distance, if close enough to suggest, else
 * SIZE_MAX. */
size_t closest_name(const char *const *names, size_t n, const char *name);
/* Writes the error message for an unknown column: its name, a suggestion, and the list of
 * names (cut to fit). */
void unknown_name_message(char *buf, size_t size, const char *const *names, size_t n,
                          const char *name);
/* "a, b, c" into list[0..size), size >= 4, cut with "..." to fit. */
void join_names(char *list, size_t size, const char *const *names, size_t n);
/* The same for another kind of name ("table"): "unknown table 'x' (did you mean ...". */
void unknown_thing_message(char *buf, size_t size, const char *what, const char *const *names,
                           size_t n, const char *name);

#endif
