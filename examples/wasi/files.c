// Exercises the file system through wasi-libc: mkdir, create/write/read, seek, stat,
// readdir, rename, symlink/readlink, unlink, rmdir. Works in the directory given as argv[1].
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (!ok) {
        printf("  errno=%d (%s)\n", errno, strerror(errno));
        failures++;
    }
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    const char *base = argc > 1 ? argv[1] : ".";
    if (chdir(base) != 0) { perror("chdir"); return 2; }

    check(mkdir("work", 0755) == 0, "mkdir work");
    check(mkdir("work", 0755) != 0 && errno == EEXIST, "mkdir again is EEXIST");

    FILE *f = fopen("work/data.txt", "w");
    check(f != NULL, "fopen w");
    fputs("hello, wasi\nsecond line\n", f);
    fclose(f);

    char line[64];
    f = fopen("work/data.txt", "r");
    check(f && fgets(line, sizeof line, f) && strcmp(line, "hello, wasi\n") == 0, "read first line");
    check(fseek(f, 7, SEEK_SET) == 0 && fgets(line, sizeof line, f) && strcmp(line, "wasi\n") == 0, "seek and read");
    fclose(f);

    int fd = open("work/data.txt", O_WRONLY | O_APPEND);
    check(fd >= 0 && write(fd, "third\n", 6) == 6, "append");
    close(fd);

    struct stat st;
    check(stat("work/data.txt", &st) == 0 && st.st_size == 30 && S_ISREG(st.st_mode), "stat size 30");
    check(stat("work", &st) == 0 && S_ISDIR(st.st_mode), "stat directory");
    check(stat("work/missing", &st) != 0 && errno == ENOENT, "stat missing is ENOENT");

    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "work/file-%02d", i);
        int h = open(name, O_CREAT | O_WRONLY, 0644);
        close(h);
    }

    DIR *d = opendir("work");
    check(d != NULL, "opendir");
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while (d && (entry = readdir(d)) != NULL)
        if (entry->d_name[0] != '.' && count < 64) names[count++] = strdup(entry->d_name);
    if (d) closedir(d);
    qsort(names, count, sizeof names[0], compare);
    check(count == 41, "readdir sees 41 entries");
    printf("first=%s last=%s\n", count ? names[0] : "", count ? names[count - 1] : "");

    check(rename("work/data.txt", "work/renamed.txt") == 0, "rename");
    check(symlink("renamed.txt", "work/link") == 0, "symlink");
    char target[64] = {0};
    check(readlink("work/link", target, sizeof target - 1) == 11 && strcmp(target, "renamed.txt") == 0, "readlink");
    f = fopen("work/link", "r");
    check(f && fgets(line, sizeof line, f) && strcmp(line, "hello, wasi\n") == 0, "read through symlink");
    if (f) fclose(f);

    check(rmdir("work") != 0 && errno == ENOTEMPTY, "rmdir non-empty is ENOTEMPTY");
    check(open("../escape", O_RDONLY) < 0, "cannot open above the preopen");
    check(unlink("work/link") == 0 && unlink("work/renamed.txt") == 0, "unlink");
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "work/file-%02d", i);
        unlink(name);
    }
    check(rmdir("work") == 0, "rmdir");

    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
