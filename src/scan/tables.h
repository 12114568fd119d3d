/* tables.h - reference data of the validators, generated as arrays of integers by
 * scripts/gen_scan_tables.py into regions.c (GB/T 2260 codes, landline area codes) and
 * names.c (surnames). Read only through validate.c. */
#ifndef OUTIS_SCAN_TABLES_H
#define OUTIS_SCAN_TABLES_H

#include <stddef.h>
#include <stdint.h>

extern const uint16_t scan_region_prefix[];
extern const uint64_t scan_region_bits[][2];
extern const size_t scan_region_prefix_count;

extern const uint64_t scan_ac2[2];
extern const uint64_t scan_ac8[16];
extern const uint64_t scan_ac7[16];

extern const uint16_t scan_surname1[];
extern const size_t scan_surname1_count;
extern const uint32_t scan_surname2[];
extern const size_t scan_surname2_count;

#endif
