/* parallel.c - par_for: worker threads take task numbers from a shared atomic counter. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

typedef struct par_job {
    void (*fn)(void *ctx, size_t task, unsigned thread);
    void *ctx;
    size_t tasks;
    atomic_size_t next;
} par_job;

typedef struct par_arg {
    par_job *job;
    unsigned thread;
} par_arg;

unsigned par_threads(unsigned n)
{
    if (n == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus > 0 ? (unsigned)cpus : 1;
    }
    return n > PAR_MAX_THREADS ? PAR_MAX_THREADS : n;
}

static void *par_main(void *p)
{
    par_arg *a = p;
    par_job *job = a->job;
    for (;;) {
        size_t t = atomic_fetch_add(&job->next, 1);
        if (t >= job->tasks) {
            return NULL;
        }
        job->fn(job->ctx, t, a->thread);
    }
}

void par_for(unsigned threads, size_t tasks, void (*fn)(void *ctx, size_t task, unsigned thread),
             void *ctx)
{
    par_job job = {fn, ctx, tasks, 0};
    threads = threads == 0 ? 1 : (threads > PAR_MAX_THREADS ? PAR_MAX_THREADS : threads);
    if ((size_t)threads > tasks) {
        threads = tasks > 0 ? (unsigned)tasks : 1;
    }
    pthread_t tid[PAR_MAX_THREADS];
    par_arg args[PAR_MAX_THREADS];
    unsigned started = 0;
    for (unsigned i = 1; i < threads; i++) {
        args[i] = (par_arg){&job, i};
        if (pthread_create(&tid[i], NULL, par_main, &args[i]) != 0) {
            break;
        }
        started = i;
    }
    args[0] = (par_arg){&job, 0};
    par_main(&args[0]);
    for (unsigned i = 1; i <= started; i++) {
        pthread_join(tid[i], NULL);
    }
}
