/* parallel.h — run one worker function on several threads (the power
 * simulations); internal to the library. */
#ifndef ICSTAT_PARALLEL_H
#define ICSTAT_PARALLEL_H

#include <stddef.h>

/* Run worker(arg) on `threads` threads (0: one per processor), no more
 * than `jobs`, and wait for them all.  The workers share arg and take
 * jobs from it themselves.  When no thread can be started the worker
 * runs here, so the work is always done. */
void icstat_parallel_run(int threads, size_t jobs, void *(*worker)(void *), void *arg);

#endif
