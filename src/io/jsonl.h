/* jsonl.h - JSON Lines (one JSON object per line) into dictionary-encoded columns. Objects are
 * parsed with jansson; nested keys are joined with '.', an array is one value (its compact
 * JSON text), numbers keep the text they were written with. docs/inputs.md has the rules. */
#ifndef OUTIS_JSONL_H
#define OUTIS_JSONL_H

#include "reservoir.h"
#include "source.h"

/* Reads all of src, line by line (memory: the table and the longest line). opts gives the
 * columns to load, the missing-value tokens, hashed columns, the field limit (a line may hold
 * 64 times as much), skip_bad_rows (lines that are not a JSON object are skipped and counted)
 * and progress. sample: keep a uniform sample of rows, or NULL; sink (without a sample): told
 * of the rows block by block, which it drops (rows.h), or NULL. On failure out is left empty;
 * err has the line, the character column where jansson knows it, and src->name. */
int jsonl_read(csv_data *out, source *src, const outis_csv_options *opts, reservoir *sample,
               const csv_sink *sink, outis_error *err);

#endif
