/* progress.c - a progress bar on stderr, redrawn at most every 60 ms. */
#include "cli.h"

#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cli_progress_cb(uint64_t done, uint64_t total, void *payload)
{
    cli_progress *p = payload;
    double t = now();
    if (p->start == 0) {
        p->start = t;
    }
    if (t - p->last < 0.06) {
        return 0;
    }
    p->last = t;
    double mb = (double)done / 1e6, rate = t > p->start ? mb / (t - p->start) : 0;
    if (total > 0) {
        int width = 30, fill = (int)((double)width * (double)done / (double)total);
        fill = fill > width ? width : fill;
        fprintf(stderr, "\r%-.30s [%.*s%*s] %3d%% %8.1f MB %6.0f MB/s", p->label, fill,
                "##############################", width - fill, "",
                (int)(100.0 * (double)done / (double)total), mb, rate);
    } else {
        fprintf(stderr, "\r%-.30s %8.1f MB %6.0f MB/s", p->label, mb, rate);
    }
    p->shown = 1;
    return 0;
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown) {
        fprintf(stderr, "\r\033[K");
    }
}
