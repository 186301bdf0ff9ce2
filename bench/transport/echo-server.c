/*
 * The benchmark's minimal iproto server: a TCP echo server. An iproto request echoed byte for byte is a
 * valid reply (same msg, same sync, same body), so echoing whole reads is enough. Single-threaded, epoll,
 * 127.0.0.1 only; prints "PORT <n>" when listening and runs until stdin closes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF (256 * 1024)

static void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int main(void) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 128)) return perror("listen"), 1;
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    nonblock(listener);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    ev.data.fd = 0;
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    static char buf[BUF];
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(ep, events, 64, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == 0) {
                if (read(0, buf, sizeof buf) <= 0) return 0;
            } else if (fd == listener) {
                int c;
                while ((c = accept(listener, NULL, NULL)) >= 0) {
                    nonblock(c);
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                }
            } else {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r <= 0) {
                    if (r < 0 && errno == EAGAIN) continue;
                    close(fd);
                    continue;
                }
                /* Blocking write of the whole read: the benchmark clients never outpace this. */
                ssize_t off = 0;
                while (off < r) {
                    ssize_t w = write(fd, buf + off, r - off);
                    if (w < 0) {
                        if (errno == EAGAIN) { usleep(50); continue; }
                        close(fd);
                        break;
                    }
                    off += w;
                }
            }
        }
    }
}
