// libFuzzer driver for a .NET target that runs SharpFuzz 2.3.0's Fuzzer.LibFuzzer.Run.
//
// libFuzzer owns this process: it mutates inputs and calls LLVMFuzzerTestOneInput. The code under test lives in a
// .NET child started once in LLVMFuzzerInitialize. The two sides talk through (checked against SharpFuzz 2.3.0's
// FuzzerIpc/PosixFuzzerIpc):
//   - one System V shared-memory segment: a 64 KiB AFL-style coverage map (SharpFuzz's MapSize = 1 << 16) that the
//     instrumented assemblies bump, followed by the input buffer; its id goes in __LIBFUZZER_SHM_ID;
//   - a control pipe (driver -> child) whose read end's fd goes in __LIBFUZZER_CONTROL_PIPE_ID: per input, the input
//     length as a little-endian int32 (BinaryReader.ReadInt32); the input itself is already in the segment;
//   - a status pipe (child -> driver) whose write end's fd goes in __LIBFUZZER_STATUS_PIPE_ID: an int32 0 once the
//     child has attached the segment, then one int32 per input, non-zero when a managed exception escaped.
// SharpFuzz falls back to "read the input from argv[1]" unless all three variables are set.
//
// The map is handed to libFuzzer where it lies: the segment's first 64 KiB are registered as one module's 8-bit
// counters (__sanitizer_cov_8bit_counters_init, the hook a -fsanitize=fuzzer module calls for its own counters), so
// libFuzzer clears it before each run and scans it after, exactly as it would an __libfuzzer_extra_counters array, with
// no copy. The first version copied the map into such an array after each run and cleared it before; dropping the
// clear and the copy (two of the four 64 KiB passes per execution) gave about 14 % more exec/s, pinned, in interleaved
// runs (fuzz/FINDINGS.md).
// For that the driver's own code must carry no coverage instrumentation (libFuzzer exits when the inline counters
// outnumber the PCs in the PC tables), hence the no_sanitize("coverage") pragma around the whole file, which holds
// under OSS-Fuzz's CFLAGS too.
//
// A non-zero status, or a child that vanished (stack overflow, FailFast, any signal), is a crash: we trap so
// that libFuzzer saves the input as crash-<sha1>.
//
// Command line (libFuzzer ignores flags starting with "--"):
//   --target_path=PATH   the .NET executable (an apphost, or dotnet itself)
//   --target_arg=ARG     one argument for it; repeat for more (at most 16)
//   --pin_cpu=1          run the driver and the child on one CPU (see pin_to_free_cpu)

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)

#define MAP_SIZE (1 << 16)
// SharpFuzz never checks the length against the segment; the driver does, and run.sh keeps -max_len far below this.
#define INPUT_SIZE (1 << 20)
#define MAX_ARGS 16
// The child's pipe ends are moved to these fds so that every other descriptor can stay close-on-exec.
#define CHILD_CONTROL_FD 198
#define CHILD_STATUS_FD 199
// A cold .NET start on a busy 2-core machine can take a while; a child that never says "ready" must not hang us.
#define READY_TIMEOUT_MS 120000

_Static_assert(sizeof(int32_t) == 4, "the protocol's length and status fields are int32");

// libFuzzer's registration hook for a module's inline 8-bit counters.
void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);

static uint8_t *shared_map;
static int control_fd = -1;
static int status_fd = -1;
static pid_t child_pid = -1;

