// Clocks, sleeping (poll_oneoff with a clock subscription), random bytes, and sched_yield.
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long nanos(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    struct timespec res;
    printf("monotonic resolution ok: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    printf("realtime after 2020: %d\n", time(NULL) > 1577836800);

    long long before = nanos(CLOCK_MONOTONIC);
    struct timespec nap = {0, 50 * 1000000};
    nanosleep(&nap, NULL);
    long long slept = nanos(CLOCK_MONOTONIC) - before;
    printf("slept at least 50ms: %d\n", slept >= 50000000LL);

    unsigned char a[32], b[32];
    getentropy(a, sizeof a);
    getentropy(b, sizeof b);
    printf("random differs: %d\n", memcmp(a, b, sizeof a) != 0);
    printf("sched_yield: %d\n", sched_yield());
    printf("cpu time ok: %d\n", nanos(CLOCK_PROCESS_CPUTIME_ID) >= 0);
    return 0;
}
