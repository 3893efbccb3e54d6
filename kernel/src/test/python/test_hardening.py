"""Hardening tests of the Jitbook kernel, through the real Jupyter client (issue 13).

Usage: /usr/bin/python3 test_hardening.py [kernel_name] [--long]

Nothing a user or a stray process sends may crash the kernel, lose the session or get a message
in that the connection key did not sign:
- the kernel binds only the connection file's address;
- garbage, unsigned, badly signed, malformed, wrongly typed, unknown, huge and out-of-order
  messages on every channel are dropped or answered with an error, and a valid request works
  afterwards;
- cells with an endless loop, deep recursion, a compiler stack overflow, heap and off-heap
  exhaustion, System.exit/Runtime.halt in any spelling, threads left running, a string constant
  too long for a class file, or tensor input that ND4J would choke on are reported as cell
  errors; the kernel keeps its pid and the session keeps its variables;
- a long session of cells runs in bounded heap (a few KB a cell that JShell keeps for ever) and
  flat native memory.

The default run is short (about a minute). --long (./test.sh --long, -Djitbook.soak=true) runs
10,000 cells in the long session and many more garbage messages.
"""
import os
import random
import socket
import sys
import time

import zmq

from kernel_harness import (SESSION_CELLS, SESSION_SETUP, Runner, collect, drain, send_huge_from_child, execute, kernel_pid, of_type, result_text,
                            start, stdout_of, stop, wait_reply)

KERNEL = next((a for a in sys.argv[1:] if not a.startswith("--")), "jitbook")
LONG = "--long" in sys.argv
SESSION_LENGTH = 10_000 if LONG else 400
GARBAGE_MESSAGES = 5_000 if LONG else 300


# ---- helpers -------------------------------------------------------------------------------------

def alive(km, kc, pid):
    """The same kernel process still answers on shell and control, and runs a cell."""
    assert km.is_alive() and kernel_pid(km) == pid, "the kernel process died or was replaced"
    assert kc.kernel_info(reply=True, timeout=20)["content"]["status"] == "ok"
    reply, msgs = execute(kc, "6 * 7", timeout=60)
    assert reply["content"]["status"] == "ok" and result_text(msgs) == "42", (reply["content"], msgs)


def cell_error(kc, code, timeout=120, **kw):
    """Runs a cell that must fail; returns its error content (the reply and the IOPub error agree)."""
    reply, msgs = execute(kc, code, timeout=timeout, **kw)
    c = reply["content"]
    assert c["status"] == "error", (code[:200], c)
    errors = of_type(msgs, "error")
    assert errors and errors[0]["content"]["ename"] == c["ename"], (code[:200], msgs)
    return c


def value(kc, code, timeout=60):
    reply, msgs = execute(kc, code, timeout=timeout)
    assert reply["content"]["status"] == "ok", (code, reply["content"])
    return result_text(msgs)


def own_socket(kc, port, kind=zmq.DEALER, identity=None):
    sock = zmq.Context.instance().socket(kind)
    sock.setsockopt(zmq.LINGER, 0)
    if identity is not None:
        sock.setsockopt(zmq.IDENTITY, identity)
    sock.connect("%s://%s:%d" % (kc.transport, kc.ip, port))
    return sock


def signed(session, msg_type, content=None, header_bytes=None, parent_bytes=None, metadata_bytes=None,
           content_bytes=None):
    """Frames of a correctly signed message whose JSON frames may be replaced by arbitrary bytes."""
    frames = session.serialize(session.msg(msg_type, content if content is not None else {}))
    for i, b in ((2, header_bytes), (3, parent_bytes), (4, metadata_bytes), (5, content_bytes)):
        if b is not None:
            frames[i] = b
    frames[1] = session.sign(frames[2:6])
    return frames


def replies_on(sock, timeout=0.5):
    out = []
    while sock.poll(int(timeout * 1000)):
        out.append(sock.recv_multipart())
    return out


def request_on(kc, sock, msg_type, content=None, timeout=20):
    """Sends a valid request on our own socket; returns its reply, failing on any other message."""
    msg = kc.session.send(sock, msg_type, content or {})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sock.poll(int((deadline - time.monotonic()) * 1000) + 1):
            _, reply = kc.session.recv(sock)
            assert reply["parent_header"].get("msg_id") == msg["header"]["msg_id"], (
                "a reply to a message that should have been dropped", reply)
            return reply
    raise TimeoutError("no reply to %s" % msg_type)


