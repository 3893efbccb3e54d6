"""What front ends rely on in daily use, and the faults that broke it (issue 18), through the real
Jupyter client: outputs under their own cells when cells are queued (Run All), restart without a
"dead" status, exit when the front end dies, bare cell magics incomplete, replayed messages
refused, status messages kept under a control flood, a flood on the heartbeat, exit calls vetoed,
class initialization broken by an interrupt recognized, one format for error positions.

Usage: /usr/bin/python3 test_front_end.py [kernel_name]
"""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import zmq
from jupyter_client.session import Session

from kernel_harness import Runner, collect, send_huge_from_child, execute, kernel_pid, of_type, start, stdout_of, stop, wait_reply

KERNEL = next((a for a in sys.argv[1:] if not a.startswith("--")), "jitbook")
ROUNDS = 15


def test_output_lands_under_its_own_cell(km, kc):
    a_code = 'System.out.println("a1");\nSystem.err.println("e1");\nSystem.out.println("a2");\nSystem.out.println("a3");'
    wrong = 0
    for _ in range(ROUNDS):
        a = kc.execute(a_code)
        b = kc.execute("int zz = 1;")
        msgs = []
        idle = set()
        deadline = time.monotonic() + 60
        while len(idle) < 2 and time.monotonic() < deadline:
            m = kc.get_iopub_msg(timeout=60)
            pid = m["parent_header"].get("msg_id")
            if pid not in (a, b):
                continue
            msgs.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle.add(pid)
        for want in (a, b):
            wait_reply(kc.get_shell_msg, want, 60)
        a_text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream"
                         and m["parent_header"]["msg_id"] == a)
        b_streams = [m for m in msgs if m["msg_type"] == "stream" and m["parent_header"]["msg_id"] == b]
        # All of A's output comes before A's idle.
        a_idle = next(i for i, m in enumerate(msgs) if m["parent_header"]["msg_id"] == a
                      and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
        late = [m for m in msgs[a_idle:] if m["msg_type"] == "stream" and m["parent_header"]["msg_id"] == a]
        if b_streams or late or a_text.replace("e1\n", "") != "a1\na2\na3\n" or "e1" not in a_text:
            wrong += 1
    assert wrong == 0, "%d of %d rounds had output under the wrong cell or after idle" % (wrong, ROUNDS)


def test_bare_cell_magics_are_incomplete(km, kc):
    def status(code):
        return wait_reply(kc.get_shell_msg, kc.is_complete(code), 10)["content"]["status"]
    for bare in ("%%script", "%%trace f(x)", "%%time", "%%time\n   \n"):
        assert status(bare) == "incomplete", bare
    assert status("%%time\nint q = 1;") == "complete"
    assert status("%time 1 + 1") == "complete"
    assert status("%lsmagic") == "complete"


def own_dealer(kc, port):
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect("tcp://%s:%d" % (kc.ip, port))
    return sock


def test_replayed_signature_is_refused(km, kc):
    execute(kc, "int replays = 0;")
    sock = own_dealer(kc, kc.shell_port)
    try:
        msg = kc.session.msg("execute_request", {"code": "replays += 1;", "silent": False, "store_history": True,
                                                 "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        frames = kc.session.serialize(msg)
        sock.send_multipart(frames)
        assert sock.poll(30000), "no reply to the original"
        sock.recv_multipart()
        sock.send_multipart(frames)  # the same signed frames again
        assert not sock.poll(2000), "the replayed request was answered"
    finally:
        sock.close()
    _, msgs = execute(kc, "replays")
    assert of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "1", msgs


def test_status_survives_a_control_flood(km, kc):
    # A SUB socket of our own without a high-water mark, so that only the kernel could drop.
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.setsockopt(zmq.RCVHWM, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect("tcp://%s:%d" % (kc.ip, kc.iopub_port))
    ctl = own_dealer(kc, kc.control_port)
    try:
        time.sleep(0.5)  # the subscription reaches the kernel
        cell = kc.execute("Thread.sleep(1500);")
        for _ in range(10_000):
            ctl.send_multipart(kc.session.serialize(kc.session.msg("kernel_info_request", {})))
        deadline = time.monotonic() + 120
        got_idle = False
        while time.monotonic() < deadline and not got_idle:
            if not sub.poll(1000):
                continue
            frames = sub.recv_multipart()
            i = frames.index(b"<IDS|MSG>")
            parent = json.loads(frames[i + 3])
            if parent.get("msg_id") == cell and b'"idle"' in frames[i + 5]:
                got_idle = True
        assert got_idle, "the running cell's idle status was lost"
        wait_reply(kc.get_shell_msg, cell, 60)
    finally:
        sub.close()
        ctl.close()


def test_heartbeat_survives_huge_frames(km, kc):
    # 160 MB at once, from a child process (kernel_harness.send_huge_from_child says why).
    send_huge_from_child("REQ", "tcp://%s:%d" % (kc.ip, kc.hb_port), 160)
    time.sleep(1)
    probe = zmq.Context.instance().socket(zmq.REQ)
    probe.setsockopt(zmq.LINGER, 0)
    probe.connect("tcp://%s:%d" % (kc.ip, kc.hb_port))
    try:
        probe.send(b"ping")
        assert probe.poll(10000), "the heartbeat no longer answers"
        assert probe.recv() == b"ping"
    finally:
        probe.close()
    assert kc.hb_channel.is_beating()


def test_exit_from_cell_code_is_vetoed(km, kc):
    pid = kernel_pid(km)
    execute(kc, "var rt = Runtime.getRuntime();")
    reply, msgs = execute(kc, "rt.exit(3)")
    feature = int(of_type(execute(kc, "Runtime.version().feature()")[1], "execute_result")[0]["content"]["data"]["text/plain"])
    if feature >= 24:
        print("     (Java %d has no SecurityManager: exits are refused in cell text only)" % feature)
        return
    assert reply["content"]["status"] == "error" and "SecurityException" in reply["content"]["ename"], reply["content"]
    assert "refused" in reply["content"]["evalue"], reply["content"]
    # From a thread the cell starts, through the Runtime of an earlier cell: no text to refuse.
    _, msgs = execute(kc, "new Thread(() -> rt.exit(4)).start(); Thread.sleep(300);")
    assert "SecurityException" in stdout_of(msgs, "stderr"), msgs
    _, msgs = execute(kc, "1 + 1")
    assert km.is_alive() and kernel_pid(km) == pid
    assert of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "2"


def test_broken_class_initialization_is_explained(km, kc):
    execute(kc, "class Stuck { static int v; static { while (v >= 0) { v = (v + 1) % 1000; } } }")
    msg_id = kc.execute("Stuck.v")
    time.sleep(1.0)
    kc.session.send(kc.control_channel.socket, kc.session.msg("interrupt_request", {}))
    wait_reply(kc.get_shell_msg, msg_id, 30)
    collect(kc, msg_id, 30)
    reply, msgs = execute(kc, "Stuck.v")
    c = reply["content"]
    assert c["status"] == "error" and "NoClassDefFoundError" in c["ename"], c
    text = "\n".join(c["traceback"])
    assert "restart the kernel" in text.lower(), text
    _, msgs = execute(kc, "Tensors.randn(3).tanh().shape()")
    assert of_type(msgs, "execute_result"), msgs


def test_one_error_format(km, kc):
    """javac's errors, the script compiler's and exceptions all name a position as cell [N], line L(, column C);
    the tracer's refusal shows its message, not the generated code that ran the cell."""
    import re
    plain = lambda c: re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(c["traceback"]))
    eager = execute(kc, "int q = 1;\nString s = q;")[0]["content"]
    script = execute(kc, "%%script\nTensor bad(Tensor x) {\n    int y = 1;\n    return x.foo(y);\n}")[0]["content"]
    thrown = execute(kc, "String n = null;\nn.length()")[0]["content"]
    where = re.compile(r"at cell \[\d+\], line (\d+)(, column (\d+))?")
    for c, line, column in ((eager, "2", "12"), (script, "4", "12"), (thrown, "2", None)):
        m = where.search(plain(c))
        assert m and m.group(1) == line and m.group(3) == column, (line, column, plain(c))
        assert not re.search(r"cell\[\d+\]:\d+", plain(c)), plain(c)
    assert plain(eager).startswith("Compile error at") and plain(script).startswith("Script compile error at"), (eager, script)
    execute(kc, "Tensor three = Tensors.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});\n"
                "Tensor four = Tensors.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});")
    c = execute(kc, "%%trace rows(three) --check four\nTensor acc = three.get(0);\n"
                    "for (long i = 1; i < three.shape()[0]; i++) {\n    acc = acc.add(three.get(i));\n}\nreturn acc;", timeout=120)[0]["content"]
    assert c["status"] == "error" and "does not generalize" in c["evalue"], c
    assert "TraceCell.run" not in plain(c) and "__in" not in plain(c), plain(c)
    # An exception inside a traced cell names the cell's lines as written (the magic line, not the
    # generated wrapper) and local variables by name.
    c = execute(kc, "%%trace rows(three)\nTensor acc = three.get(0);\nString n = null;\nn.length();\nreturn acc;", timeout=120)[0]["content"]
    assert c["status"] == "error" and 'because "n" is null' in c["evalue"], c
    assert re.search(r"at cell \[\d+\], line 4: n\.length\(\);", plain(c)), plain(c)
    assert re.search(r"at cell \[\d+\], line 1: %%trace rows\(three\)", plain(c)), plain(c)
    assert "TraceCell" not in plain(c) and "__in" not in plain(c), plain(c)
    # A compile error in a traced cell marks the cell's own line.
    c = execute(kc, "%%trace rows(three)\nint z = \"s\";\nreturn three;", timeout=120)[0]["content"]
    assert re.search(r"Compile error at cell \[\d+\], line 2, column 9", plain(c)), plain(c)
    assert '    int z = "s";' in plain(c) and "__in" not in plain(c), plain(c)
    # After that rejected redeclaration of rows, the next %%trace rows runs its own code.
    c = execute(kc, "%%trace rows(three)\nreturn three.mul(2);", timeout=120)[0]["content"]
    assert c["status"] == "ok", plain(c)


def test_restart_publishes_no_dead_status(km, kc):
    execute(kc, "int beforeRestart = 1;")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    states = []
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=0.5)
        except Exception:  # noqa: BLE001 - queue.Empty
            continue
        if m["msg_type"] == "status":
            states.append(m["content"]["execution_state"])
    assert "dead" not in states, states


def test_kernel_exits_when_its_front_end_dies(km, kc):
    # A front end of our own (a Python process running jupyter_client) starts a kernel and is
    # then killed: the kernel must notice (JPY_PARENT_PID) and exit.
    front = textwrap.dedent("""
        import sys, time, jupyter_client
        km = jupyter_client.KernelManager(kernel_name=sys.argv[1])
        km.start_kernel()
        print(km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid, flush=True)
        time.sleep(600)
    """)
    p = subprocess.Popen([sys.executable, "-c", front, KERNEL], stdout=subprocess.PIPE, text=True)
    try:
        child = int(p.stdout.readline())
        time.sleep(2)
        assert os.path.exists("/proc/%d" % child), "the kernel did not start"
        p.kill()
        p.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and alive_pid(child):
            time.sleep(0.2)
        assert not alive_pid(child), "the kernel outlived its front end"
    finally:
        if p.poll() is None:
            p.kill()


def alive_pid(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    runner = Runner()
    km, kc = start(KERNEL)
    try:
        for t in (test_output_lands_under_its_own_cell, test_bare_cell_magics_are_incomplete,
                  test_replayed_signature_is_refused, test_status_survives_a_control_flood,
                  test_heartbeat_survives_huge_frames, test_exit_from_cell_code_is_vetoed,
                  test_broken_class_initialization_is_explained, test_one_error_format,
                  test_restart_publishes_no_dead_status):
            runner.run(t.__name__, t, km, kc)
        runner.run("test_kernel_exits_when_its_front_end_dies", test_kernel_exits_when_its_front_end_dies, km, kc)
    finally:
        try:
            stop(km, kc)
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass
    runner.finish()


if __name__ == "__main__":
    main()
