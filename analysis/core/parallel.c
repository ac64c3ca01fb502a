/* parallel.c — run one worker function on several threads. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"

int icstat_parallel_run(int threads, size_t jobs, void *(*worker)(void *), void *arg)
{
    const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = threads > 0 ? (size_t)threads : (size_t)(ncpu > 0 ? ncpu : 1);
    if (nt > jobs)
        nt = jobs;
    pthread_t *tid = calloc(nt ? nt : 1, sizeof *tid);
    if (!tid)
        return -1;
    size_t started = 0;
    for (; started < nt; started++)
        if (pthread_create(&tid[started], NULL, worker, arg) != 0)
            break;
    if (started == 0)
        worker(arg); /* no threads to be had: do it here */
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    return 0;
}
