/* fixed.h - decimal text to fixed point and back, exactly. DP sums are computed on integers
 * at a stated granularity 10^gexp, so neither the noise nor the order of summation can leak
 * through floating-point rounding (Casacuberta et al., CCS 2022). */
#ifndef OUTIS_DP_FIXED_H
#define OUTIS_DP_FIXED_H

#include <stddef.h>
#include <stdint.h>

/* Largest magnitude a parsed value takes: values beyond are saturated (callers clamp them to
 * bounds well inside this). */
#define FIXED_LIMIT ((int64_t)1 << 62)

/* Parses decimal text (spaces around, optional sign, digits with an optional fraction,
 * optional exponent) into units of 10^gexp, rounding half to even. Returns 0, or -1 if the
 * text is not a number ("inf", "nan", "1,5" and "" are not). */
int fixed_parse(int64_t *out, const char *s, size_t len, int gexp);
/* A double, through its shortest round-trip decimal form ("%.17g"). */
int fixed_from_double(int64_t *out, double v, int gexp);
/* Writes units * 10^gexp as decimal text ("-12.50" for -1250 at gexp -2); cap >= 56. */
void fixed_format(char *buf, size_t cap, int64_t units, int gexp);
__extension__ void fixed_format128(char *buf, size_t cap, __int128 units, int gexp);
/* gexp of a granularity that is a power of ten in [1e-12, 1e12], else -1000. */
int fixed_gexp(double granularity);

#endif
