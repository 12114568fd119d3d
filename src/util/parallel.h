/* parallel.h - a parallel for over tasks, on pthreads: the library's only threading. */
#ifndef OUTIS_PARALLEL_H
#define OUTIS_PARALLEL_H

#include <stddef.h>

#define PAR_MAX_THREADS 64

/* The number of threads to use for a request of n (0: one per online CPU), in
 * [1, PAR_MAX_THREADS]. */
unsigned par_threads(unsigned n);

/* Runs fn(ctx, task, thread) for every task in [0, tasks), on up to `threads` threads of
 * which the caller's is one; tasks are taken in increasing order, and `thread` in
 * [0, threads) tells the thread, for per-thread scratch. Falls back to fewer threads (at
 * worst the caller's alone) when threads cannot be created. */
void par_for(unsigned threads, size_t tasks, void (*fn)(void *ctx, size_t task, unsigned thread),
             void *ctx);

#endif
