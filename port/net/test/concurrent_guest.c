/* Concurrency over the POSIX socket layer: 4 worker threads block in accept() on one listener
 * while concurrent_host (echo_host.py --scenario concurrent) runs 8 clients x 25 connections,
 * each echoing 1 KiB, twice. Sockets and lwIP buffers must be back after each round and the C
 * heap after round 2 exactly where round 1 left it; the
 * threads' stack high-water marks are printed (the tcpip thread's sizes TCPIP_THREAD_STACKSIZE). */
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "board/board.h"
#include "kernel/kernel.h"
#include "mcustd/net_port.h"

#define PORT 7
#define WORKERS 4
#define TOTAL 200 /* echo_host.py: 8 clients x 25 */
#define MSG 1024

static int listener;
static atomic_int served;
static atomic_int failed;
static sem_t finished; /* one post per connection served */

static void* worker(void* arg) {
    (void)arg;
    char buf[256];
    for (;;) {
        int c = accept(listener, NULL, NULL);
        if (c < 0) {
            atomic_fetch_add(&failed, 1);
            continue;
        }
        int total = 0;
        while (total < MSG) {
            int n = (int)read(c, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            int off = 0;
            while (off < n) {
                int w = (int)write(c, buf + off, (size_t)(n - off));
                if (w <= 0) {
                    break;
                }
                off += w;
            }
            total += n;
        }
        if (total != MSG) {
            atomic_fetch_add(&failed, 1);
        }
        close(c);
        atomic_fetch_add(&served, 1);
        sem_post(&finished);
    }
    return NULL;
}

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL net_concurrent: %s (errno %d)\n", what, errno);
        fflush(stdout);
        board_exit(1);
    }
}

int main(void) {
    check(mcustd_net_start() == 0, "mcustd_net_start");
    listener = socket(AF_INET, SOCK_STREAM, 0);
    check(listener >= 0, "socket");
    int one = 1;
    check(setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0, "reuse");
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(PORT);
    check(bind(listener, (struct sockaddr*)&a, sizeof a) == 0, "bind");
    check(listen(listener, 16) == 0, "listen");

    check(sem_init(&finished, 0, 0) == 0, "sem_init");
    pthread_t threads[WORKERS];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 2048);
    for (int i = 0; i < WORKERS; ++i) {
        check(pthread_create(&threads[i], &attr, worker, NULL) == 0, "pthread_create");
    }
    printf("net_echo: listening on %d\n", PORT);
    fflush(stdout);
    /* Two identical rounds: the first settles one-time allocations (the heap after it is the
     * baseline), the second must end exactly there. */
    size_t heap_after[2] = {0, 0};
    for (int round = 0; round < 2; ++round) {
        if (round == 1) {
            printf("net_concurrent: round 2\n");
            fflush(stdout);
        }
        /* Waits for the workers, not for a virtual-time bound: under -icount sleep=off an idle
         * guest's clock races ahead, so a bound of N virtual seconds could run out in a moment of
         * host time while a loaded host was still connecting (the old flake). The host side
         * bounds the run (echo_host.py --timeout, CTest's TIMEOUT). */
        for (int i = 0; i < TOTAL; ++i) {
            while (sem_wait(&finished) != 0) {
                check(errno == EINTR, "sem_wait");
            }
        }
        check(atomic_load(&served) == TOTAL * (round + 1), "all connections served");
        check(atomic_load(&failed) == 0, "every connection echoed 1 KiB");
        heap_after[round] = (size_t)mallinfo().uordblks;
        mcustd_net_usage u;
        mcustd_net_get_usage(&u);
        printf(
            "net_concurrent: round %d: C heap %lu, lwIP heap %lu max %lu, netconns %lu, "
            "pbufs %lu\n",
            round + 1, (unsigned long)heap_after[round], (unsigned long)u.heap_used,
            (unsigned long)u.heap_max, (unsigned long)u.netconns_used,
            (unsigned long)u.pbuf_pool_used);
        check(u.netconns_used == 1, "only the listener is open");
        check(u.heap_used == 0, "lwIP heap empty");
        check(u.pbuf_pool_used == 0, "no RX buffer held");
    }
    check(heap_after[1] == heap_after[0], "C heap after round 2 == after round 1");
    k_print_threads();
    mcustd_net_print_usage();
    printf("PASS net_concurrent\n");
    fflush(stdout);
    board_exit(0);
}
