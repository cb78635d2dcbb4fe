/* A TCP echo server for the listening socket that `wisp run --tcplisten HOST:PORT` preopens (descriptor
 * 3, the first after stdio). Serves COUNT connections (argument 1, default 1) one after another, each
 * until the client shuts down its side, then exits, so that a test that runs it comes to an end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* wasi-libc implements accept() with sock_accept, but its header hides the declaration. */
int accept(int socket, struct sockaddr *restrict address, socklen_t *restrict length);

static int send_all(int connection, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t sent = send(connection, data, length, 0);
        if (sent < 0) {
            return -1;
        }
        data += sent;
        length -= (size_t)sent;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 1;
    const int listener = 3;
    for (int served = 1; served <= count; served++) {
        int connection = accept(listener, NULL, NULL);
        if (connection < 0) {
            fprintf(stderr, "accept: %s\n", strerror(errno));
            return 1;
        }
        char buffer[4096];
        size_t total = 0;
        ssize_t received;
        while ((received = recv(connection, buffer, sizeof buffer, 0)) > 0) {
            if (send_all(connection, buffer, (size_t)received) != 0) {
                fprintf(stderr, "send: %s\n", strerror(errno));
                return 1;
            }
            total += (size_t)received;
        }
        if (received < 0) {
            fprintf(stderr, "recv: %s\n", strerror(errno));
            return 1;
        }
        shutdown(connection, SHUT_WR);
        close(connection);
        printf("connection %d: echoed %zu bytes\n", served, total);
        fflush(stdout);
    }
    return 0;
}
