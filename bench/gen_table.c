/* gen_table.c - synthetic personal-data CSV for benchmarking `outis risk`.
 *
 *   cc -O2 -o gen_table gen_table.c -lm
 *   gen_table ROWS SEED > table.csv
 *
 * Writes a header and ROWS rows of 12 columns with realistic cardinalities and skew:
 *
 *   col name        values                        notes
 *   1   person_id   unique                        "P" + zero-padded number
 *   2   sex         F, M, X (+ ~0.1% empty)
 *   3   age         0-99                          population pyramid
 *   4   birth_ym    YYYY-MM, ~1,200               consistent with age (reference date 2024-06)
 *   5   zip         5-digit strings, 3,000        Zipf-Mandelbrot; some leading zeros
 *   6   race        6 (+ ~0.5% empty)
 *   7   marital     7 (+ ~1% "NA")                depends on age
 *   8   education   16 (+ ~1% "NA")               depends on age
 *   9   income      0-249,750 in steps of 250     log-normal; 0 for most minors; ~2% empty
 *   10  occupation  32 (+ ~1.5% empty)            some quoted: commas and doubled quotes
 *   11  city        300 (+ ~0.3% "NA")            nested in zip; ~1/6 quoted ("Name, ST");
 *                                                 a few non-ASCII UTF-8 names
 *   12  diagnosis   50 ICD-10 codes               Zipf-like; the sensitive attribute
 *
 * Columns 1-9 never contain a quote or a comma, so `cut -d, -f2-9` is exact on them; every
 * column uses a single spelling for a missing value, so counting raw strings gives the same
 * equivalence classes as outis (which reads "", NA and NULL as one missing value).
 *
 * The output depends only on ROWS and SEED (xoshiro256** seeded by splitmix64; every
 * distribution is sampled with Walker's alias method from one 64-bit draw). No dependencies
 * beyond libc and libm (log/exp, only while building the tables). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers ---- */

static uint64_t rng_s[4];

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(void)
{
    uint64_t r = rotl(rng_s[1] * 5, 7) * 9;
    uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return r;
}

static void rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        rng_s[i] = splitmix64(&seed);
    }
}

/* uniform in [0, n) from 32 random bits (n < 2^32) */
static inline uint32_t bounded32(uint32_t r, uint32_t n)
{
    return (uint32_t)(((uint64_t)r * n) >> 32);
}

/* ---- alias tables ---- */

typedef struct {
    uint32_t n;
    uint32_t *prob; /* threshold on 32 bits: keep column i if coin < prob[i] */
    uint32_t *alias;
} alias_t;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "gen_table: out of memory\n");
        exit(2);
    }
    return p;
}

static void alias_build(alias_t *a, const double *w, uint32_t n)
{
    double sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        sum += w[i];
    }
    double *p = xmalloc(n * sizeof *p);
    uint32_t *small = xmalloc(n * sizeof *small), *large = xmalloc(n * sizeof *large);
    uint32_t ns = 0, nl = 0;
    a->n = n;
    a->prob = xmalloc(n * sizeof *a->prob);
    a->alias = xmalloc(n * sizeof *a->alias);
    for (uint32_t i = 0; i < n; i++) {
        p[i] = w[i] * n / sum;
        if (p[i] < 1.0) {
            small[ns++] = i;
        } else {
            large[nl++] = i;
        }
    }
    while (ns > 0 && nl > 0) {
        uint32_t s = small[--ns], l = large[nl - 1];
        a->prob[s] =
            (uint32_t)(p[s] * 4294967296.0 > 4294967295.0 ? 4294967295.0 : p[s] * 4294967296.0);
        a->alias[s] = l;
        p[l] = (p[l] + p[s]) - 1.0;
        if (p[l] < 1.0) {
            nl--;
            small[ns++] = l;
        }
    }
    while (nl > 0) {
        uint32_t l = large[--nl];
        a->prob[l] = UINT32_MAX;
        a->alias[l] = l;
    }
    while (ns > 0) { /* rounding leftovers */
        uint32_t s = small[--ns];
        a->prob[s] = UINT32_MAX;
        a->alias[s] = s;
    }
    free(p);
    free(small);
    free(large);
}

static inline uint32_t alias_draw(const alias_t *a)
{
    uint64_t r = rng_next();
    uint32_t i = bounded32((uint32_t)(r >> 32), a->n);
    return (uint32_t)r < a->prob[i] ? i : a->alias[i];
}

/* ---- CSV-encoded values ---- */

