"""Checks onyx-bench end to end (bench_test.sh runs it). Standard library only:
Bazel's test PATH has Debian's python3, without numpy.

    python3 bench_check.py ONYX_BENCH MODEL.onnx OUT_DIR

OUT_DIR holds run.json (--iterations 5 --json) and run.txt (the text report)
from bench_test.sh; the other cases run here.
"""

import json
import os
import pty
import struct
import subprocess
import sys
import time

BENCH, MODEL, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
# The example model: input "image" [batch, 3, 32, 32], output "probabilities" (Softmax).
INPUT, OUTPUT = "image", "probabilities"


def fail(message):
    sys.exit("FAIL: " + message)


def check(cond, message):
    if not cond:
        fail(message)


def bench(*args, expect_rc=0):
    p = subprocess.run([BENCH] + [str(a) for a in args], capture_output=True, text=True)
    if p.returncode != expect_rc:
        fail("onyx-bench %s: exit %d (expected %d)\nstdout: %s\nstderr: %s"
             % (" ".join(map(str, args)), p.returncode, expect_rc, p.stdout[-2000:], p.stderr[-2000:]))
    return p


def bench_json(*args):
    return json.loads(bench(*args, "--json").stdout)


def write_npy(path, shape, values, descr="<f4", fmt="f"):
    dims = "(%d,)" % shape[0] if len(shape) == 1 else "(%s)" % ", ".join(map(str, shape))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, dims)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%d%s" % (len(values), fmt), *values))


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    check(data[:6] == b"\x93NUMPY", "%s is not an .npy file" % path)
    (hlen,) = struct.unpack("<H", data[8:10])
    header = data[10:10 + hlen].decode()
    check((10 + hlen) % 64 == 0, "%s: data not 64-aligned" % path)
    header_dict = eval(header, {}, {})  # noqa: S307 - NumPy's own header format, a Python literal.
    check(header_dict["descr"] == "<f4" and not header_dict["fortran_order"], "%s: header %s" % (path, header))
    shape = header_dict["shape"]
    count = 1
    for d in shape:
        count *= d
    values = struct.unpack("<%df" % count, data[10 + hlen:])
    return shape, values


def ramp(n):
    """Deterministic inputs in [-1, 1) without numpy (a small LCG)."""
    x, out = 12345, []
    for _ in range(n):
        x = (1103515245 * x + 12345) % 2 ** 31
        out.append(x / 2 ** 30 - 1.0)
    return out


def check_latency(j, runs):
    check(j["iterations"] == runs, "iterations %s, expected %d" % (j["iterations"], runs))
    lat = j["latency_ms"]
    order = [lat[k] for k in ("min", "median", "p90", "p99", "max")]
    check(all(v > 0 for v in order), "latency not positive: %s" % lat)
    check(order == sorted(order), "latency min <= median <= p90 <= p99 <= max fails: %s" % lat)
    check(lat["min"] <= lat["mean"] <= lat["max"], "mean outside [min, max]: %s" % lat)
    check(j["throughput_per_s"] > 0, "throughput %s" % j["throughput_per_s"])
    # Throughput is runs over the loop's wall time, which holds the runs.
    check(j["throughput_per_s"] <= 1000.0 / lat["min"] * 1.0001, "throughput above 1/min latency")
    check(j["first_run_ms"] > 0, "first_run_ms %s" % j["first_run_ms"])


def check_main_json():
    with open(os.path.join(OUT, "run.json")) as f:
        j = json.load(f)
    check(j["tool"] == "onyx-bench" and j["model"] == MODEL and j["format"] == "onnx", "header fields: %s" % j)
    check("CPUExecutionProvider" in j["providers"], "providers %s" % j["providers"])
    check("CPUExecutionProvider" in j["available_providers"], "available %s" % j["available_providers"])
    check(j["providers"][-1] == "CPUExecutionProvider", "CPUExecutionProvider is not last: %s" % j["providers"])
    check(j["inputs"] == [{"name": INPUT, "dtype": "float", "shape": [1, 3, 32, 32], "source": "random (seed 1)"}],
          "inputs %s" % j["inputs"])
    check(len(j["outputs"]) == 1 and j["outputs"][0]["name"] == OUTPUT and j["outputs"][0]["shape"][0] == 1,
          "outputs %s" % j["outputs"])
    load = j["load"]
    check(load["read_ms"] >= 0 and load["convert_ms"] > 0 and load["session_ms"] > 0, "load %s" % load)
    check(abs(load["load_ms"] - load["read_ms"] - load["session_ms"]) < 1e-3, "load_ms != read + session: %s" % load)
    check(load["converted_nodes"] > 0, "converted_nodes %s" % load)
    check(j["warmup"] == 1, "warmup %s" % j["warmup"])
    check_latency(j, 5)
    mem = j["memory"]
    check(0 < mem["rss_before_load_kib"] <= mem["peak_rss_kib"], "memory %s" % mem)
    check(mem["peak_rss_above_base_kib"] == mem["peak_rss_kib"] - mem["rss_before_load_kib"], "memory %s" % mem)
    check(mem["arena_bytes"] > 0, "arena_bytes %s" % mem)
    check(j["profile"] is None and j["dump_dir"] is None, "profile/dump should be null")
    check(any("symbolic dimensions set to 1" in n for n in j["notes"]), "no note on the batch dim: %s" % j["notes"])
    with open(os.path.join(OUT, "run.txt")) as f:
        text = f.read()
    for needle in ("load:", "conversion", "first run:", "latency:     3 runs after 1 warm-up", "median",
                   "throughput:", "inferences/s", "peak RSS", "before load"):
        check(needle in text, "text report lacks %r:\n%s" % (needle, text))


