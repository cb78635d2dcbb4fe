/*
 * hello.c -- the smallest WAGI app: greets the caller by the `name` query
 * parameter (default "world").
 *
 *   GET /?name=Ada  ->  200 text/plain  "Hello, Ada!"
 *
 * WAGI is CGI for WebAssembly: the host puts the request in environment
 * variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_*), the body on
 * stdin, and reads CGI headers, a blank line and the body from stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the value of `key` from a query string (a=1&b=2) into out, decoding
   %XX and '+'; returns 0 when the key is absent. */
static int query_param(const char *query, const char *key, char *out, size_t size) {
    size_t key_len = strlen(key);
    for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, key, key_len) != 0 || p[key_len] != '=') continue;
        const char *v = p + key_len + 1;
        size_t n = 0;
        while (*v && *v != '&' && n + 1 < size) {
            unsigned hex;
            if (*v == '%' && sscanf(v + 1, "%2x", &hex) == 1) {
                out[n++] = (char)hex;
                v += 3;
            } else {
                out[n++] = *v == '+' ? ' ' : *v;
                v++;
            }
        }
        out[n] = '\0';
        return 1;
    }
    return 0;
}

int main(void) {
    char name[128];
    if (!query_param(getenv("QUERY_STRING"), "name", name, sizeof name) || name[0] == '\0')
        strcpy(name, "world");
    /* stdout is not a terminal, so wasi-libc buffers everything and hands it
       to the host in one fd_write at exit */
    printf("Content-Type: text/plain; charset=utf-8\n\nHello, %s!\n", name);
    return 0;
}