def garbage_messages(session, rnd, count):
    """Frame lists that are not valid signed messages: handmade cases, then random ones."""
    good = session.serialize(session.msg("execute_request", {"code": 'System.out.println("GARBAGE RAN");'}))
    out = [
        [b"<IDS|MSG>"],
        [b"<IDS|MSG>", good[1]],
        [b"<IDS|MSG>"] + good[1:5],                             # one JSON frame short
        [b"no delimiter at all"],
        [b"id1", b"id2", b"id3"],
        [b"<IDS|MSG>", b"", good[2], good[3], good[4], good[5]],  # no signature
        [b"<IDS|MSG>", b"0" * 64] + good[2:6],                  # wrong signature
        [b"<IDS|MSG>", good[1].upper()] + good[2:6],            # right digest, wrong case
        [b"<IDS|MSG>", good[1][:-1]] + good[2:6],               # a digit short
        [b"<IDS|MSG>", good[1] + b"0"] + good[2:6],             # a digit long
        [b"<IDS|MSG>", good[1], good[2], good[3], good[4], good[5][:-1] + b" }"],  # content changed after signing
        [b"<IDS|MSG>", good[1], good[3], good[2], good[4], good[5]],  # frames swapped
        [b"<IDS|MSG>", b"<IDS|MSG>"] + good[1:6],               # delimiter twice
        signed(session, "execute_request", content_bytes=b"{not json"),
        signed(session, "execute_request", content_bytes=b"[1, 2]"),
        signed(session, "execute_request", content_bytes=b"null"),
        signed(session, "execute_request", content_bytes=b"\xff\xfe\x00garbage"),
        signed(session, "execute_request", header_bytes=b"[]"),
        signed(session, "execute_request", header_bytes=b'{"msg_id": "x"}'),    # no msg_type
        signed(session, "execute_request", header_bytes=b'{"msg_type": ""}'),
        signed(session, "execute_request", parent_bytes=b'"a string"'),
        signed(session, "execute_request", metadata_bytes=b"{"),
    ]
    for _ in range(count):
        frames = [bytes(rnd.getrandbits(8) for _ in range(rnd.choice((0, 1, 8, 64, 300)))) for _ in range(rnd.randint(1, 9))]
        if rnd.random() < 0.6:
            frames.insert(rnd.randrange(len(frames) + 1), b"<IDS|MSG>")
        if rnd.random() < 0.3:  # a real message with one frame damaged
            frames = list(good)
            i = rnd.randrange(1, len(frames))
            b = bytearray(frames[i])
            if b:
                b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
            frames[i] = bytes(b)
        out.append(frames)
    return out


# ---- the connection ---------------------------------------------------------------------------

def listening_sockets(pid):
    """(ip, port) of every TCP socket the process listens on, from /proc/net/tcp{,6}."""
    inodes = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        if not os.path.exists(table):
            continue
        with open(table) as f:
            next(f)
            for line in f:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state != "0A" or inode not in inodes:  # 0A: LISTEN
                    continue
                addr, port = local.split(":")
                # Addresses are 32-bit words in host (little-endian) byte order.
                raw = b"".join(bytes.fromhex(addr[i:i + 8])[::-1] for i in range(0, len(addr), 8))
                if v6 and raw[:12] == b"\0" * 10 + b"\xff\xff":
                    raw = raw[12:]  # ::ffff:a.b.c.d, an IPv4 address on a dual-stack socket
                ip = socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, raw)
                found.append((ip, int(port, 16)))
    return found


def other_local_addresses():
    """Addresses of this machine other than the connection file's: another loopback one, and any non-loopback one."""
    out = ["127.0.0.2"]
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.connect(("10.255.255.255", 1))  # no packet is sent; only picks the outgoing interface
        ip = s.getsockname()[0]
        s.close()
        if not ip.startswith("127."):
            out.append(ip)
    except OSError:
        pass
    return out


