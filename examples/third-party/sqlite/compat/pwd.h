/* wasi-libc has no user database; the SQLite shell asks it only for a home directory (for ~/.sqliterc
 * and ~ in paths), and a guest has none. */
#ifndef WISP_SQLITE_WASI_PWD_H
#define WISP_SQLITE_WASI_PWD_H
#include <sys/types.h>
struct passwd {
    char *pw_dir;
};
static inline struct passwd *getpwuid(uid_t uid) { (void)uid; return 0; }
static inline uid_t getuid(void) { return 0; }
#endif