def check_onyx_and_profile():
    onyx = os.path.join(OUT, "m.onyx")
    j = bench_json(MODEL, "--iterations", 0, "--save-converted", onyx)
    check(j["iterations"] == 0 and j["latency_ms"] is None and j["first_run_ms"] is None, "load-only run: %s" % j)
    with open(onyx, "rb") as f:
        check(f.read(12)[8:12] == b"ONYX", "--save-converted did not write an .onyx file")
    j = bench_json(onyx, "--iterations", 3, "--warmup", 2, "--profile", "--top", 3)
    check(j["format"] == "onyx", "format %s" % j["format"])
    check(j["load"]["read_ms"] is None and j["load"]["convert_ms"] is None and j["load"]["session_ms"] > 0,
          "load of an .onyx: %s" % j["load"])
    check_latency(j, 3)
    p = j["profile"]
    check(p["runs"] == 3, "profile counted %s runs, expected the 3 timed ones" % p["runs"])
    check(p["trace_file"] is None, "temporary trace kept: %s" % p["trace_file"])
    ops = p["by_op_type"]
    check(ops and all(o["op_type"] and o["provider"] and o["nodes"] > 0 for o in ops), "by_op_type %s" % ops)
    check(abs(sum(o["percent"] for o in ops) - 100) < 0.1, "op type percents do not sum to 100: %s" % ops)
    times = [o["ms_per_run"] for o in ops]
    check(times == sorted(times, reverse=True), "by_op_type not slowest first")
    check(abs(sum(times) - p["node_ms_per_run"]) < 1e-3 * max(1.0, p["node_ms_per_run"]), "op type times != node time")
    check(p["node_ms_per_run"] <= p["run_ms"] * 1.01, "node time above run time: %s" % p)
    check(len(p["by_node"]) == 3, "--top 3 gave %d nodes" % len(p["by_node"]))
    check(any("Conv" == o["op_type"] or "Conv" in o["op_type"] for o in ops), "no Conv in the profile: %s" % ops)
    check(all(n["output_shape"].startswith("float[") for n in p["by_node"]), "node shapes %s" % p["by_node"])
    # A kept trace: a Chrome trace JSON array with node events.
    prefix = os.path.join(OUT, "trace")
    j = bench_json(onyx, "--iterations", 2, "--warmup", 0, "--profile-prefix", prefix)
    path = j["profile"]["trace_file"]
    check(path and path.startswith(prefix) and os.path.exists(path), "trace not kept: %s" % path)
    with open(path) as f:
        events = json.load(f)
    check(sum(e["name"] == "model_run" for e in events) == 3, "trace should hold 3 runs (first + 2)")
    text = bench(onyx, "--iterations", 2, "--profile", "--top", 2).stdout
    check("op type" in text and "the 2 slowest node(s)" in text, "text profile:\n" + text)


