/* describe_internal.h — pieces of the describe engine shared between its
 * files; not part of the library's interface. */
#ifndef ICSTAT_DESCRIBE_INTERNAL_H
#define ICSTAT_DESCRIBE_INTERNAL_H

#include <stddef.h>
#include "icstat/describe.h"

/* The counted rows, one entry each: group, category and cluster index. */
typedef struct {
    size_t n;
    const size_t *group, *cat, *cluster;
    size_t n_clusters;
} describe_rows;

/* Replace r's intervals, comparisons and test by their clustered versions
 * (describe_cluster.c); r's counts must be filled.  `what` names the
 * cluster column's role in the message when there are fewer than two
 * clusters ("--cluster 'insp' has 1 cluster ..."). */
int describe_cluster_adjust(icstat_describe_result *r, const describe_rows *rows, double conf,
                            const char *what, icstat_error *err);

/* A name the caller gave (icstat_describe_names), or the plain word. */
const char *describe_name(const char *given, const char *plain);

#endif
