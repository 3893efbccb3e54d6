"""Helpers shared by the Jitbook kernel's integration scripts.

They drive the kernel with Debian's real Jupyter client (python3-jupyter-client), started by
kernelspec name, exactly as a front end would. Run with /usr/bin/python3 and JUPYTER_PATH
pointing at a directory whose kernels/<name>/kernel.json launches the kernel under test.
"""
import os
import queue
import sys
import time
import traceback

import jupyter_client


# ---- a notebook's session: what its cells do when run again and again ---------------------------

SESSION_SETUP = """int counter = 0;
Tensor w = Tensors.randn(80, 80);
Tensor x = Tensors.randn(80, 80);
var f = Jit.trace(a -> a.matmul(w).tanh().sum(), x);"""

# What a notebook does when its cells are run again and again: statements, expressions shown as
# results, redefined variables and methods, prints, tensor ops (80x80x80 products go through ND4J),
# calls of a traced function.
SESSION_CELLS = [
    "counter += 1;",
    "double y = Math.sqrt(counter);",
    "Tensor t = x.matmul(w).tanh();",
    "t.sum().item()",
    'System.out.println("cell " + counter);',
    "counter",
    'String label = "run " + counter;',
    "f.forward(x).item()",
    "int sq(int v) { return v * v; }",
    "sq(counter) % 7",
    "if (counter % 3 == 0) { counter++; }",
    "Tensors.randn(4, 4)",
]


def start(kernel_name, timeout=60):
    """A started kernel whose session is ready: the first cell waits until JShell has started and
    the libraries are warm (seconds on an idle machine, far more on a loaded one), so a silent
    cell (no execution count) waits for that here, not inside the first test."""
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name, startup_timeout=timeout)
    wait_ready(kc, 240)
    return km, kc


def wait_ready(kc, timeout=240):
    msg_id = kc.execute("1", silent=True, store_history=False)
    wait_reply(kc.get_shell_msg, msg_id, timeout)


def stop(km, kc):
    try:
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=False)


def wait_reply(channel_get, msg_id, timeout=30):
    """The reply whose parent is msg_id; other replies are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no reply to %s within %ss" % (msg_id, timeout))
        msg = channel_get(timeout=left)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def collect(kc, msg_id, timeout=30):
    """IOPub messages of one request up to its idle status, each with its arrival time."""
    out = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no idle for %s within %ss; got %s" % (msg_id, timeout, [m["msg_type"] for _, m in out]))
        msg = kc.get_iopub_msg(timeout=left)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append((time.monotonic(), msg))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


def execute(kc, code, timeout=30, **kw):
    """Runs code; returns (reply, [iopub messages]) after the idle status."""
    msg_id = kc.execute(code, **kw)
    msgs = [m for _, m in collect(kc, msg_id, timeout)]
    reply = wait_reply(kc.get_shell_msg, msg_id, timeout)
    return reply, msgs


def of_type(msgs, msg_type):
    return [m for m in msgs if m["msg_type"] == msg_type]


def stdout_of(msgs, name="stdout"):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def result_text(msgs):
    r = of_type(msgs, "execute_result")
    return r[0]["content"]["data"]["text/plain"] if r else None


def drain(get, timeout=0.2):
    """Everything that arrives on a channel within timeout seconds."""
    out = []
    while True:
        try:
            out.append(get(timeout=timeout))
        except queue.Empty:
            return out


def cpu_seconds(pid):
    """User+system CPU time used so far by a process, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def thread_cpu_seconds(pid):
    """CPU time per thread of a process: {(tid, name): seconds}."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                raw = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        out[(tid, name)] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def kernel_pid(km):
    prov = getattr(km, "provisioner", None)
    if prov is not None and getattr(prov, "process", None) is not None:
        return prov.process.pid
    return km.kernel.pid


class Runner:
    """A tiny test runner: each test is a function; failures are reported, the rest still run."""

    def __init__(self):
        self.failures = []
        self.passed = 0

    def run(self, name, fn, *args):
        t0 = time.monotonic()
        try:
            fn(*args)
            self.passed += 1
            print("ok   %-40s %.2fs" % (name, time.monotonic() - t0), flush=True)
        except Exception:  # noqa: BLE001 - report every failure, keep going
            self.failures.append(name)
            print("FAIL %-40s %.2fs\n%s" % (name, time.monotonic() - t0, traceback.format_exc()), flush=True)

    def finish(self):
        print("%d passed, %d failed %s" % (self.passed, len(self.failures), self.failures), flush=True)
        sys.exit(1 if self.failures else 0)


# An oversized message sent from a process of its own. When the kernel drops the connection in the
# middle of a message (as it must, before allocating it), libzmq in the sender may abort
# ("Resource temporarily unavailable (src/session_base.cpp:260)"): that must not take the test
# runner with it. frames are sent as given, followed by `huge_mb` MB of zeros as one frame.
HUGE_MESSAGE_SENDER = """
import sys, time, zmq
kind, address, huge_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = zmq.Context.instance().socket(getattr(zmq, kind))
s.setsockopt(zmq.LINGER, 0)
s.connect(address)
frames = [bytes.fromhex(h) for h in sys.argv[4:]]
s.send_multipart(frames + [b"\\0" * (huge_mb << 20)], copy=False)
time.sleep(float(__import__("os").environ.get("HUGE_SENDER_WAIT", "1")))
if s.poll(0):
    sys.exit(2)  # answered: the caller treats this as a failure
s.close()
"""


def send_huge_from_child(socket_kind, address, huge_mb, frames=(), wait=1.0):
    """Returns the sender's exit code: 2 when the message was answered, anything else when not."""
    import subprocess
    env = dict(os.environ, HUGE_SENDER_WAIT=str(wait))
    return subprocess.run([sys.executable, "-c", HUGE_MESSAGE_SENDER, socket_kind, address, str(huge_mb)]
                          + [f.hex() for f in frames], timeout=120, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode
