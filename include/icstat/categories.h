/* categories.h — a list of categories given by the user (--categories,
 * a simulate spec's `categories =`) names every value once.
 *
 * Readers match a value to a category by its exact text, then as a number
 * ("2.0" is category "2"), then (describe only) as one of the values a
 * category merges with '+' ("Requires improvement+Inadequate").  A value
 * listed twice would be counted in whichever category comes first and the
 * other would silently stay empty ("Good+Outstanding,Outstanding,..."
 * counted only Good in the merged one), so such lists are refused. */
#ifndef ICSTAT_CATEGORIES_H
#define ICSTAT_CATEGORIES_H

#include <stddef.h>
#include "icstat/status.h"

/* cats[0..n): ICSTAT_OK when no value is named twice: the same text
 * (spaces around it aside), or two numbers that are equal ("2", "2.0").
 * With merge, a category "A+B" names the values A and B, each of which may
 * appear in no other category nor twice in this one, and no part may be
 * empty.  Otherwise ICSTAT_EUSAGE (ICSTAT_ENOMEM) and a message that
 * starts with `what` ("--categories") and quotes the repeated value, e.g.
 * "--categories lists 'Outstanding' twice (in 'Good+Outstanding' and
 * 'Outstanding')". */
int icstat_categories_check(const char *const *cats, size_t n, int merge, const char *what,
                            icstat_error *err);

#endif