typedef struct {
    const char *s; /* already CSV-encoded (quoted where needed) */
    uint8_t len;
} val_t;

static char *intern_csv(const char *raw, uint8_t *len)
{
    size_t n = strlen(raw);
    int quote = strpbrk(raw, ",\"\r\n") != NULL;
    char *out = xmalloc(2 * n + 3), *o = out;
    if (quote) {
        *o++ = '"';
    }
    for (const char *p = raw; *p; p++) {
        if (*p == '"') {
            *o++ = '"';
        }
        *o++ = *p;
    }
    if (quote) {
        *o++ = '"';
    }
    *o = 0;
    if (o - out > 255) {
        fprintf(stderr, "gen_table: value too long: %s\n", raw);
        exit(2);
    }
    *len = (uint8_t)(o - out);
    return out;
}

static void vals_from(val_t *v, const char *const *raw, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i].s = intern_csv(raw[i], &v[i].len);
    }
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const SEX[] = {"F", "M", "X"};
static const double SEX_W[] = {50.4, 49.4, 0.2};

static const char *const RACE[] = {"White",
                                   "Hispanic or Latino",
                                   "Black",
                                   "Asian",
                                   "American Indian or Alaska Native",
                                   "Two or more races"};
static const double RACE_W[] = {58.9, 18.9, 12.6, 6.1, 0.9, 2.6};

static const char *const MARITAL[] = {"Never married", "Married", "Divorced",
                                      "Separated",     "Widowed", "Domestic partnership",
                                      "Civil union"};
static const double MARITAL_YOUNG_W[] = {85, 11, 1, 1, 0.1, 2, 0.2}; /* 16-29 */
static const double MARITAL_MID_W[] = {28, 52, 11, 2.5, 1.5, 4, 1};  /* 30-64 */
static const double MARITAL_OLD_W[] = {6, 54, 14, 1.5, 23, 1, 0.5};  /* 65+ */

static const char *const EDUCATION[] = {"No schooling completed",
                                        "Nursery to 4th grade",
                                        "5th and 6th grade",
                                        "7th and 8th grade",
                                        "9th grade",
                                        "10th grade",
                                        "11th grade",
                                        "12th grade no diploma",
                                        "High school graduate",
                                        "Some college less than 1 year",
                                        "Some college 1 or more years",
                                        "Associate degree",
                                        "Bachelor degree",
                                        "Master degree",
                                        "Professional degree",
                                        "Doctorate degree"};
static const double EDUCATION_ADULT_W[] = {1.2,  0.4, 0.9,  1.3, 1.2,  1.6, 1.8, 1.5,
                                           26.5, 5.5, 13.5, 9.6, 21.8, 9.8, 1.8, 1.6};

static const char *const OCCUPATION[] = {"Not in labor force",
                                         "Retired",
                                         "Student",
                                         "Unemployed",
                                         "Teacher, primary school",
                                         "Teacher, secondary school",
                                         "Nurse, registered",
                                         "Engineer, software",
                                         "Engineer, civil",
                                         "Physician",
                                         "Accountant",
                                         "Lawyer",
                                         "Cashier",
                                         "Retail salesperson",
                                         "Sales rep (\"field\")",
                                         "Customer service representative",
                                         "Cook",
                                         "Chef, head",
                                         "Waiter",
                                         "Truck driver",
                                         "Construction laborer",
                                         "Electrician",
                                         "Plumber",
                                         "Carpenter",
                                         "Janitor",
                                         "Farmworker",
                                         "Police officer",
                                         "Firefighter",
                                         "Office clerk",
                                         "Manager, general",
                                         "Analyst, \"data\"",
                                         "Hairdresser"};

static const char *const DIAGNOSIS[] = {
    "I10",      "E11.9",    "J06.9",    "M54.5",   "E78.5",   "K21.9",  "F32.9",  "F41.1",
    "J45.909",  "N39.0",    "E66.9",    "R51",     "M25.561", "J20.9",  "I25.10", "E03.9",
    "K59.00",   "R10.9",    "J30.9",    "L20.9",   "G43.909", "M17.11", "I48.91", "N18.3",
    "E55.9",    "D64.9",    "R05",      "B34.9",   "H52.4",   "Z00.00", "J44.9",  "I50.9",
    "C50.919",  "C61",      "C34.90",   "F17.210", "F10.20",  "G47.33", "K57.30", "M81.0",
    "S52.501A", "S82.201A", "T78.40XA", "O80",     "Z34.90",  "A09",    "U07.1",  "G30.9",
    "F20.9",    "E10.9"};

