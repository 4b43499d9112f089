"""scripts/supervise.sh, which keeps `make run`'s video worker alive: a worker that dies is started
again after a back-off (the web server is not taken down with it), and SIGTERM stops both."""
import os
import signal
import subprocess
import sys
import time

from tests.servers import PROJECT, Process, app_env, wait_until

SUPERVISE = str(PROJECT / "scripts" / "supervise.sh")


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def test_a_command_that_keeps_dying_is_restarted_with_a_growing_back_off(tmp_path):
    runs = tmp_path / "runs"
    crash = f"echo $(date +%s.%N) >> {runs}; exit 3"
    supervisor = Process([SUPERVISE, "--name", "uji", "--min-delay", "1", "--max-delay", "2", "--",
                          "bash", "-c", crash], env=dict(os.environ), log=tmp_path / "log").start()
    try:
        wait_until(lambda: runs.exists() and len(runs.read_text().split()) >= 4, timeout=20,
                   what="four runs", log=tmp_path / "log", proc=supervisor.proc)
    finally:
        supervisor.stop()
    starts = [float(t) for t in runs.read_text().split()]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert 0.9 < gaps[0] < 1.9 and all(1.9 < gap < 3.5 for gap in gaps[1:3])  # 1 s, then 2 s (the cap)
    log = (tmp_path / "log").read_text()
    assert "[uji] berhenti (kode 3); dijalankan ulang dalam 1 detik…" in log
    assert "dijalankan ulang dalam 2 detik…" in log


def test_a_run_that_lasted_resets_the_back_off(tmp_path):
    runs = tmp_path / "runs"
    lasts = f"echo x >> {runs}; sleep 1.2; exit 1"
    supervisor = Process([SUPERVISE, "--name", "uji", "--min-delay", "1", "--max-delay", "8", "--stable", "1",
                          "--", "bash", "-c", lasts], env=dict(os.environ), log=tmp_path / "log").start()
    try:
        wait_until(lambda: runs.exists() and len(runs.read_text().split()) >= 3, timeout=20,
                   what="three runs", log=tmp_path / "log", proc=supervisor.proc)
    finally:
        supervisor.stop()
    log = (tmp_path / "log").read_text()
    assert log.count("dijalankan ulang dalam 1 detik") >= 2 and "dalam 2 detik" not in log


def test_the_video_worker_killed_is_started_again_and_sigterm_stops_it(app, tmp_path):
    env = app_env(app, tmp_path)
    supervisor = Process([SUPERVISE, "--name", "worker video", "--", sys.executable, "-m", "flask",
                          "--app", "wsgi", "contest", "worker", "--no-periodic"],
                         env=env, log=tmp_path / "log").start()
    try:
        [first] = wait_until(lambda: children(supervisor.pid), timeout=20, what="the worker",
                             proc=supervisor.proc)
        time.sleep(2)  # let it get going
        os.kill(first, signal.SIGKILL)
        [second] = wait_until(lambda: [p for p in children(supervisor.pid) if p != first], timeout=20,
                              what="a restarted worker", log=tmp_path / "log", proc=supervisor.proc)
        assert supervisor.running()
        os.kill(supervisor.pid, signal.SIGTERM)
        assert supervisor.proc.wait(30) == 0
        wait_until(lambda: not os.path.exists(f"/proc/{second}") or open(
            f"/proc/{second}/stat").read().split()[2] == "Z", timeout=10, what="the worker to stop")
    finally:
        supervisor.stop()
    assert "[worker video] berhenti (kode 137)" in (tmp_path / "log").read_text()


def command_of(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_make_run_keeps_serving_when_the_worker_dies(app, tmp_path):
    """scripts/serve.sh as `make run` starts it: SIGKILL the worker, the site still answers and
    a new worker starts; SIGTERM to serve.sh then stops everything."""
    import requests

    from tests.servers import free_port

    port = free_port()
    env = app_env(app, tmp_path, PORT=str(port))
    serve = Process(["bash", str(PROJECT / "scripts" / "serve.sh")], env=env, log=tmp_path / "log").start()
    started = []
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok, timeout=60,
                   what="make run's web server", log=tmp_path / "log", proc=serve.proc)
        [supervisor] = [p for p in children(serve.pid) if "supervise.sh" in command_of(p)]
        [worker] = wait_until(lambda: children(supervisor), timeout=20, what="the worker")
        started = children(serve.pid)
        os.kill(worker, signal.SIGKILL)
        wait_until(lambda: [p for p in children(supervisor) if p != worker], timeout=20,
                   what="a restarted worker", log=tmp_path / "log", proc=serve.proc)
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok and serve.running()
        os.kill(serve.pid, signal.SIGTERM)
        serve.proc.wait(60)
        wait_until(lambda: not any(command_of(p) for p in started), timeout=30, what="web and worker to stop")
    finally:
        serve.stop()
        for pid in started:
            if command_of(pid):
                os.killpg(pid, signal.SIGKILL)
    assert "[worker video] berhenti (kode 137)" in (tmp_path / "log").read_text()


def test_serve_sh_runs_the_worker_under_the_supervisor():
    serve = (PROJECT / "scripts" / "serve.sh").read_text()
    assert 'setsid scripts/supervise.sh --name "worker video" -- .venv/bin/flask --app wsgi contest worker &' in serve
