/* source.h - a byte stream for the readers: a file, standard input or a memory buffer,
 * optionally converted to UTF-8 from another encoding with iconv. */
#ifndef OUTIS_SOURCE_H
#define OUTIS_SOURCE_H

#include "outis/error.h"

#include <iconv.h>
#include <stddef.h>
#include <stdint.h>

typedef struct source {
    const char *name;
    int fd; /* -1 for a buffer */
    int owns_fd;
    const char *mem; /* buffer source */
    size_t mem_len, mem_pos;
    uint64_t size;      /* raw size if known, else 0 */
    uint64_t raw_done;  /* raw bytes consumed */
    uint64_t raw_lines; /* newlines in the raw bytes converted so far (iconv only) */
    int is_eof;
    int is_flushed; /* iconv's final shift state written */
    iconv_t cd;     /* (iconv_t)-1 when the input is UTF-8 */
    const char *encoding;
    const char *map; /* the file mapped in memory, or NULL */
    size_t map_len;
    char *raw; /* iconv input buffer */
    size_t raw_len, raw_cap;
} source;

/* Opens path ("-" = standard input). encoding NULL or UTF-8 means no conversion. */
int source_open(source *s, const char *path, const char *encoding, outis_error *err);
int source_open_buffer(source *s, const char *data, size_t len, const char *name,
                       const char *encoding, outis_error *err);
/* Reads up to cap bytes of UTF-8 into dst; *got = 0 only at the end of input. */
int source_read(source *s, char *dst, size_t cap, size_t *got, outis_error *err);
/* Maps a regular UTF-8 file into memory so readers can parse it in place without copying:
 * 0 with *data and *len set, or 1 when the source cannot be mapped (read it instead). */
int source_map(source *s, const char **data, size_t *len);
void source_close(source *s);

#endif