/* syllables for the 300 city names */
static const char *const CITY_A[] = {"Spring", "River", "Oak",   "Maple", "Cedar", "Pine", "Green",
                                     "Fair",   "Clear", "Lake",  "Hill",  "Stone", "Red",  "Silver",
                                     "Mill",   "West",  "North", "East",  "South", "Glen"};
static const char *const CITY_B[] = {"field", "ton",  "ville", "wood",  "dale",
                                     "view",  "burg", "port",  "haven", "ford",
                                     "creek", "land", "brook", "mont",  "ridge"};
static const char *const STATES[] = {"IL", "MA", "MO", "OH", "OR", "TN", "VA", "WI", "GA", "TX"};
static const char *const UTF8_CITIES[] = {"Cañon City",           "Española",  "Coeur d'Alene",
                                          "La Cañada Flintridge", "Müllerton", "Señora Bay"};

#define N_AGES 100
#define N_ZIP 3000
#define N_CITY 300
#define N_INCOME 1000
#define REF_YEAR 2024
#define REF_MONTH 6

/* ---- output ---- */

#define OUT_CAP (1u << 22)
static char *obuf;
static size_t olen;

static void flush_out(void)
{
    size_t off = 0;
    while (off < olen) {
        size_t n = fwrite(obuf + off, 1, olen - off, stdout);
        if (n == 0) {
            if (errno == EPIPE) {
                exit(0);
            }
            perror("gen_table: write");
            exit(2);
        }
        off += n;
    }
    olen = 0;
}

