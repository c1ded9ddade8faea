// Linux's renameat2(RENAME_EXCHANGE): swaps two paths in one step, so a reader never finds
// neither. glibc has no wrapper before 2.28 and Swift cannot call the variadic syscall(), hence
// this one function.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/// Exchanges `from` and `to` atomically; both must exist. Returns 0, or -1 with errno set
/// (ENOSYS without the system call; EINVAL where the filesystem cannot exchange).
static inline int minimax_rename_exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}
