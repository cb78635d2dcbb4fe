/*
 * echo.c -- WAGI app that sends the request back.
 *
 *   any method, any path      the request body, unchanged (binary-safe), with
 *                             the request's Content-Type (else
 *                             application/octet-stream)
 *   a path ending in /env     text/plain: every environment variable the host
 *                             gave the guest, sorted (the WAGI variables)
 *
 * Every response also carries the request's headers back: HTTP_USER_AGENT
 * becomes `X-Echo-User-Agent: ...`, and `X-Echo-Method` names the method.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static unsigned char buf[64 * 1024];

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* HTTP_X_TRACE_ID=abc -> "X-Echo-X-Trace-Id: abc" */
static void echo_header(const char *variable) {
    const char *eq = strchr(variable, '=');
    if (!eq) return;
    fputs("X-Echo-", stdout);
    int word_start = 1;
    for (const char *c = variable + 5; c < eq; c++) {
        if (*c == '_') {
            putchar('-');
            word_start = 1;
        } else {
            putchar(word_start ? *c : (*c >= 'A' && *c <= 'Z' ? *c + 32 : *c));
            word_start = 0;
        }
    }
    printf(": %s\n", eq + 1);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Copies at most CONTENT_LENGTH bytes (CGI forbids reading past it) from stdin to stdout. */
static int copy_body(void) {
    const char *length = getenv("CONTENT_LENGTH");
    unsigned long long left = (unsigned long long)-1;
    if (length && *length) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(length, &end, 10);
        if (errno == 0 && *end == '\0') left = n;
    }
    while (left > 0) {
        size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
        size_t got = fread(buf, 1, want, stdin);
        if (got > 0 && fwrite(buf, 1, got, stdout) != got) return 1;
        if (got < want) break;
        left -= got;
    }
    return ferror(stdin) ? 1 : 0;
}

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *script = getenv("SCRIPT_NAME");
    const char *path = getenv("PATH_INFO");
    const char *type = getenv("CONTENT_TYPE");
    char full_path[4096];
    snprintf(full_path, sizeof full_path, "%s%s", script ? script : "", path ? path : "");

    size_t count = 0;
    while (environ[count]) count++;
    char **sorted = malloc((count + 1) * sizeof *sorted);
    if (!sorted) return 1;
    memcpy(sorted, environ, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_strings);

    printf("X-Echo-Method: %s\n", method ? method : "");
    for (size_t i = 0; i < count; i++)
        if (strncmp(sorted[i], "HTTP_", 5) == 0) echo_header(sorted[i]);

    if (ends_with(full_path, "/env")) {
        fputs("Content-Type: text/plain; charset=utf-8\n\n", stdout);
        for (size_t i = 0; i < count; i++) printf("%s\n", sorted[i]);
        return fflush(stdout) == 0 ? 0 : 1;
    }

    printf("Content-Type: %s\n\n", type && *type ? type : "application/octet-stream");
    if (copy_body() != 0) {
        fprintf(stderr, "echo: cannot copy the request body\n");
        return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
