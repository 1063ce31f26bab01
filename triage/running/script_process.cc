#include "running/script_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "running/child_command.h"

namespace nodefuzz::triage {

namespace {

constexpr size_t kMaxStream = 1 << 20;

void Append(std::string& to, const char* data, size_t n) {
  if (to.size() < kMaxStream) to.append(data, std::min(n, kMaxStream - to.size()));
}

}  // namespace

ScriptRun RunScript(const std::vector<std::string>& argv, const std::string& input,
                    const std::vector<std::string>& env, const std::filesystem::path& cwd,
                    double timeout_seconds) {
  ScriptRun r;
  // A program that exits without reading all its input must not take this process with it: a
  // write to its closed stdin then fails with EPIPE instead of raising SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  const ChildCommand command(argv, env);  // built before fork
  const std::string cwd_string = cwd.string();

  int in[2], out[2], err[2], status_pipe[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
      pipe2(status_pipe, O_CLOEXEC) != 0) {
    r.err = "pipe failed: " + std::string(std::strerror(errno));
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: the time limit reaches whatever it starts
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    dup2(status_pipe[1], 3);
    fcntl(3, F_SETFD, FD_CLOEXEC);  // closes on a successful exec: the parent reads EOF
    close_range(4, ~0U, 0);
    int code = 0;
    if (chdir(cwd_string.c_str()) == 0) execvpe(command.argv()[0], command.argv(), command.envp());
    code = errno;
    (void)!write(3, &code, sizeof code);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  close(status_pipe[1]);
  if (pid < 0) {
    r.err = "fork failed: " + std::string(std::strerror(errno));
    close(in[1]);
    close(out[0]);
    close(err[0]);
    close(status_pipe[0]);
    return r;
  }
  setpgid(pid, pid);
  int exec_errno = 0;
  r.started = read(status_pipe[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno;
  close(status_pipe[0]);
  if (!r.started) r.err = std::strerror(exec_errno);

  fcntl(in[1], F_SETFL, O_NONBLOCK);
  size_t written = 0;
  int stdin_fd = in[1];
  if (input.empty()) {
    close(stdin_fd);
    stdin_fd = -1;
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > timeout_seconds && !r.timed_out) {
      // SIGTERM first: a wrapper (the Node 24 chroot script) cleans up after itself.
      r.timed_out = true;
      kill(-pid, SIGTERM);
    }
    if (elapsed > timeout_seconds + 1) {
      kill(-pid, SIGKILL);
      break;
    }
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (stdin_fd >= 0) fds[n++] = {stdin_fd, POLLOUT, 0};
    if (poll(fds, static_cast<nfds_t>(n), 50) <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == stdin_fd) {
        const ssize_t w = write(stdin_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) written = input.size();  // the reader went away
        if (written == input.size()) {
          close(stdin_fd);
          stdin_fd = -1;
        }
        continue;
      }
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        (fds[i].fd == out[0] ? out_open : err_open) = false;
        continue;
      }
      Append(fds[i].fd == out[0] ? r.out : r.err, buf, static_cast<size_t>(got));
    }
  }
  if (stdin_fd >= 0) close(stdin_fd);
  close(out[0]);
  close(err[0]);
  // Anything of its group still running (its own children), while the group still exists: its
  // leader is not reaped yet.
  if (r.timed_out) kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  return r;
}

}  // namespace nodefuzz::triage
