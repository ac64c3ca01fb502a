/* version.h — icstat's version, written into every output that records
 * how it was made (charts' scripts, the report). */
#ifndef ICSTAT_VERSION_H
#define ICSTAT_VERSION_H

#define ICSTAT_VERSION "0.1.0"

#endif
