/* strmap.c — string interning by open addressing (linear probing).
 * The table is kept at most half full, so probes stay short. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/strmap.h"

struct icstat_strmap {
    char **keys;    /* index -> key, in first-seen order */
    size_t n, cap_keys;
    long *slots;    /* hash slot -> index, -1 empty */
    size_t n_slots; /* power of two */
};

/* FNV-1a: simple, and good enough for labels and ids. */
static uint64_t strmap_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

icstat_strmap *icstat_strmap_alloc(void)
{
    icstat_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_slots = 64;
    m->slots = malloc(m->n_slots * sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < m->n_slots; i++)
        m->slots[i] = -1;
    return m;
}

void icstat_strmap_free(icstat_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->slots);
    free(m);
}

static size_t strmap_slot(const icstat_strmap *m, const char *key)
{
    size_t mask = m->n_slots - 1, i = (size_t)strmap_hash(key) & mask;
    while (m->slots[i] >= 0 && strcmp(m->keys[m->slots[i]], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static int strmap_grow(icstat_strmap *m)
{
    size_t n_slots = m->n_slots * 2;
    long *slots = malloc(n_slots * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n_slots; i++)
        slots[i] = -1;
    free(m->slots);
    m->slots = slots;
    m->n_slots = n_slots;
    for (size_t k = 0; k < m->n; k++)
        m->slots[strmap_slot(m, m->keys[k])] = (long)k;
    return 0;
}

long icstat_strmap_find(const icstat_strmap *m, const char *key)
{
    return m->slots[strmap_slot(m, key)];
}

long icstat_strmap_intern(icstat_strmap *m, const char *key, int *added)
{
    if (added)
        *added = 0;
    size_t s = strmap_slot(m, key);
    if (m->slots[s] >= 0)
        return m->slots[s];
    if (m->n == m->cap_keys) {
        size_t cap = m->cap_keys ? 2 * m->cap_keys : 16;
        char **keys = realloc(m->keys, cap * sizeof *keys);
        if (!keys)
            return -1;
        m->keys = keys;
        m->cap_keys = cap;
    }
    char *copy = strdup(key);
    if (!copy)
        return -1;
    m->keys[m->n] = copy;
    m->slots[s] = (long)m->n;
    m->n++;
    if (2 * m->n > m->n_slots && strmap_grow(m) != 0) {
        /* A failed grow leaves the old slots in place: slot s was empty
         * before this insert, so emptying it again undoes the insert. */
        m->slots[s] = -1;
        m->n--;
        free(copy);
        return -1;
    }
    if (added)
        *added = 1;
    return (long)m->n - 1;
}

size_t icstat_strmap_size(const icstat_strmap *m)
{
    return m->n;
}

const char *icstat_strmap_key(const icstat_strmap *m, size_t i)
{
    return m->keys[i];
}