def test_binds_only_the_connection_files_address(km, kc, pid):
    info = km.get_connection_info()
    assert info["ip"] == "127.0.0.1", info
    ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
    listening = listening_sockets(pid)
    assert {p for _, p in listening} == ports, ("the kernel listens on other ports", listening, ports)
    assert all(ip == "127.0.0.1" for ip, _ in listening), ("a socket is bound beyond 127.0.0.1", listening)
    for ip in other_local_addresses():
        for port in sorted(ports):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(2)
            try:
                rc = s.connect_ex((ip, port))
            finally:
                s.close()
            assert rc != 0, "port %d is reachable on %s" % (port, ip)


# ---- messages ----------------------------------------------------------------------------------

def test_garbage_on_shell_and_control_is_dropped(km, kc, pid):
    rnd = random.Random(1313)
    for port in (kc.shell_port, kc.control_port):
        sock = own_socket(kc, port)
        try:
            for frames in garbage_messages(kc.session, rnd, GARBAGE_MESSAGES):
                sock.send_multipart(frames)
            time.sleep(0.5)
            # Nothing was answered (a reply would be to garbage); the next valid request is.
            assert not replies_on(sock, 0.5), "a dropped message was answered"
            assert request_on(kc, sock, "kernel_info_request")["content"]["status"] == "ok"
            # Signed, but JSON nested 100,000 deep: a parser that recurses would overflow its stack.
            sock.send_multipart(signed(kc.session, "kernel_info_request",
                                       content_bytes=b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"))
            sock.send_multipart(signed(kc.session, "kernel_info_request",
                                       header_bytes=b'{"msg_type": "kernel_info_request", "x": '
                                       + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}"))
            for frames in replies_on(sock, 1.0):  # answered or dropped: either is fine
                assert b"kernel_info_reply" in frames[-4], frames[-4][:200]
            assert request_on(kc, sock, "kernel_info_request")["content"]["status"] == "ok"
        finally:
            sock.close()
    seen = drain(kc.get_iopub_msg, 0.3)
    assert not any("GARBAGE RAN" in str(m["content"]) for m in seen), "a garbage message was executed"
    alive(km, kc, pid)


def test_garbage_on_stdin_never_answers_an_input(km, kc, pid):
    # Garbage and forged replies on the stdin channel, while no cell reads and while one does.
    rnd = random.Random(1314)
    sock = own_socket(kc, kc.stdin_port, identity=kc.session.bsession)
    try:
        for frames in garbage_messages(kc.session, rnd, GARBAGE_MESSAGES // 3):
            sock.send_multipart(frames)
        time.sleep(0.3)
        msg_id = kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
        req = kc.get_stdin_msg(timeout=20)
        assert req["msg_type"] == "input_request", req
        for frames in garbage_messages(kc.session, rnd, 50):
            sock.send_multipart(frames)
        forged = kc.session.serialize(kc.session.msg("input_reply", {"value": "forged"}))
        forged[1] = b"f" * 64
        sock.send_multipart(forged)
        sock.send_multipart(signed(kc.session, "input_reply", content_bytes=b"{broken"))
        time.sleep(0.5)
        kc.input("genuine")
        reply = wait_reply(kc.get_shell_msg, msg_id, 20)
        assert reply["content"]["status"] == "ok", reply["content"]
        msgs = [m for _, m in collect(kc, msg_id, 20)]
        assert result_text(msgs) == '"genuine"', msgs
    finally:
        sock.close()
    alive(km, kc, pid)


def test_signed_requests_with_wrong_content_are_answered(km, kc, pid):
    """Correctly signed, well-formed JSON, nonsense fields: each gets a reply (ok or error), never silence."""
    cases = [
        ("execute_request", {"code": 123, "silent": "yes", "store_history": None, "user_expressions": [1, 2]}),
        ("execute_request", {"code": {"not": "a string"}}),
        ("execute_request", {"code": "1", "user_expressions": {"a": {"nested": 1}, "b": None, "c": 5}}),
        ("execute_request", {}),
        ("complete_request", {"code": "Math.ab", "cursor_pos": -5}),
        ("complete_request", {"code": "Math.ab", "cursor_pos": 10 ** 12}),
        ("complete_request", {"code": None, "cursor_pos": "3"}),
        ("complete_request", {}),
        ("inspect_request", {"code": "Math.max(", "cursor_pos": 10 ** 6, "detail_level": "x"}),
        ("inspect_request", {"code": ["a"]}),
        ("is_complete_request", {"code": 7}),
        ("history_request", {"hist_access_type": "tail", "n": -3}),
        ("history_request", {"hist_access_type": "range", "session": -1, "start": 10 ** 9, "stop": -10 ** 9}),
        ("history_request", {"hist_access_type": "search", "pattern": "[unclosed", "n": "x"}),
        ("history_request", {"hist_access_type": "bogus"}),
        ("comm_info_request", {"target_name": {"x": 1}}),
        ("kernel_info_request", {"unexpected": ["fields"]}),
    ]
    for msg_type, content in cases:
        msg = kc.session.msg(msg_type, content)
        kc.shell_channel.send(msg)
        reply = wait_reply(kc.get_shell_msg, msg["header"]["msg_id"], 30)
        assert reply["msg_type"] == msg_type.replace("_request", "_reply"), reply
        assert reply["content"].get("status") in ("ok", "error", "complete", "incomplete", "invalid", "unknown"), (
            msg_type, content, reply["content"])
        collect(kc, msg["header"]["msg_id"], 30)
    # Comm messages are not requests: no reply, and no effect.
    for msg_type, content in (("comm_open", {"comm_id": None, "target_name": 5}), ("comm_msg", {"data": "x"}),
                              ("comm_close", {"comm_id": ["x"]})):
        msg = kc.session.msg(msg_type, content)
        kc.shell_channel.send(msg)
        collect(kc, msg["header"]["msg_id"], 30)
    assert not drain(kc.get_shell_msg, 0.3)
    alive(km, kc, pid)


def test_unknown_message_types(km, kc, pid):
    for port in (kc.shell_port, kc.control_port):
        sock = own_socket(kc, port)
        try:
            r = request_on(kc, sock, "frobnicate_request")
            assert r["msg_type"] == "frobnicate_reply" and r["content"]["status"] == "error", r
            # Not requests (replies and broadcasts sent the wrong way included): dropped without a reply.
            for t in ("frobnicate", "execute_reply", "input_reply", "status", "stream", "", "x" * 10_000):
                kc.session.send(sock, t, {})
            assert not replies_on(sock, 0.5), "a message that is not a request was answered"
            # interrupt_request belongs on control: on shell it is an unknown request.
            if port == kc.shell_port:
                r = request_on(kc, sock, "interrupt_request")
                assert r["content"]["status"] == "error", r
        finally:
            sock.close()
    drain(kc.get_iopub_msg, 0.3)
    alive(km, kc, pid)


def test_huge_payloads(km, kc, pid):
    # A 20 MB cell: a comment and a declaration. Runs (and is echoed), the kernel keeps serving.
    code = "int hugeCell = 1;\n// " + "x" * (20 << 20)
    reply, msgs = execute(kc, code, timeout=180)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert value(kc, "hugeCell + 1") == "2"
    # A 20 MB string literal: javac cannot hold it (65,535 bytes); refused before JShell sees it.
    c = cell_error(kc, 'String huge = "' + "y" * (20 << 20) + '";', timeout=180)
    assert c["ename"] == "CompileError" and "65535" in c["evalue"], c
    # A 50 MB comm message for no comm: dropped; 50 MB of binary buffers on a request: answered.
    msg = kc.session.msg("comm_msg", {"comm_id": "nobody", "data": {"blob": "z" * (50 << 20)}})
    kc.shell_channel.send(msg)
    collect(kc, msg["header"]["msg_id"], 120)
    sock = own_socket(kc, kc.shell_port)
    try:
        frames = kc.session.serialize(kc.session.msg("kernel_info_request", {})) + [b"\0" * (25 << 20), b"\1" * (25 << 20)]
        sock.send_multipart(frames)
        assert sock.poll(120_000), "no reply to a request carrying 50 MB of buffers"
        _, r = kc.session.recv(sock)
        assert r["msg_type"] == "kernel_info_reply", r
        # 100,000 frames after the delimiter.
        frames = kc.session.serialize(kc.session.msg("kernel_info_request", {})) + [b"b"] * 100_000
        sock.send_multipart(frames)
        assert sock.poll(60_000), "no reply to a request carrying 100,000 buffers"
        kc.session.recv(sock)
    finally:
        sock.close()
    # A 600 MB frame: more than the kernel accepts (a quarter of its heap, which is 1 GB here).
    # ZeroMQ reads its size and drops the connection before allocating it; the sender reconnects.
    frames = kc.session.serialize(kc.session.msg("kernel_info_request", {}))
    answered = send_huge_from_child("DEALER", "tcp://%s:%d" % (kc.ip, kc.shell_port), 600, frames, wait=3)
    assert answered != 2, "a 600 MB message was answered"
    drain(kc.get_iopub_msg, 0.3)
    alive(km, kc, pid)


def test_out_of_order_replies(km, kc, pid):
    # An input_reply nobody asked for, and a second one for a question already answered: ignored.
    kc.input("stale")
    time.sleep(0.5)
    msg_id = kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
    kc.get_stdin_msg(timeout=20)
    # While the cell waits on stdin, an execute request queues behind it on shell and kernel_info
    # is answered on control.
    queued = kc.execute("40 + 2")
    sock = own_socket(kc, kc.control_port)
    try:
        assert request_on(kc, sock, "kernel_info_request")["content"]["status"] == "ok"
    finally:
        sock.close()
    assert not drain(kc.get_shell_msg, 0.3), "the queued request was answered before the cell finished"
    kc.input("fresh")
    kc.input("duplicate")
    r1 = wait_reply(kc.get_shell_msg, msg_id, 20)
    r2 = wait_reply(kc.get_shell_msg, queued, 20)
    assert r1["content"]["status"] == "ok" and r2["content"]["status"] == "ok", (r1["content"], r2["content"])
    assert result_text([m for _, m in collect(kc, msg_id, 20)]) == '"fresh"'
    assert result_text([m for _, m in collect(kc, queued, 20)]) == "42"
    time.sleep(0.3)
    # The duplicate does not answer the next question.
    msg_id = kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
    kc.get_stdin_msg(timeout=20)
    kc.input("second question")
    wait_reply(kc.get_shell_msg, msg_id, 20)
    assert result_text([m for _, m in collect(kc, msg_id, 20)]) == '"second question"'
    # Interrupts when nothing runs (twice) do not interrupt the next cell.
    for _ in range(2):
        km.interrupt_kernel()
    time.sleep(0.3)
    assert value(kc, 'Thread.sleep(300); "not interrupted"') == '"not interrupted"'
    alive(km, kc, pid)


# ---- cells -------------------------------------------------------------------------------------

def test_setup_session(km, kc, pid):
    reply, _ = execute(kc, "int survivor = 1234;\nString keepMe = \"kept\";\nTensor kept = Tensors.ones(2, 3);")
    assert reply["content"]["status"] == "ok", reply["content"]


def assert_session_kept(km, kc, pid):
    assert value(kc, 'survivor + " " + keepMe + " " + kept.sum().item()') == '"1234 kept 6.0"'
    alive(km, kc, pid)


def test_endless_loop_is_interrupted(km, kc, pid):
    msg_id = kc.execute("long spins = 0;\nwhile (true) { spins++; }")
    time.sleep(1.0)
    km.interrupt_kernel()
    reply = wait_reply(kc.get_shell_msg, msg_id, 20)
    collect(kc, msg_id, 20)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", reply["content"]
    assert_session_kept(km, kc, pid)


def test_deep_recursion(km, kc, pid):
    execute(kc, "int down(int n) { return down(n + 1) + 1; }")
    c = cell_error(kc, "down(0)")
    assert c["ename"] == "java.lang.StackOverflowError", c
    # Recursion that overflows inside library code called from the cell.
    c = cell_error(kc, "java.util.function.Function<Object, String> deep = new java.util.function.Function<>() {\n"
                       "    public String apply(Object o) { return this.apply(java.util.List.of(o)); }\n};\n"
                       "deep.apply(1)")
    assert c["ename"] == "java.lang.StackOverflowError", c
    assert_session_kept(km, kc, pid)


def test_compiler_stack_overflow(km, kc, pid):
    # javac recurses once per nesting level, on the kernel's shell thread, not the cell's.
    for code in ("(" * 5000 + "1" + ")" * 5000, "int sum = " + " + ".join(["1"] * 20000) + ";"):
        c = cell_error(kc, code, timeout=120)
        assert c["ename"] == "CompileError", c
    assert_session_kept(km, kc, pid)


def test_out_of_memory(km, kc, pid):
    c = cell_error(kc, "long[] impossible = new long[Integer.MAX_VALUE - 16];")
    assert c["ename"] == "java.lang.OutOfMemoryError", c
    # Fill the whole heap; other kernel threads allocate meanwhile and must survive it.
    c = cell_error(kc, "{ var hog = new java.util.ArrayList<long[]>();\n  while (true) hog.add(new long[1 << 20]); }", 180)
    assert c["ename"] == "java.lang.OutOfMemoryError", c
    # A tensor too big for the heap, and one beyond the 2^31 elements a heap tensor holds.
    c = cell_error(kc, "Tensors.zeros(30000, 30000)")
    assert c["ename"] == "java.lang.OutOfMemoryError", c
    c = cell_error(kc, "Tensors.zeros(1 << 16, 1 << 16)")
    assert "2^31" in c["evalue"], c
    # Off-heap: an ND4J allocation larger than the machine.
    c = cell_error(kc, "org.nd4j.linalg.factory.Nd4j.createUninitialized("
                       "org.nd4j.linalg.api.buffer.DataType.FLOAT, 1L << 42)", 120)
    assert c["ename"] in ("java.lang.OutOfMemoryError", "java.lang.RuntimeException"), c
    assert_session_kept(km, kc, pid)


def test_exit_and_halt_are_refused(km, kc, pid):
    for code in ("System.exit(0);", "java.lang.System.exit(1);", "System\n  .exit(2);", "System./* c */exit(3);",
                 "Runtime.getRuntime().exit(4);", "Runtime.getRuntime().halt(5);", "var rt = Runtime.getRuntime();\nrt.halt(6);",
                 "import static java.lang.System.exit;", "import static java.lang.System.*;",
                 "java.util.function.IntConsumer quit = System::exit;\nquit.accept(7);",
                 "java.util.function.IntConsumer h = Runtime.getRuntime()::halt;",
                 "System.\\u0065xit(8);", "System.\\uu0065\\u0078it(9);", "Runtime.getRuntime().\\u0068alt(10);",
                 "void bye() { System.exit(11); }", "class Quitter { static { System.exit(12); } }"):
        c = cell_error(kc, code)
        assert c["ename"] == "java.lang.SecurityException" and "refused" in c["evalue"], (code, c)
    # What only looks like it is fine.
    assert value(kc, '"System.exit(0)" + " // Runtime.getRuntime().halt(0)"') == '"System.exit(0) // Runtime.getRuntime().halt(0)"'
    assert value(kc, 'String note = "\\\\u0065xit"; note') == '"\\\\u0065xit"'
    # Other objects' exit and halt, in a cell that also uses the Runtime: not refused.
    assert value(kc, 'class App { int exit(int c) { return c; } int halt() { return 1; } }\n'
                     'long mem = Runtime.getRuntime().totalMemory();\nnew App().exit(5) + new App().halt()') == "6"
    assert_session_kept(km, kc, pid)


def test_threads_left_running(km, kc, pid):
    # A thread that prints, one that sleeps and ignores interrupts (not a daemon), one that dies.
    code = ('Thread ticker = new Thread(() -> { for (int i = 0; i < 20; i++) { System.out.println("tick " + i);\n'
            '    try { Thread.sleep(100); } catch (InterruptedException e) { return; } } });\nticker.start();\n'
            'Thread stubborn = new Thread(() -> { while (true) { try { Thread.sleep(200); } catch (InterruptedException e) { } } });\n'
            'stubborn.start();\n'
            'new Thread(() -> { throw new IllegalStateException("thread died"); }).start();')
    reply, _ = execute(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    t0 = time.monotonic()
    assert value(kc, "1 + 1") == "2"
    assert time.monotonic() - t0 < 10
    _, msgs = execute(kc, "Thread.sleep(2500);")
    assert "tick" in stdout_of(msgs), "output of a thread left running is lost"
    assert value(kc, "stubborn.isAlive()") == "true"
    # An interrupt stops the cell, not threads the user started.
    km.interrupt_kernel()
    time.sleep(0.3)
    assert_session_kept(km, kc, pid)


def test_long_string_constants(km, kc, pid):
    # javac rejects them, after which JShell would fail every later snippet: refused up front.
    for code in ('String big = "' + "x" * 70_000 + '";', 'String big = "' + "x" * 40_000 + '" + "' + "y" * 40_000 + '";',
                 'String big() { return """\n' + "z" * 70_000 + '"""; }', 'String big = "' + "\\u00e9" * 40_000 + '";'):
        c = cell_error(kc, code)
        assert c["ename"] == "CompileError" and "65535" in c["evalue"], c
    # Other things too large for a class file are compile errors, and nothing half-declared stays.
    c = cell_error(kc, "int[] numbers = {" + "1, " * 20_000 + "1};")
    assert c["ename"] == "CompileError" and "too large" in c["evalue"], c
    c = cell_error(kc, "numbers.length")
    assert c["ename"] == "CompileError", c
    # Just below the limit is fine.
    assert value(kc, '"' + "x" * 65_000 + '".length()') == "65000"
    assert_session_kept(km, kc, pid)


def test_tensor_input_checked_before_native_code(km, kc, pid):
    # Above 64^3 multiply-adds a product goes to ND4J's native BLAS; shapes and dtypes are checked first.
    for code, op in (("Tensors.randn(128, 128).matmul(Tensors.randn(64, 128))", "tensor::matmul"),
                     ("Tensors.randn(128, 128).matmul(Tensors.ones(128, 128).gt(0))", "tensor::matmul"),
                     ("Tensors.randn(4, 128, 128).matmul(Tensors.randn(3, 128, 128))", "tensor::matmul"),
                     ("F.conv2d(Tensors.randn(1, 3, 64, 64), Tensors.randn(16, 4, 3, 3), null, 1, 1)", "tensor::conv2d"),
                     ("F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 1, 40000)", "tensor::conv2d"),
                     ("F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 0, 1)", "tensor::conv2d")):
        c = cell_error(kc, code)
        assert c["ename"] == "jitbook.ops.OpException" and c["evalue"].startswith(op), (code, c)
    # ND4J arrays handed in: a closed one, and one of strings, are refused at the bridge.
    for code in ("var closed = org.nd4j.linalg.factory.Nd4j.rand(3, 3);\nclosed.close();\nTensor.of(closed)",
                 'Tensor.of(org.nd4j.linalg.factory.Nd4j.create("a", "b"))'):
        c = cell_error(kc, code)
        assert "IllegalArgumentException" in c["ename"] or "IllegalStateException" in c["ename"], (code, c)
    # The same kernels then do real native work.
    assert value(kc, "Tensors.ones(128, 128).matmul(Tensors.ones(128, 128)).sum().item()") == str(128.0 ** 3)
    assert_session_kept(km, kc, pid)


# ---- a long session ----------------------------------------------------------------------------

MEMORY_CELL = """for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(100); }
var memBean = java.lang.management.ManagementFactory.getMemoryMXBean();
String rss = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: 0 kB").replaceAll("[^0-9]", "");
System.out.println("MEMORY heap=" + memBean.getHeapMemoryUsage().getUsed() + " committed=" + memBean.getHeapMemoryUsage().getCommitted()
    + " nonheap=" + memBean.getNonHeapMemoryUsage().getUsed()
    + " offheap=" + org.bytedeco.javacpp.Pointer.totalBytes() + " physical=" + org.bytedeco.javacpp.Pointer.physicalBytes()
    + " rss=" + Long.parseLong(rss) * 1024);"""

def native(m):
    """Resident bytes outside the Java heap: where ND4J's buffers, metaspace, code and thread stacks live.
    (JavaCPP's totalBytes() does not count ND4J's CPU buffers: a 64 MB array leaves it at 104 bytes.)"""
    return m["physical"] - m["committed"]


def memory(kc):
    reply, msgs = execute(kc, MEMORY_CELL, store_history=False, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    line = [l for l in stdout_of(msgs).splitlines() if l.startswith("MEMORY")][0]
    return {k: int(v) for k, v in (p.split("=") for p in line.split()[1:])}


def test_long_session_memory_is_flat(km, kc, pid):
    reply, _ = execute(kc, SESSION_SETUP)
    assert reply["content"]["status"] == "ok", reply["content"]
    for code in SESSION_CELLS * 3:  # warm up: every kind of cell compiled, ND4J loaded
        execute(kc, code)
    n = SESSION_LENGTH
    marks = {}
    times = {}
    marks[0] = memory(kc)
    t0 = time.monotonic()
    for i in range(1, n + 1):
        reply, _ = execute(kc, SESSION_CELLS[i % len(SESSION_CELLS)], timeout=60)
        assert reply["content"]["status"] == "ok", (i, reply["content"])
        if i in (n // 2, n):
            times[i] = time.monotonic() - t0
            marks[i] = memory(kc)
    mb = 1 << 20
    for i in sorted(marks):
        m = marks[i]
        print("     after %5d cells: heap %6.1f MB (committed %6.1f), non-heap %5.1f MB, native %6.1f MB, "
              "resident %6.1f MB, JavaCPP %4.1f MB%s" % (i, m["heap"] / mb, m["committed"] / mb, m["nonheap"] / mb,
                                                       native(m) / mb, m["physical"] / mb, m["offheap"] / mb,
                                                       ", %.1f s" % times[i] if i in times else ""), flush=True)
    half = n - n // 2
    heap_growth = marks[n]["heap"] - marks[n // 2]["heap"]
    native_growth = native(marks[n]) - native(marks[n // 2])
    # JShell keeps ~6-10 KB for every snippet it has run (it never forgets one, dropped ones
    # included, nor unloads their classes); anything that grows with what the cells computed, or
    # faster than linearly (as JShell's own state did before the kernel dropped statements and
    # expressions: 48 MB after 2,000 snippets, 218 MB after 4,500), breaks these bounds.
    heap_bound = 16 * mb + half * 12 * 1024
    assert heap_growth < heap_bound, "heap grew %.1f MB over the last %d cells (bound %.1f MB)" % (
        heap_growth / mb, half, heap_bound / mb)
    assert native_growth < 64 * mb, "native memory grew %.1f MB over the last %d cells" % (native_growth / mb, half)
    print("     last %d cells: heap %+.1f MB (bound %.1f), native %+.1f MB (bound 64), resident %+.1f MB; %.1f ms a cell" % (
        half, heap_growth / mb, heap_bound / mb, native_growth / mb, (marks[n]["physical"] - marks[n // 2]["physical"]) / mb,
        1000 * (times[n] - times[n // 2]) / half), flush=True)
    alive(km, kc, pid)


def test_shutdown_with_threads_left_running(km, kc, pid):
    # The non-daemon thread started earlier is still alive: shutdown must end the process anyway.
    sock = own_socket(kc, kc.control_port)
    try:
        r = request_on(kc, sock, "shutdown_request", {"restart": False})
        assert r["content"]["status"] == "ok", r
    finally:
        sock.close()
    deadline = time.monotonic() + 15
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not km.is_alive(), "the kernel did not exit after shutdown_request"


def main():
    runner = Runner()
    km, kc = start(KERNEL)
    pid = kernel_pid(km)
    try:
        for t in (test_binds_only_the_connection_files_address, test_garbage_on_shell_and_control_is_dropped,
                  test_garbage_on_stdin_never_answers_an_input, test_signed_requests_with_wrong_content_are_answered,
                  test_unknown_message_types, test_huge_payloads, test_out_of_order_replies, test_setup_session,
                  test_endless_loop_is_interrupted, test_deep_recursion, test_compiler_stack_overflow,
                  test_out_of_memory, test_exit_and_halt_are_refused, test_long_string_constants,
                  test_tensor_input_checked_before_native_code, test_threads_left_running,
                  test_long_session_memory_is_flat, test_shutdown_with_threads_left_running):
            runner.run(t.__name__, t, km, kc, pid)
    finally:
        try:
            stop(km, kc)
        except Exception:  # noqa: BLE001 - the kernel is normally gone by now
            pass
    runner.finish()


if __name__ == "__main__":
    main()
