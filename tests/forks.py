"""vaultnet commands as real processes of their own, forked from one process that imported
vaultnet once, for the tests whose point is a process: two indexers at once, a terminal, `watch`
and its signals.

Starting `python -m vaultnet` costs about 0.4 s of CPU, nearly all of it the interpreter and the
imports; a fork of a process that did them costs a few milliseconds. Each command still runs in a
process of its own (its own memory, its own file descriptors, fsync for real, no test-process
monkeypatching), with stdin on /dev/null and stdout and stderr on files or on a pseudo-terminal.
The commands of one `run_all` are forked at once, so they do run at the same time; `start`
leaves one running, its output going to named pipes the test reads as it comes.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SERVER = r"""
import importlib, json, os, pkgutil, pty, select, signal, sys, tempfile, time, traceback
import vaultnet
from vaultnet.cli import main

for found in pkgutil.walk_packages(vaultnet.__path__, "vaultnet."):
    importlib.import_module(found.name)

def command(argv):
    signal.alarm(120)  # a hung command dies instead of hanging the test
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code

def child(argv, stdout, stderr, inherited, setup=None):
    code = 1
    try:  # whatever happens, this process never returns to the loop below
        for fd in inherited:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        if setup:
            exec(setup, {})
        code = command(argv)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)

def run_all(jobs):
    started, leaders = [], []
    for job in jobs:
        if job["terminal"]:
            leader, follower = pty.openpty()
            pid = os.fork()
            if pid == 0:
                child(job["argv"], follower, follower, leaders + [leader], job["setup"])
            os.close(follower)
            leaders.append(leader)
            started.append((pid, leader, None))
        else:
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            pid = os.fork()
            if pid == 0:
                child(job["argv"], out.fileno(), err.fileno(), leaders, job["setup"])
            started.append((pid, out, err))
    received = {leader: b"" for leader in leaders}
    while leaders:
        for leader in select.select(leaders, [], [])[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if chunk:
                received[leader] += chunk
            else:
                leaders.remove(leader)
                os.close(leader)
    answers = []
    for pid, out, err in started:
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        if err is None:
            stdout, stderr = received[out], b""
        else:
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        answers.append([code, stdout.decode("latin-1"), stderr.decode("latin-1")])
    return answers

def start(argv, stdout, stderr):
    pid = os.fork()
    if pid == 0:
        try:  # named pipes: each open waits for the test's reader
            out, err = os.open(stdout, os.O_WRONLY), os.open(stderr, os.O_WRONLY)
        except BaseException:
            os._exit(1)
        child(argv, out, err, [])
    return pid

def wait(pid, timeout):
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.005)

for line in sys.stdin:
    request = json.loads(line)
    if "run" in request:
        answer = run_all(request["run"])
    elif "start" in request:
        answer = start(request["start"], request["stdout"], request["stderr"])
    else:
        answer = wait(request["wait"], request["timeout"])
    print(json.dumps(answer), flush=True)
"""


@dataclass
class Done:
    """A finished command: its exit code (negative for a signal), what it wrote."""

    returncode: int
    stdout: bytes
    stderr: bytes  # empty on a terminal, where both went to `stdout`

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


_server: subprocess.Popen[str] | None = None
# The commands' environment: the suite's as it was when the tests were collected, not as the
# test that happens to start the server first has changed it (without VAULTNET_ settings).
_ENVIRONMENT = dict(os.environ)


def _started() -> subprocess.Popen[str]:
    global _server
    if _server is None or _server.poll() is not None:
        env = {k: v for k, v in _ENVIRONMENT.items() if not k.startswith("VAULTNET_")}
        _server = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        atexit.register(_stop, _server)
    return _server


def _stop(server: subprocess.Popen[str]) -> None:
    if server.poll() is None:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)


def _ask(request: dict[str, Any]) -> Any:
    server = _started()
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(json.dumps(request) + "\n")
    server.stdin.flush()
    answer = server.stdout.readline()
    assert answer, "the process that forks the commands died"
    return json.loads(answer)


def run_all(*commands: list[str], terminal: bool = False, setup: str | None = None) -> list[Done]:
    """Run each vaultnet command line (the arguments after `vaultnet`) in a process of its own,
    all at once; `terminal`: with stdout and stderr on a pseudo-terminal each; `setup`: Python
    code each process runs first (to break vaultnet on purpose, say)."""
    jobs = [{"argv": list(argv), "terminal": terminal, "setup": setup} for argv in commands]
    return [
        Done(code, out.encode("latin-1"), err.encode("latin-1"))
        for code, out, err in _ask({"run": jobs})
    ]


def start(argv: list[str], stdout: Path, stderr: Path) -> int:
    """Start a vaultnet command line in a process of its own and leave it running; its stdout
    and stderr go to the named pipes `stdout` and `stderr` (os.mkfifo), opened in that order.
    Returns its process id (for signals; `wait` for its end)."""
    return int(_ask({"start": argv, "stdout": str(stdout), "stderr": str(stderr)}))


def wait(pid: int, timeout: float) -> int | None:
    """The exit code of a process `start` started (negative for a signal), None if it is still
    running after `timeout` seconds."""
    code = _ask({"wait": pid, "timeout": timeout})
    return None if code is None else int(code)


def run(*argv: str, terminal: bool = False, setup: str | None = None) -> Done:
    """One vaultnet command line in a process of its own."""
    return run_all(list(argv), terminal=terminal, setup=setup)[0]
