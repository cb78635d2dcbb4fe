// poll_oneoff directly: a clock subscription alone, and a clock raced by a ready stdout.
#include <stdio.h>
#include <wasi/api.h>

int main(void) {
    __wasi_subscription_t subs[2] = {0};
    __wasi_event_t events[2];
    __wasi_size_t n = 0;

    subs[0].userdata = 42;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 10 * 1000000ULL;
    __wasi_errno_t error = __wasi_poll_oneoff(subs, events, 1, &n);
    printf("clock: error=%d n=%lu userdata=%llu type=%d\n", error, (unsigned long)n, (unsigned long long)events[0].userdata, events[0].type);

    subs[0].u.u.clock.timeout = 10ULL * 1000000000ULL;
    subs[1].userdata = 7;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[1].u.u.fd_write.file_descriptor = 1;
    error = __wasi_poll_oneoff(subs, events, 2, &n);
    printf("stdout ready first: error=%d n=%lu userdata=%llu type=%d\n", error, (unsigned long)n, (unsigned long long)events[0].userdata, events[0].type);
    return 0;
}