static inline void put(const val_t *v)
{
    memcpy(obuf + olen, v->s, v->len);
    olen += v->len;
    obuf[olen++] = ',';
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_table ROWS SEED > table.csv\n");
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long long rows = strtoull(argv[1], &end, 10);
    if (errno || *end || argv[1][0] == '-' || rows > 9999999999ull) {
        fprintf(stderr, "gen_table: bad ROWS '%s' (0..9999999999)\n", argv[1]);
        return 2;
    }
    unsigned long long seed = strtoull(argv[2], &end, 10);
    if (errno || *end || argv[2][0] == '-') {
        fprintf(stderr, "gen_table: bad SEED '%s'\n", argv[2]);
        return 2;
    }

    /* Tables that define the "world" (zip codes, cities, zip -> city) use a fixed seed so
     * that every SEED describes the same country; SEED only changes the people. */
    rng_seed(0x6f757469735f6765ull);

    double w[N_INCOME > N_ZIP ? N_INCOME : N_ZIP];
    static alias_t a_sex, a_age, a_zip, a_race, a_mar_y, a_mar_m, a_mar_o, a_edu, a_inc, a_occ,
        a_city, a_diag;
    alias_build(&a_sex, SEX_W, COUNT(SEX));
    alias_build(&a_race, RACE_W, COUNT(RACE));
    alias_build(&a_mar_y, MARITAL_YOUNG_W, COUNT(MARITAL));
    alias_build(&a_mar_m, MARITAL_MID_W, COUNT(MARITAL));
    alias_build(&a_mar_o, MARITAL_OLD_W, COUNT(MARITAL));
    alias_build(&a_edu, EDUCATION_ADULT_W, COUNT(EDUCATION));

    /* age: roughly flat to 60, then thinning out */
    for (int a = 0; a < N_AGES; a++) {
        w[a] = a < 60 ? 1.30 - 0.004 * a : 1.06 * exp(-(a - 60) / 11.0);
    }
    alias_build(&a_age, w, N_AGES);

    /* zip: Zipf-Mandelbrot 1/(k+30) over 3,000 codes */
    for (int k = 0; k < N_ZIP; k++) {
        w[k] = 1.0 / (k + 30.0);
    }
    alias_build(&a_zip, w, N_ZIP);

    /* income: log-normal, median 48k, sigma 0.75, in 1,000 steps of 250 (top step holds the tail)
     */
    for (int i = 0; i < N_INCOME; i++) {
        double x = (i + 0.5) * 250.0, z = (log(x) - log(48000.0)) / 0.75;
        w[i] = exp(-0.5 * z * z) / x + (i == N_INCOME - 1 ? 1e-7 : 0);
    }
    alias_build(&a_inc, w, N_INCOME);

    /* occupations of adults under 67 (percent, roughly US-like) */
    static const double OCC_W[] = {18,  2,   4,   3, 3,   2.5, 3,   2,   0.5, 0.8, 1.3,
                                   0.7, 3.5, 4,   2, 3,   2.5, 0.3, 2.5, 2.5, 2,   1,
                                   0.6, 0.8, 2.5, 1, 0.8, 0.3, 3,   3,   1,   0.8};
    _Static_assert(COUNT(OCC_W) == COUNT(OCCUPATION), "one weight per occupation");
    alias_build(&a_occ, OCC_W, COUNT(OCCUPATION));

    /* diagnosis: Zipf s=0.9 */
    for (size_t i = 0; i < COUNT(DIAGNOSIS); i++) {
        w[i] = pow((double)i + 1.0, -0.9);
    }
    alias_build(&a_diag, w, COUNT(DIAGNOSIS));

    /* city names: 300 = 250 plain + 44 "Name, ST" (quoted) + 6 UTF-8 */
    static val_t city[N_CITY];
    {
        char name[64];
        int n = 0;
        for (size_t i = 0; n < 250; i++) { /* 7 is prime to 300: distinct (A, B) pairs */
            size_t j = i * 7 % (COUNT(CITY_A) * COUNT(CITY_B));
            snprintf(name, sizeof name, "%s%s", CITY_A[j % COUNT(CITY_A)],
                     CITY_B[j / COUNT(CITY_A)]);
            city[n].s = intern_csv(name, &city[n].len);
            n++;
        }
        for (int i = 0; i < 44; i++) {
            snprintf(name, sizeof name, "%s%s, %s", CITY_A[i % 4], CITY_B[i % 3],
                     STATES[(i / 4) % COUNT(STATES)]);
            city[n].s = intern_csv(name, &city[n].len);
            n++;
        }
        for (size_t i = 0; i < COUNT(UTF8_CITIES); i++) {
            city[n].s = intern_csv(UTF8_CITIES[i], &city[n].len);
            n++;
        }
        /* make sure the 300 names are distinct */
        for (int i = 0; i < N_CITY; i++) {
            for (int j = 0; j < i; j++) {
                if (city[i].len == city[j].len && memcmp(city[i].s, city[j].s, city[i].len) == 0) {
                    fprintf(stderr, "gen_table: duplicate city %.*s\n", city[i].len, city[i].s);
                    return 2;
                }
            }
        }
    }
    /* cities are Zipf-sized; every zip belongs to one city, big zips mostly to big cities */
    for (int k = 0; k < N_CITY; k++) {
        w[k] = 1.0 / (k + 3.0);
    }
    alias_build(&a_city, w, N_CITY);
    static uint16_t *zip_city;
    zip_city = xmalloc(N_ZIP * sizeof *zip_city);
    for (int k = 0; k < N_ZIP; k++) { /* the 300 smallest zips: one per city, so all occur */
        zip_city[k] =
            (uint16_t)(k < N_ZIP - N_CITY ? alias_draw(&a_city) : (uint32_t)(k - (N_ZIP - N_CITY)));
    }

    /* encoded values */
    static val_t v_sex[COUNT(SEX)], v_race[COUNT(RACE)], v_mar[COUNT(MARITAL)],
        v_edu[COUNT(EDUCATION)], v_occ[COUNT(OCCUPATION)], v_diag[COUNT(DIAGNOSIS)];
    vals_from(v_sex, SEX, COUNT(SEX));
    vals_from(v_race, RACE, COUNT(RACE));
    vals_from(v_mar, MARITAL, COUNT(MARITAL));
    vals_from(v_edu, EDUCATION, COUNT(EDUCATION));
    vals_from(v_occ, OCCUPATION, COUNT(OCCUPATION));
    vals_from(v_diag, DIAGNOSIS, COUNT(DIAGNOSIS));
    static val_t v_age[N_AGES], v_zip[N_ZIP], v_inc[N_INCOME], v_ym[N_AGES + 1][12];
    static char sbuf[(N_AGES + N_ZIP + N_INCOME + 12 * (N_AGES + 1)) * 12];
    char *sp = sbuf;
    for (int a = 0; a < N_AGES; a++) {
        v_age[a].len = (uint8_t)sprintf(sp, "%d", a);
        v_age[a].s = sp;
        sp += v_age[a].len + 1;
    }
    for (int k = 0; k < N_ZIP; k++) {
        /* 7919 is prime to 100000: distinct codes, scattered, ~1 in 10 with a leading 0 */
        v_zip[k].len = (uint8_t)sprintf(sp, "%05u", (unsigned)((k * 7919u + 1234u) % 100000u));
        v_zip[k].s = sp;
        sp += v_zip[k].len + 1;
    }
    for (int i = 0; i < N_INCOME; i++) {
        v_inc[i].len = (uint8_t)sprintf(sp, "%d", i * 250);
        v_inc[i].s = sp;
        sp += v_inc[i].len + 1;
    }
    for (int y = 0; y <= N_AGES; y++) {
        for (int m = 0; m < 12; m++) {
            v_ym[y][m].len = (uint8_t)sprintf(sp, "%04d-%02d", REF_YEAR - y, m + 1);
            v_ym[y][m].s = sp;
            sp += v_ym[y][m].len + 1;
        }
    }
    static const val_t EMPTY = {"", 0}, NA = {"NA", 2};

    /* the people */
    rng_seed(seed);
    obuf = xmalloc(OUT_CAP + 12 * 256 + 16); /* room for one more row */
    static const char header[] = "person_id,sex,age,birth_ym,zip,race,marital,education,"
                                 "income,occupation,city,diagnosis\n";
    memcpy(obuf, header, sizeof header - 1);
    olen = sizeof header - 1;

    char id[12] = "P0000000000"; /* P + 10 digits, incremented in place */
    const uint32_t P001 = 4294967u, P005 = 21474836u, P010 = 42949673u, P015 = 64424509u,
                   P020 = 85899346u, P003 = 12884902u;
    for (unsigned long long row = 0; row < rows; row++) {
        for (int d = 10; d >= 1; d--) {
            if (++id[d] <= '9') {
                break;
            }
            id[d] = '0';
        }
        memcpy(obuf + olen, id, 11);
        olen += 11;
        obuf[olen++] = ',';

        uint64_t r = rng_next(); /* bits for the missing-value coins and the birth month */
        uint32_t r0 = (uint32_t)r, r1 = (uint32_t)(r >> 32);

        put(r0 < P001 ? &EMPTY : &v_sex[alias_draw(&a_sex)]);
        uint32_t age = alias_draw(&a_age);
        put(&v_age[age]);
        uint32_t month = bounded32(r1, 12); /* 0-based; birthdays after June: a year earlier */
        put(&v_ym[age + (month + 1 > REF_MONTH)][month]);
        uint32_t zip = alias_draw(&a_zip);
        put(&v_zip[zip]);

        uint64_t m = rng_next(); /* more coins: 16 bits each */
        uint32_t c_race = (uint32_t)(m & 0xffff) << 16,
                 c_mar = (uint32_t)((m >> 16) & 0xffff) << 16,
                 c_edu = (uint32_t)((m >> 32) & 0xffff) << 16, c_inc = (uint32_t)(m >> 48) << 16;
        put(c_race < P005 ? &EMPTY : &v_race[alias_draw(&a_race)]);

        if (c_mar < P010) {
            put(&NA);
        } else if (age < 16) {
            put(&v_mar[0]);
        } else {
            put(&v_mar[alias_draw(age < 30 ? &a_mar_y : age < 65 ? &a_mar_m : &a_mar_o)]);
        }

        if (c_edu < P010) {
            put(&NA);
        } else if (age < 5) {
            put(&v_edu[0]);
        } else if (age < 18) {
            /* grade by age, sometimes a year behind */
            uint32_t g = (age - 5) / 2 + 1;
            g -= (g > 1 && (c_edu & 0x10000u));
            put(&v_edu[g > 7 ? 7 : g]);
        } else {
            put(&v_edu[alias_draw(&a_edu)]);
        }

        uint64_t o = rng_next();
        uint32_t occ_coin = (uint32_t)o, city_coin = (uint32_t)(o >> 32);
        if (c_inc < P020) {
            put(&EMPTY);
        } else if (age < 16 && occ_coin > P005) {
            put(&v_inc[0]);
        } else {
            put(&v_inc[alias_draw(&a_inc)]);
        }

        if (occ_coin < P015) {
            put(&EMPTY);
        } else if (age < 16) {
            put(&v_occ[age < 6 ? 0 : 2]);
        } else if (age >= 67 && occ_coin < 0xd0000000u) {
            put(&v_occ[1]);
        } else {
            put(&v_occ[alias_draw(&a_occ)]);
        }

        put(city_coin < P003 ? &NA : &city[zip_city[zip]]);

        const val_t *dg = &v_diag[alias_draw(&a_diag)];
        memcpy(obuf + olen, dg->s, dg->len);
        olen += dg->len;
        obuf[olen++] = '\n';

        if (olen >= OUT_CAP) {
            flush_out();
        }
    }
    flush_out();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen_table: write");
        return 2;
    }
    return 0;
}
