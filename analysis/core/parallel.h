/* parallel.h — run one worker function on several threads (the power
 * simulations); internal to the library. */
#ifndef ICSTAT_PARALLEL_H
#define ICSTAT_PARALLEL_H

#include <stddef.h>

/* Run worker(arg) on `threads` threads (0: one per processor), no more
 * than `jobs`, and wait for them all.  The workers share arg and take
 * jobs from it themselves.  When no thread can be started the worker
 * runs here, so the work is always done.  0, or -1 when out of memory
 * (nothing was run).  A worker that cannot make its own workspace must
 * say so in arg whether or not any job is left for it: which thread
 * takes which job differs from run to run, and the failure must not. */
int icstat_parallel_run(int threads, size_t jobs, void *(*worker)(void *), void *arg);

#endif