static void fail(const char *what)
{
    fprintf(stderr, "sockspec-fuzz-driver: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void fail_msg(const char *what)
{
    fprintf(stderr, "sockspec-fuzz-driver: %s\n", what);
    exit(1);
}

// In the forked child: no atexit handlers (libFuzzer's) may run there.
static void child_fail(const char *what)
{
    fprintf(stderr, "sockspec-fuzz-driver (child): %s: %s\n", what, strerror(errno));
    _exit(127);
}

static const char *flag_value(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

// Returns 1 when len bytes were read, 0 on end of file (the child is gone), -1 on error or timeout.
static int read_all(int fd, void *buf, size_t len, int timeout_ms)
{
    char *p = buf;
    while (len > 0) {
        if (timeout_ms >= 0) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            int r = poll(&pfd, 1, timeout_ms);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) return -1;
        }
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

// The status pipe reached EOF (or the control pipe broke): the child is exiting or gone. Reap it, giving it two
// seconds to finish dying before it is killed, and say how it ended.
static void report_child_death(void)
{
    int st = 0;
    pid_t r = 0;
    for (int i = 0; i < 200 && child_pid > 0 && (r = waitpid(child_pid, &st, WNOHANG)) == 0; i++) usleep(10000);
    if (child_pid > 0 && r == 0) {
        kill(child_pid, SIGKILL);
        r = waitpid(child_pid, &st, 0);
    }
    if (child_pid > 0 && r == child_pid) {
        if (WIFSIGNALED(st))
            fprintf(stderr, "sockspec-fuzz-driver: .NET child killed by signal %d\n", WTERMSIG(st));
        else if (WIFEXITED(st))
            fprintf(stderr, "sockspec-fuzz-driver: .NET child exited with code %d\n", WEXITSTATUS(st));
    } else {
        fprintf(stderr, "sockspec-fuzz-driver: .NET child vanished\n");
    }
    child_pid = -1;
}

// dup2 onto the same number is a no-op that would keep close-on-exec; clear it then.
static void move_fd(int from, int to)
{
    if (from == to) {
        if (fcntl(to, F_SETFD, 0) < 0) child_fail("fcntl");
    } else if (dup2(from, to) < 0) {
        child_fail("dup2");
    }
}

static void start_child(const char *path, char **argv)
{
    int control[2], status[2];
    if (pipe2(control, O_CLOEXEC) || pipe2(status, O_CLOEXEC)) fail("pipe2");

    int shm_id = shmget(IPC_PRIVATE, MAP_SIZE + INPUT_SIZE, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) fail("shmget");
    shared_map = shmat(shm_id, NULL, 0);
    if (shared_map == (void *)-1) fail("shmat");
    // Marked for removal at once, so that no exit path (a crash, SIGKILL, a timeout) can leak the segment. Linux lets
    // another process still attach a marked segment by id while it has attachments (shmctl(2), "Linux permits a
    // process to attach ... a segment that has already been marked for deletion"); ours keeps it attached.
    if (shmctl(shm_id, IPC_RMID, NULL)) fail("shmctl(IPC_RMID)");
    // Called from LLVMFuzzerInitialize, before libFuzzer builds its Fuzzer and counts the modules. shmat's address
    // is page-aligned, so the 64 KiB become 16 whole-page regions.
    __sanitizer_cov_8bit_counters_init(shared_map, shared_map + MAP_SIZE);

    pid_t parent = getpid();
    child_pid = fork();
    if (child_pid < 0) fail("fork");
    if (child_pid == 0) {
        // Die with the driver, whatever kills it; and if it died before prctl took effect, go now.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL)) child_fail("prctl");
        if (getppid() != parent) _exit(1);
        move_fd(control[0], CHILD_CONTROL_FD);
        move_fd(status[1], CHILD_STATUS_FD);
        char id[16];
        snprintf(id, sizeof id, "%d", shm_id);
        setenv("__LIBFUZZER_SHM_ID", id, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
        // An allocation without bound becomes an OutOfMemoryException (a finding), not a machine-wide OOM kill;
        // libFuzzer's -rss_limit_mb only sees this process. 0x40000000 = 1 GiB.
        setenv("DOTNET_GCHeapHardLimit", "0x40000000", 0);
        execv(path, argv);
        child_fail(path);
    }

    close(control[0]);
    close(status[1]);
    control_fd = control[1];
    status_fd = status[0];

    int32_t ready = -1;
    int r = read_all(status_fd, &ready, sizeof ready, READY_TIMEOUT_MS);
    if (r == 0) {
        report_child_death();
        fail_msg("the .NET child exited before it was ready (does the target name exist? is it Fuzzer.LibFuzzer.Run?)");
    }
    if (r < 0) fail_msg("the .NET child did not report ready in time");
    if (ready != 0) fail_msg("the .NET child's ready message was not 0");
}

// Each execution is a ping-pong: the driver writes the length and blocks, the child wakes, runs, answers and blocks.
// On two CPUs each wake-up lands on the other, idle CPU, which on this VM costs an inter-processor interrupt and an
// exit to the host; on one CPU the blocking side hands the CPU straight to the woken one. Measured on greeting
// (fuzz/bench.sh medians): 26,023 exec/s unpinned, 34,958 and 37,281 pinned (fuzz/FINDINGS.md). Campaigns side by side must not share a CPU, so each
// driver takes the first allowed CPU whose lock file it can flock; the lock dies with the driver. With none free,
// nothing is pinned. The child inherits the affinity through fork and exec (.NET then sees one processor).
static void pin_to_free_cpu(void)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed)) return;
    if (CPU_COUNT(&allowed) < 2) return;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        char path[64];
        snprintf(path, sizeof path, "/tmp/sockspec-fuzz-cpu%d.lock", cpu);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) return;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            if (sched_setaffinity(0, sizeof one, &one) == 0)
                fprintf(stderr, "sockspec-fuzz-driver: driver and child pinned to CPU %d\n", cpu);
            return; // fd stays open: the lock is held for the driver's lifetime
        }
        close(fd);
    }
    fprintf(stderr, "sockspec-fuzz-driver: every CPU is taken by another driver; not pinned\n");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *path = NULL;
    int pin = 0;
    static char *child_argv[MAX_ARGS + 2];
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = (*argv)[i], *v;
        if ((v = flag_value(a, "--target_path"))) path = v;
        else if ((v = flag_value(a, "--target_arg"))) {
            if (n > MAX_ARGS) fail_msg("too many --target_arg");
            child_argv[n++] = (char *)v;
        } else if ((v = flag_value(a, "--pin_cpu"))) pin = strcmp(v, "1") == 0;
    }
    if (!path || !*path) fail_msg("usage: driver --target_path=PATH [--target_arg=ARG]... [libFuzzer flags] [corpus dirs]");
    child_argv[0] = (char *)path;
    child_argv[n] = NULL;
    // A dead child shows as EPIPE on the control pipe, handled below, rather than killing us before libFuzzer saves
    // the input.
    signal(SIGPIPE, SIG_IGN);
    if (pin) pin_to_free_cpu();
    start_child(path, child_argv);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > INPUT_SIZE) {
        // Not runnable: the child would read past the segment. run.sh's -max_len keeps libFuzzer far below this.
        fprintf(stderr, "sockspec-fuzz-driver: input of %zu bytes skipped (limit %d)\n", size, INPUT_SIZE);
        return 0;
    }
    // No clear here: libFuzzer clears its counters, which are the map, before each run.
    if (size) memcpy(shared_map + MAP_SIZE, data, size);

    int32_t len = (int32_t)size, status = 0;
    if (write_all(control_fd, &len, sizeof len)) {
        report_child_death();
        __builtin_trap();
    }
    // No timeout here: libFuzzer's -timeout alarm fires in this process and reports the hang itself.
    int r = read_all(status_fd, &status, sizeof status, -1);
    if (r <= 0) {
        report_child_death();
        __builtin_trap();
    }
    if (status != 0) {
        fprintf(stderr, "sockspec-fuzz-driver: the .NET target threw (status %d); its exception is printed above\n", status);
        __builtin_trap();
    }
    return 0;
}

#pragma clang attribute pop
