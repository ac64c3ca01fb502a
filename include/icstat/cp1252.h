/* cp1252.h — Windows-1252 text to UTF-8.
 *
 * Ofsted publishes its CSVs in Windows-1252 (the en dash of "Schools –
 * S5" is byte 0x96; accented school names are one byte each), and Excel on
 * Windows saves "CSV" the same way.  The canonical tables icstat writes are
 * always UTF-8, so such text is decoded on the way in. */
#ifndef ICSTAT_CP1252_H
#define ICSTAT_CP1252_H

#include <stddef.h>

/* Decode in[0..n) into out, which must hold 3 * n bytes (no NUL is
 * added).  Returns the length written, or (size_t)-1 when a byte is one of
 * the five that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
 * 0x9D): such a file is not Windows-1252 text.  *bad (when not NULL) gets
 * that byte's offset. */
size_t icstat_cp1252_decode(const char *in, size_t n, char *out, size_t *bad);

/* The character that byte b (0x80-0x9F) stands for in Windows-1252, or 0
 * when it is undefined.  The same numbers are the C1 controls U+0080-U+009F
 * that a Windows-1252 file read as Latin-1 turns into (pandas' latin-1
 * fallback does this): icstat_cp1252_repair undoes that. */
unsigned icstat_cp1252_c1(unsigned char b);

/* In place: each C1 control U+0080-U+009F of the UTF-8 text s (bytes C2
 * 80-9F) that stands for a Windows-1252 character becomes that character
 * (U+2013 for U+0096, ...).  s must have room for the result, which is at
 * most 1.5 times as long: pass its capacity.  Returns the number of
 * characters repaired, or (size_t)-1 when s would not fit (s unchanged). */
size_t icstat_cp1252_repair(char *s, size_t cap);

#endif
