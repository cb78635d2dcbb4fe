/* Forced into every unit of SQLite 3.40 built for wasm32-wasi (clang -include). That release predates
 * SQLite's own WASI support, and wasi-libc has no file modes, owners, advisory locks or processes.
 * Each replacement keeps SQLite's behaviour for a single-process guest. */
#ifndef WISP_SQLITE_WASI_COMPAT_H
#define WISP_SQLITE_WASI_COMPAT_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

/* WASI has no permission bits or owners: setting them succeeds and changes nothing. */
static inline int chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
static inline int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
static inline int fchown(int fd, uid_t owner, gid_t group) { (void)fd; (void)owner; (void)group; return 0; }
static inline uid_t geteuid(void) { return 0; }

/* POSIX advisory locks. A WASI guest is one process that cannot share a file with another guest's
 * locks, so every lock is granted and none is ever held by anyone else (SQLite's "unix-none"). */
/* wasi-libc declares struct flock but not the commands or lock types. */
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7

static inline int wisp_sqlite_fcntl(int fd, int command, ...)
{
    va_list arguments;
    va_start(arguments, command);
    int result;
    if (command == F_GETLK) {
        va_arg(arguments, struct flock *)->l_type = F_UNLCK;
        result = 0;
    } else if (command == F_SETLK || command == F_SETLKW) {
        result = 0;
    } else if (command == F_GETFD || command == F_GETFL) {
        result = fcntl(fd, command);
    } else {
        result = fcntl(fd, command, va_arg(arguments, int));
    }
    va_end(arguments);
    return result;
}
#define fcntl wisp_sqlite_fcntl

/* No processes to pipe to or from: the shell's ".once |cmd" style commands report an error. */
static inline FILE *popen(const char *command, const char *mode) { (void)command; (void)mode; errno = ENOSYS; return NULL; }
static inline int pclose(FILE *stream) { return fclose(stream); }

#endif
