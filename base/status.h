/* base/status.h — the one status type: every function that can fail returns one.
   The values are the process exit codes of the contract (sysexits.h), so a status
   travels unchanged from the failing call to exit(). */
#ifndef TZ_STATUS_H
#define TZ_STATUS_H

typedef enum tz_status {
    TZ_OK = 0,
    TZ_DIFFERS = 1,      /* verify: an output no longer matches */
    TZ_USAGE = 64,       /* EX_USAGE: bad command line */
    TZ_DATAERR = 65,     /* EX_DATAERR: the ledgers have errors */
    TZ_NOINPUT = 66,     /* EX_NOINPUT: an input is missing or unreadable */
    TZ_SOFTWARE = 70,    /* EX_SOFTWARE: a bug or a library failure we could not attribute */
    TZ_NOMEM = 71,       /* EX_OSERR: out of memory */
    TZ_CANTCREAT = 73,   /* EX_CANTCREAT: an output cannot be created */
    TZ_IOERR = 74,       /* EX_IOERR: a write or read failed midway */
    TZ_LOCKED = 75,      /* EX_TEMPFAIL: another run holds the lock on OUT */
    TZ_CONFIG = 78       /* EX_CONFIG: the rules or configuration are wrong */
} tz_status;

#endif