def check_given_inputs():
    values = ramp(3 * 32 * 32)
    npy, raw = os.path.join(OUT, "x.npy"), os.path.join(OUT, "x.bin")
    write_npy(npy, (1, 3, 32, 32), values)
    with open(raw, "wb") as f:
        f.write(struct.pack("<%df" % len(values), *values))
    d1, d2, d3 = (os.path.join(OUT, d) for d in ("d_npy", "d_bin", "d_batch2"))
    j = bench_json(MODEL, "--iterations", 1, "--input", "%s=%s" % (INPUT, npy), "--dump-outputs", d1)
    check(j["inputs"][0]["source"] == npy and j["dump_dir"] == d1, "given input not reported: %s" % j["inputs"])
    bench_json(MODEL, "--iterations", 1, "--input=%s=%s" % (INPUT, raw), "--dump-outputs", d2)
    shape1, out1 = read_npy(os.path.join(d1, OUTPUT + ".npy"))
    shape2, out2 = read_npy(os.path.join(d2, OUTPUT + ".npy"))
    check(shape1 == shape2 and shape1[0] == 1, "output shapes %s %s" % (shape1, shape2))
    check(out1 == out2, ".npy and raw inputs of the same values gave different outputs")
    check(abs(sum(out1) - 1) < 1e-4 and all(0 <= v <= 1 for v in out1), "Softmax output is not a distribution")
    # Batch 2 from the file's shape: each row is a distribution, row 0 equals the batch-1 run.
    write_npy(npy, (2, 3, 32, 32), values + ramp(3 * 32 * 32)[::-1])
    bench_json(MODEL, "--iterations", 1, "--input", "%s=%s" % (INPUT, npy), "--dump-outputs", d3)
    shape3, out3 = read_npy(os.path.join(d3, OUTPUT + ".npy"))
    n = shape1[1]
    check(shape3 == (2, n), "batch-2 output shape %s" % (shape3,))
    check(all(abs(a - b) < 1e-5 for a, b in zip(out3[:n], out1)), "batch row 0 differs from the batch-1 run")
    check(abs(sum(out3[n:]) - 1) < 1e-4, "batch row 1 is not a distribution")
    # --input-shape with random inputs; seeds are reproducible.
    j = bench_json(MODEL, "--iterations", 1, "--input-shape", "%s:2,3,32,32" % INPUT)
    check(j["inputs"][0]["shape"] == [2, 3, 32, 32] and j["outputs"][0]["shape"] == [2, n], "--input-shape: %s" % j)
    seeds = []
    for seed in (5, 5, 6):
        d = os.path.join(OUT, "seed_%d_%d" % (seed, len(seeds)))
        bench_json(MODEL, "--iterations", 1, "--seed", seed, "--dump-outputs", d)
        seeds.append(read_npy(os.path.join(d, OUTPUT + ".npy"))[1])
    check(seeds[0] == seeds[1] and seeds[0] != seeds[2], "random inputs are not seeded")


def check_duration():
    start = time.monotonic()
    j = bench_json(MODEL, "--duration", 0.3, "--warmup", 0)
    elapsed = time.monotonic() - start
    check(j["iterations"] > 1, "--duration 0.3 ran %d times" % j["iterations"])
    check(0.3 <= j["timed_wall_s"] < 0.3 + 2.0 and elapsed >= 0.3, "--duration 0.3 ran %s s" % j["timed_wall_s"])
    j = bench_json(MODEL, "--duration", 30, "--iterations", 4)
    check(j["iterations"] == 4, "--iterations caps --duration: ran %d" % j["iterations"])


def stderr_on_terminal(*args):
    master, slave = pty.openpty()
    p = subprocess.Popen([BENCH, MODEL] + [str(a) for a in args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed the terminal.
            break
        if not chunk:
            break
        chunks.append(chunk)
    p.wait()
    os.close(master)
    check(p.returncode == 0, "onyx-bench on a terminal: exit %d" % p.returncode)
    return b"".join(chunks)


def check_progress():
    seen = stderr_on_terminal("--iterations", 30)
    check(b"\r" in seen and b"onyx-bench: " in seen and b"first run" in seen, "no progress line: %r" % seen[:300])
    check(seen.rstrip(b" ").endswith(b"\r"), "progress line not cleared at the end: %r" % seen[-200:])
    check(stderr_on_terminal("--iterations", 30, "--quiet") == b"", "--quiet still drew a progress line")


def check_errors():
    p = bench(MODEL, "--input", "nosuch=x.npy", expect_rc=1)
    check("no input 'nosuch'" in p.stderr and "'%s'" % INPUT in p.stderr, p.stderr)
    p = bench(MODEL, "--providers", "NoSuchExecutionProvider", "--iterations", 1, expect_rc=1)
    check("NoSuchExecutionProvider" in p.stderr, p.stderr)
    p = bench(MODEL, "--bogus", expect_rc=2)
    check("unknown option '--bogus'" in p.stderr and "usage:" in p.stderr, p.stderr)
    missing = os.path.join(OUT, "missing.onnx")
    p = bench(missing, expect_rc=1)
    check("cannot open" in p.stderr and "missing.onnx" in p.stderr, p.stderr)
    p = bench(OUT, expect_rc=1)
    check("is not a file" in p.stderr, p.stderr)
    p = bench(MODEL, "--input", "%s=%s" % (INPUT, OUT), expect_rc=1)
    check("is not a file" in p.stderr and INPUT in p.stderr, p.stderr)
    short = os.path.join(OUT, "short.bin")
    with open(short, "wb") as f:
        f.write(b"0123456789")
    p = bench(MODEL, "--input", "%s=%s" % (INPUT, short), expect_rc=1)
    check("holds 10 bytes (expected 12288" in p.stderr and INPUT in p.stderr, p.stderr)
    p = bench(os.path.join(OUT, "m.onyx"), "--input-shape", "%s:1,4,32,32" % INPUT, expect_rc=1)
    check("dimension 1 is 4" in p.stderr, p.stderr)
    p = bench(os.path.join(OUT, "m.onyx"), "--save-converted", os.path.join(OUT, "again.onyx"), expect_rc=1)
    check("already an .onyx model" in p.stderr, p.stderr)


def main():
    check_main_json()
    check_onyx_and_profile()
    check_given_inputs()
    check_duration()
    check_progress()
    check_errors()
    print("bench_check: all checks passed")


if __name__ == "__main__":
    main()
