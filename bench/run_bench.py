#!/usr/bin/env python3
"""onyx and ONNX Runtime side by side on the benchmark models: latency at 1 and
2 threads, GFLOP/s and percent of this machine's peak, load time, peak RSS,
and whether the outputs agree.

    python3 bench/make_models.py        # once: bench/models/*.onnx (torch)
    python3 bench/run_bench.py [--models NAME ...] [--threads 1 2] [--rounds 3] [--quick]
                               [--write [bench/RESULTS.md]] [--save-json PATH]

Each model is converted once to .onyx with its inputs fixed at batch 1
(`onyx-bench --input-shape ... --save-converted`, timed: the conversion time),
then, per round and thread count, run by onyx (`onyx-bench model.onyx --json`,
a process of its own) and by ONNX Runtime (CPUExecutionProvider, graph
optimizations ORT_ENABLE_ALL, intra_op_num_threads set, inter_op 1; a Python
process of its own), alternating which goes first. Both get the same inputs
(seeded, saved as .npy), do one first run (timed apart), a warm-up run, then
timed runs until a time budget per run is spent (or an iteration cap), with
outputs bound to buffers allocated once (onyx: bound outputs, ORT:
run_with_iobinding). The figures are medians over the rounds of each round's
median. Peak RSS is VmHWM minus VmRSS just before the model is loaded, in each
runtime's own process. FLOPs are 2 x the multiply-adds of Conv, Gemm and MatMul
in the ONNX graph (shapes from onnx.shape_inference). onyx-bench comes from
bazel-bin/tools/bench/onyx-bench or PATH; onyx uses every provider built in
unless --providers says otherwise.
"""

import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

SECTION = "## Speed"
# The FP32 peak issue 5 measured on its 2-core AVX2/FMA machine, GFLOP/s by thread count
# (--peak issue). By default (--peak sgemm) the peak is measured here instead: the best of a few
# 2048x2048 float32 matrix products by NumPy's BLAS on one core, times the thread count, since the
# machine a run lands on may have other cores (AVX-512 ones reach well past these figures).
ISSUE_PEAK_GFLOPS = {1: 97.0, 2: 189.0}
PEAK_GFLOPS = dict(ISSUE_PEAK_GFLOPS)
# Per run of a runtime: (time budget s, iteration cap, warm-up runs).
BUDGET_FULL = (2.0, 200, 1)
BUDGET_QUICK = (0.5, 50, 0)


# --------------------------------------------------------------------------- ONNX Runtime worker

def proc_status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def ort_worker(spec):
    """Runs in its own process: one ONNX Runtime session, timed as onyx-bench times onyx."""
    import numpy as np
    import onnxruntime as ort

    feeds = {name: np.load(path) for name, path in spec["inputs"].items()}
    base_kib = proc_status_kib("VmRSS")
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = spec["threads"]
    so.inter_op_num_threads = 1
    start = time.perf_counter()
    sess = ort.InferenceSession(spec["model"], so, providers=["CPUExecutionProvider"])
    create_ms = (time.perf_counter() - start) * 1e3
    names = [o.name for o in sess.get_outputs()]
    start = time.perf_counter()
    first = sess.run(names, feeds)
    first_ms = (time.perf_counter() - start) * 1e3
    if spec.get("dump"):
        os.makedirs(spec["dump"], exist_ok=True)
        for name, value in zip(names, first):
            np.save(os.path.join(spec["dump"], file_name_for(name) + ".npy"), value)
    # Inputs and outputs bound once, as onyx-bench binds its outputs.
    io = sess.io_binding()
    for name, value in feeds.items():
        io.bind_cpu_input(name, value)
    buffers = [np.empty_like(v) for v in first]
    for name, buf in zip(names, buffers):
        io.bind_output(name, "cpu", 0, buf.dtype, list(buf.shape), buf.ctypes.data)
    for _ in range(spec["warmup"]):
        sess.run_with_iobinding(io)
    samples = []
    loop_start = time.perf_counter()
    while len(samples) < spec["iterations"] and time.perf_counter() - loop_start < spec["duration"]:
        start = time.perf_counter()
        sess.run_with_iobinding(io)
        samples.append((time.perf_counter() - start) * 1e3)
    wall = time.perf_counter() - loop_start
    print(json.dumps({
        "create_ms": create_ms, "first_run_ms": first_ms, "iterations": len(samples),
        "median_ms": statistics.median(samples), "min_ms": min(samples),
        "throughput_per_s": len(samples) / wall,
        "peak_rss_above_base_kib": proc_status_kib("VmHWM") - base_kib, "rss_base_kib": base_kib,
    }))


# --------------------------------------------------------------------------- helpers

SGEMM_PROBE = """
import time, numpy as np
n = 2048
a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
a @ b
best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(7))
print(2.0 * n ** 3 / best / 1e9)
"""


def measure_peak(threads):
    """GFLOP/s of NumPy's BLAS sgemm with `threads` threads (a practical peak of this machine)."""
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    p = subprocess.run([sys.executable, "-c", SGEMM_PROBE], capture_output=True, text=True, env=env, check=True)
    return float(p.stdout.strip())


def file_name_for(name):
    """onyx-bench's --dump-outputs file name for an output (tools/bench/bench_inputs.cc FileNameFor)."""
    out = re.sub(r"[^A-Za-z0-9._-]", "_", name or "output")
    return "_" + out[1:] if out.startswith(".") else out


def find_bench(given):
    if given:
        return given
    built = os.path.join(ROOT, "bazel-bin", "tools", "bench", "onyx-bench")
    found = built if os.path.exists(built) else shutil.which("onyx-bench")
    if not found:
        sys.exit("onyx-bench not found: bazel build //tools/bench:onyx-bench or bash tools/install.sh")
    return found


def model_inputs(model):
    """(name, numpy dtype, dims at batch 1) of each graph input that is not an initializer."""
    from onnx import helper

    inits = {i.name for i in model.graph.initializer}
    specs = []
    for v in model.graph.input:
        if v.name in inits:
            continue
        t = v.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else 1 for d in t.shape.dim]
        specs.append((v.name, helper.tensor_dtype_to_np_dtype(t.elem_type), dims))
    return specs


def make_inputs(specs, seed):
    """Seeded inputs: floats uniform in [-1, 1); masks all ones; other integers (ids) in [0, 100)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    feeds = {}
    for name, dtype, dims in specs:
        if np.issubdtype(dtype, np.floating):
            feeds[name] = rng.uniform(-1, 1, dims).astype(dtype)
        elif "mask" in name.lower():
            feeds[name] = np.ones(dims, dtype)
        elif dtype == np.bool_:
            feeds[name] = rng.integers(0, 2, dims).astype(dtype)
        else:
            feeds[name] = rng.integers(0, 100, dims).astype(dtype)
    return feeds


def count_flops(model, feeds):
    """2 x multiply-adds of Conv, ConvTranspose, Gemm and MatMul. Shapes come from ONNX shape
    inference (with data propagation) at the given input shapes; where it leaves a shape unknown
    (a Reshape whose target is computed), from one run of ONNX Runtime returning those tensors."""
    import numpy as np
    import onnx
    from onnx import helper, shape_inference

    m = onnx.ModelProto()
    m.CopyFrom(model)
    for v in m.graph.input:
        if v.name in feeds:
            for d, n in zip(v.type.tensor_type.shape.dim, feeds[v.name].shape):
                d.Clear()
                d.dim_value = n
    m = shape_inference.infer_shapes(m, data_prop=True)
    shapes = {i.name: list(i.dims) for i in m.graph.initializer}
    for v in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        if v.type.tensor_type.HasField("shape") and all(d.HasField("dim_value") for d in dims):
            shapes[v.name] = [d.dim_value for d in dims]
    nodes = [n for n in m.graph.node if n.op_type in ("Conv", "ConvTranspose", "Gemm", "MatMul")]
    missing = sorted({t for n in nodes for t in (n.input[0], n.input[1], n.output[0]) if t not in shapes})
    if missing:
        import onnxruntime as ort

        probe = onnx.ModelProto()
        probe.CopyFrom(model)
        known = {o.name for o in probe.graph.output}
        for t in missing:
            if t not in known:
                probe.graph.output.append(helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None))
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        sess = ort.InferenceSession(probe.SerializeToString(), so, providers=["CPUExecutionProvider"])
        for t, value in zip(missing, sess.run(missing, feeds)):
            shapes[t] = list(value.shape)
    total = 0
    for n in nodes:
        a, w, out = shapes[n.input[0]], shapes[n.input[1]], shapes[n.output[0]]
        if n.op_type == "Conv":
            total += 2 * int(np.prod(out)) * int(np.prod(w[1:]))
        elif n.op_type == "ConvTranspose":
            total += 2 * int(np.prod(a)) * int(np.prod(w[1:]))
        elif n.op_type == "Gemm":
            trans_a = any(at.name == "transA" and at.i for at in n.attribute)
            total += 2 * int(np.prod(out)) * (a[0] if trans_a else a[1])
        else:
            total += 2 * int(np.prod(out)) * a[-1]
    return total


def run_json(cmd, what):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (what, p.returncode, (p.stderr or p.stdout).strip()[-2000:]))
    return json.loads(p.stdout)


def onyx_cmd(bench, model, inputs, args):
    cmd = [bench, model, "--json", "--quiet"]
    for name, path in inputs.items():
        cmd += ["--input", "%s=%s" % (name, path)]
    if args.providers:
        cmd += ["--providers", ",".join(args.providers)]
    return cmd


def run_onyx(bench, onyx_path, inputs, threads, budget, args, dump=None):
    duration, cap, warmup = budget
    cmd = onyx_cmd(bench, onyx_path, inputs, args) + [
        "--threads", str(threads), "--warmup", str(warmup), "--iterations", str(cap), "--duration", str(duration)]
    if dump:
        cmd += ["--dump-outputs", dump]
    j = run_json(cmd, "onyx-bench " + os.path.basename(onyx_path))
    return {"median_ms": j["latency_ms"]["median"], "first_run_ms": j["first_run_ms"],
            "load_ms": j["load"]["load_ms"], "peak_rss_above_base_kib": j["memory"]["peak_rss_above_base_kib"],
            "iterations": j["iterations"], "providers": j["providers"], "arena_bytes": j["memory"]["arena_bytes"]}


def run_ort(model_path, inputs, threads, budget, dump=None):
    duration, cap, warmup = budget
    spec = {"model": model_path, "inputs": inputs, "threads": threads, "warmup": warmup, "iterations": cap,
            "duration": duration, "dump": dump}
    return run_json([sys.executable, os.path.abspath(__file__), "--ort-worker", json.dumps(spec)],
                    "onnxruntime on " + os.path.basename(model_path))


def compare_outputs(names, onyx_dir, ort_dir):
    """Max abs error over all outputs, and the same relative to the largest reference magnitude."""
    import numpy as np

    worst_abs, worst_rel = 0.0, 0.0
    for name in names:
        a = np.load(os.path.join(onyx_dir, file_name_for(name) + ".npy"))
        b = np.load(os.path.join(ort_dir, file_name_for(name) + ".npy"))
        if a.shape != b.shape:
            return {"ok": False, "note": "output %s: shape %s vs %s" % (name, a.shape, b.shape)}
        diff = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if a.size else 0.0
        scale = float(np.max(np.abs(b))) if b.size else 0.0
        worst_abs = max(worst_abs, diff)
        worst_rel = max(worst_rel, diff / scale if scale else diff)
    return {"ok": worst_rel <= 1e-3, "max_abs": worst_abs, "max_rel": worst_rel}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------- one model

def bench_model(name, path, bench, args, tmp):
    import numpy as np
    import onnx

    budget = BUDGET_QUICK if args.quick else BUDGET_FULL
    work = os.path.join(tmp, name)
    os.makedirs(work)
    model = onnx.load(path)
    specs = model_inputs(model)
    feeds = make_inputs(specs, args.seed)
    inputs = {}
    for i, (input_name, value) in enumerate(feeds.items()):
        inputs[input_name] = os.path.join(work, "input_%d.npy" % i)
        np.save(inputs[input_name], value)
    output_names = [o.name for o in model.graph.output]
    flops = count_flops(model, feeds)
    del model
    # Convert once, the input shapes fixed at batch 1 (onyx-convert --input-shape).
    onyx_path = os.path.join(work, name + ".onyx")
    cmd = onyx_cmd(bench, path, inputs, args) + ["--iterations", "0", "--save-converted", onyx_path]
    for input_name, value in feeds.items():
        cmd += ["--input-shape", "%s:%s" % (input_name, ",".join(str(d) for d in value.shape))]
    conversion = run_json(cmd, "onyx-bench (conversion) " + name)
    result = {"model": name, "flops": flops, "convert_ms": conversion["load"]["convert_ms"],
              "onyx": {t: [] for t in args.threads}, "ort": {t: [] for t in args.threads}}
    dumps = {"onyx": os.path.join(work, "onyx_out"), "ort": os.path.join(work, "ort_out")}
    for r in range(args.rounds):
        for ti, t in enumerate(args.threads):
            order = ("onyx", "ort") if (r + ti) % 2 == 0 else ("ort", "onyx")
            for runtime in order:
                dump = dumps[runtime] if r == 0 and ti == 0 else None
                if runtime == "onyx":
                    m = run_onyx(bench, onyx_path, inputs, t, budget, args, dump)
                else:
                    m = run_ort(path, inputs, t, budget, dump)
                result[runtime][t].append(m)
                print("  %-20s round %d, %d thread(s), %-4s median %9.3f ms (%d runs)"
                      % (name, r + 1, t, runtime, m["median_ms"], m["iterations"]), flush=True)
    result["providers"] = result["onyx"][args.threads[0]][0]["providers"]
    result["agree"] = compare_outputs(output_names, dumps["onyx"], dumps["ort"])
    result["onyx_path"] = onyx_path
    result["inputs"] = inputs
    return result


def summarize(result, threads):
    """Medians over the rounds."""
    s = {"model": result["model"], "gflop": result["flops"] / 1e9, "convert_ms": result["convert_ms"],
         "agree": result["agree"], "providers": result["providers"]}
    for runtime in ("onyx", "ort"):
        for t in threads:
            runs = result[runtime][t]
            s[(runtime, t)] = median([m["median_ms"] for m in runs])
        every = [m for t in threads for m in result[runtime][t]]
        s[(runtime, "load")] = median([m["load_ms" if runtime == "onyx" else "create_ms"] for m in every])
        s[(runtime, "first")] = median([m["first_run_ms"] for m in result[runtime][threads[0]]])
        s[(runtime, "rss")] = median([m["peak_rss_above_base_kib"] for m in every]) / 1024.0
    return s


def profile_model(bench, result, args, threads):
    """onyx-bench --profile on one model: where its time goes."""
    budget = BUDGET_QUICK if args.quick else BUDGET_FULL
    cmd = onyx_cmd(bench, result["onyx_path"], result["inputs"], args) + [
        "--threads", str(threads), "--warmup", "1", "--iterations", "20", "--duration", str(budget[0]),
        "--profile", "--top", "8"]
    return run_json(cmd, "onyx-bench --profile " + result["model"])["profile"]


# --------------------------------------------------------------------------- the section

def fmt_ms(v):
    if v is None:
        return "-"
    return "%.0f" % v if v >= 100 else "%.1f" % v if v >= 10 else "%.2f" % v


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def gflops_cell(s, runtime, t):
    ms = s[(runtime, t)]
    if not ms:
        return "-"
    rate = s["gflop"] / (ms / 1e3)
    peak = PEAK_GFLOPS.get(t, PEAK_GFLOPS[1] * t)
    return "%.1f (%.0f%%)" % (rate, 100 * rate / peak)


def latency_table(rows, threads):
    head = ["model", "GFLOP"]
    for t in threads:
        head += ["onyx %dT ms" % t, "ORT %dT ms" % t, "onyx/ORT %dT" % t]
    for t in threads:
        head += ["onyx GFLOP/s %dT (%% peak)" % t, "ORT GFLOP/s %dT (%% peak)" % t]
    if len(threads) > 1:
        head += ["onyx %dT/%dT speed-up" % (threads[-1], threads[0]), "ORT %dT/%dT speed-up" % (threads[-1], threads[0])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in rows:
        cells = [s["model"], "%.2f" % s["gflop"]]
        for t in threads:
            o, r = s[("onyx", t)], s[("ort", t)]
            cells += [fmt_ms(o), fmt_ms(r), "%.2f" % (o / r) if o and r else "-"]
        for t in threads:
            cells += [gflops_cell(s, "onyx", t), gflops_cell(s, "ort", t)]
        if len(threads) > 1:
            for runtime in ("onyx", "ort"):
                a, b = s[(runtime, threads[0])], s[(runtime, threads[-1])]
                cells.append("%.2f" % (a / b) if a and b else "-")
        lines.append("| " + " | ".join(cells) + " |")
    geo = ["**geometric mean**", ""]
    for t in threads:
        g = geomean([s[("onyx", t)] / s[("ort", t)] for s in rows if s[("onyx", t)] and s[("ort", t)]])
        geo += ["", "", "**%.2f**" % g if g else "-"]
    geo += [""] * (len(head) - len(geo))
    lines.append("| " + " | ".join(geo) + " |")
    return "\n".join(lines) + "\n"


def load_memory_table(rows):
    head = ["model", "onyx load .onyx ms", "onyx convert .onnx ms", "ORT session ms", "load onyx/ORT",
            "first run onyx ms", "first run ORT ms", "peak RSS onyx MiB", "peak RSS ORT MiB", "RSS onyx/ORT",
            "outputs: max abs err (rel)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in rows:
        ol, rl, orss, rrss = s[("onyx", "load")], s[("ort", "load")], s[("onyx", "rss")], s[("ort", "rss")]
        a = s["agree"]
        agree = (("%.2g (%.2g)%s" % (a["max_abs"], a["max_rel"], "" if a["ok"] else " **differ**"))
                 if "max_abs" in a else "**" + a.get("note", "differ") + "**")
        lines.append("| " + " | ".join([
            s["model"], fmt_ms(ol), fmt_ms(s["convert_ms"]), fmt_ms(rl), "%.2f" % (ol / rl) if ol and rl else "-",
            fmt_ms(s[("onyx", "first")]), fmt_ms(s[("ort", "first")]), "%.1f" % orss, "%.1f" % rrss,
            "%.2f" % (orss / rrss) if rrss > 0 else "-", agree]) + " |")
    geo = ["**geometric mean**", "", "", "", "**%.2f**" % geomean([s[("onyx", "load")] / s[("ort", "load")]
                                                                    for s in rows]),
           "", "", "", "", "**%.2f**" % geomean([s[("onyx", "rss")] / s[("ort", "rss")] for s in rows
                                                 if s[("ort", "rss")] > 0 and s[("onyx", "rss")] > 0]), ""]
    lines.append("| " + " | ".join(geo) + " |")
    return "\n".join(lines) + "\n"


def targets_text(rows, threads):
    out = []
    for t in threads:
        ratios = {s["model"]: s[("onyx", t)] / s[("ort", t)] for s in rows if s[("onyx", t)] and s[("ort", t)]}
        g = geomean(list(ratios.values()))
        worst = max(ratios, key=ratios.get)
        above = sorted(m for m, r in ratios.items() if r > 1.0)
        out.append("- latency at %d thread(s): geometric mean onyx/ORT %.2f (target at most 0.8: %s); %d of %d "
                   "models above 1.0 (target none)%s; worst %s at %.2f." % (
                       t, g, "met" if g <= 0.8 else "missed by %.1fx" % (g / 0.8), len(above), len(ratios),
                       ": " + ", ".join(above) if above and len(above) < len(ratios) else "", worst, ratios[worst]))
    if len(threads) > 1:
        big = [s for s in rows if s["gflop"] > 0.5 and s[("onyx", threads[0])] and s[("onyx", threads[-1])]]
        speed = {s["model"]: s[("onyx", threads[0])] / s[("onyx", threads[-1])] for s in big}
        short = sorted(m for m, v in speed.items() if v < 1.6)
        out.append("- %d threads against %d on models over 0.5 GFLOP: onyx speed-up %s (target at least 1.6 on "
                   "each: %s)." % (threads[-1], threads[0], ", ".join("%s %.2f" % kv for kv in sorted(speed.items())),
                                   "met" if not short else "missed on " + ", ".join(short)))
    load = geomean([s[("onyx", "load")] / s[("ort", "load")] for s in rows])
    out.append("- load of the .onyx against ORT's session creation from the .onnx: geometric mean %.2f (target "
               "at most 0.2: %s)." % (load, "met" if load <= 0.2 else "missed"))
    rss = {s["model"]: s[("onyx", "rss")] / s[("ort", "rss")] for s in rows if s[("ort", "rss")] > 0}
    over = sorted(m for m, v in rss.items() if v > 0.6)
    out.append("- peak RSS against ORT's: %s (target at most 0.6 on each: %s)." % (
        ", ".join("%s %.2f" % kv for kv in sorted(rss.items())), "met" if not over else "missed on " + ", ".join(over)))
    return "\n".join(out) + "\n"


def profile_text(model, ratio, t, p):
    lines = ["### Where the time goes: %s (onyx/ORT %.2f at %d thread(s), the slowest ratio)" % (model, ratio, t), "",
             "`onyx-bench --profile`, %d timed runs, %.1f ms per run, %.1f ms of it inside nodes (the rest is the "
             "executor between nodes):" % (p["runs"], p["run_ms"], p["node_ms_per_run"]), "",
             "| op type | provider | nodes | ms per run | share |", "|---|---|---|---|---|"]
    for o in p["by_op_type"][:10]:
        lines.append("| %s | %s | %d | %s | %.1f%% |" % (o["op_type"], o["provider"], o["nodes"],
                                                       fmt_ms(o["ms_per_run"]), o["percent"]))
    shares = {}
    for o in p["by_op_type"]:
        entry = shares.setdefault(o["provider"], [0, 0.0])
        entry[0] += o["nodes"]
        entry[1] += o["percent"]
    lines += ["", "By provider: " + "; ".join(
        "%s %d nodes, %.1f%% of the node time" % (prov, n, pct)
        for prov, (n, pct) in sorted(shares.items(), key=lambda kv: -kv[1][1])) + "."]
    lines += ["", "The slowest nodes:", "", "| node | op type | provider | output | ms per run | share |",
              "|---|---|---|---|---|---|"]
    for n in p["by_node"][:8]:
        lines.append("| `%s` | %s | %s | %s | %s | %.1f%% |" % (n["name"], n["op_type"], n["provider"],
                                                               n["output_shape"], fmt_ms(n["ms_per_run"]),
                                                               n["percent"]))
    return "\n".join(lines) + "\n"


def machine_line(args, started, elapsed, load_avg):
    import numpy
    import onnx
    import onnxruntime

    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    budget = BUDGET_QUICK if args.quick else BUDGET_FULL
    return ("%s; %s, nproc %d; onnxruntime %s, onnx %s, numpy %s, Python %s; %d round(s)%s; per run a first run, "
            "%d warm-up run(s), then timed runs for %.1f s or %d runs, whichever comes first; load average %.2f at "
            "the start, %.2f at the end%s; the whole run took %.0f s." % (
                started.strftime("%Y-%m-%d %H:%M"), cpu, os.cpu_count(), onnxruntime.__version__, onnx.__version__,
                numpy.__version__, platform.python_version(), args.rounds, " (--quick)" if args.quick else "",
                budget[2], budget[0], budget[1], load_avg[0], os.getloadavg()[0],
                "" if args.others_cores is None else "; other processes used %.2f cores on average" % args.others_cores,
                elapsed))


def render(rows, args, profile, started, elapsed, load_avg):
    providers = sorted({", ".join(s["providers"]) for s in rows})
    text = [SECTION, "",
            "onyx against ONNX Runtime on the benchmark models (`bench/make_models.py`: torchvision architectures "
            "and two small transformers, random weights, batch 1), the same inputs for both, at %s thread(s). "
            "Latency is the median over %d rounds of each round's median, the runtimes alternating within a round; "
            "a round's median moves by up to 40%% on this shared machine, so compare only figures from one run. "
            "onyx loads the .onyx file converted with the inputs fixed at batch 1; ONNX Runtime %s the .onnx "
            "(CPUExecutionProvider, ORT_ENABLE_ALL, inter_op 1). GFLOP counts 2 x the multiply-adds of Conv, "
            "Gemm and MatMul; %% peak is against %s GFLOP/s (%s). Peak RSS is the most the process held above what it held just before loading "
            "the model. Produced by `python3 bench/run_bench.py --write bench/RESULTS.md%s`." % (
                " and ".join(map(str, args.threads)), args.rounds, "creates its session from",
                " / ".join("%.0f (%d thread%s)" % (PEAK_GFLOPS.get(t, 97.0 * t), t, "s" if t > 1 else "")
                           for t in args.threads), args.peak_source,
                (" --quick" if args.quick else "") + ("" if args.rounds == 3 else " --rounds %d" % args.rounds)),
            "",
            "onyx providers: %s (every provider this build has%s)." % (
                "; ".join(providers), ", as --providers asked" if args.providers else ""),
            "", latency_table(rows, args.threads), load_memory_table(rows)]
    if args.others_cores is not None and args.others_cores > 0.2:
        text += ["Other processes kept %.2f of this machine's %d cores busy on average during the run (CPU time "
                 "of the whole machine from /proc/stat, less this script's and its children's): the runs competed "
                 "for the cores, the 2-thread ones above all, so those figures are unreliable; rerun on a quiet "
                 "machine before reading much into them." % (args.others_cores, os.cpu_count() or 1), ""]
    text += ["Against the targets of issue 5:", "", targets_text(rows, args.threads)]
    if profile:
        text.append(profile_text(*profile))
    text.append(machine_line(args, started, elapsed, load_avg))
    return "\n".join(text)


# --------------------------------------------------------------------------- main

def machine_cpu_s():
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat; steal counts as busy)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    busy = sum(fields[:8]) - idle
    return busy / os.sysconf("SC_CLK_TCK")


def own_cpu_s():
    """CPU seconds of this process and its finished children."""
    import resource

    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def set_peak(args):
    if args.peak == "issue":
        args.peak_source = "issue 5's measured peak of its AVX2/FMA machine"
        return
    if args.peak == "sgemm":
        # One core measured, times the thread count: a busy second core then shows as a lower
        # percentage rather than as a lower peak.
        one = measure_peak(1)
        for t in args.threads:
            PEAK_GFLOPS[t] = one * t
        args.peak_source = ("NumPy's sgemm (2048x2048) on one core of this machine at the start of the run, "
                            "times the thread count; issue 5's figures, %s, were measured on an AVX2/FMA machine"
                            % " / ".join("%.0f" % v for v in ISSUE_PEAK_GFLOPS.values()))
        print("peak (NumPy sgemm, one core): %.1f GFLOP/s" % one, flush=True)
        return
    try:
        for item in args.peak.split(","):
            t, gflops = item.split(":")
            PEAK_GFLOPS[int(t)] = float(gflops)
    except ValueError:
        sys.exit("--peak: expected sgemm, issue or T:GFLOPS,... (got %r)" % args.peak)
    args.peak_source = "--peak " + args.peak


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--ort-worker":
        ort_worker(json.loads(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", metavar="NAME", help="model names (default: every bench/models/*.onnx)")
    parser.add_argument("--models-dir", default=os.path.join(HERE, "models"))
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="a 0.5 s budget per run and no warm-up run (default: 2 s and one warm-up)")
    parser.add_argument("--providers", nargs="+", help="onyx's providers (default: every provider built in)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--onyx-bench", help="the onyx-bench binary (default: bazel-bin, then PATH)")
    parser.add_argument("--write", nargs="?", const=os.path.join(HERE, "RESULTS.md"), metavar="RESULTS_MD",
                        help="write the section there (default bench/RESULTS.md)")
    parser.add_argument("--save-json", metavar="PATH", help="also save every measurement as JSON")
    parser.add_argument("--peak", default="sgemm",
                        help="the peak for %% of peak: sgemm (measure NumPy's sgemm here, the default), issue "
                             "(issue 5's 97 / 189 GFLOP/s), or T:GFLOPS,... (e.g. 1:97,2:189)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of the slowest ratio")
    args = parser.parse_args()
    bench = find_bench(args.onyx_bench)
    paths = sorted(glob.glob(os.path.join(args.models_dir, "*.onnx")))
    if args.models:
        wanted = set(args.models)
        paths = [p for p in paths if os.path.splitext(os.path.basename(p))[0] in wanted]
        missing = wanted - {os.path.splitext(os.path.basename(p))[0] for p in paths}
        if missing:
            sys.exit("no such model in %s: %s" % (args.models_dir, ", ".join(sorted(missing))))
    if not paths:
        sys.exit("no models in %s: run python3 bench/make_models.py" % args.models_dir)
    started, t0, load_avg = datetime.datetime.now(), time.monotonic(), os.getloadavg()
    try:
        cpu0 = (machine_cpu_s(), own_cpu_s())
    except (OSError, ValueError, IndexError):
        cpu0 = None
    set_peak(args)
    results, rows = [], []
    with tempfile.TemporaryDirectory(prefix="onyx-run-bench-") as tmp:
        for path in paths:
            name = os.path.splitext(os.path.basename(path))[0]
            print("%s:" % name, flush=True)
            results.append(bench_model(name, path, bench, args, tmp))
            rows.append(summarize(results[-1], args.threads))
            s = rows[-1]
            print("  => " + ", ".join("%dT onyx %s ms / ORT %s ms" % (t, fmt_ms(s[("onyx", t)]), fmt_ms(s[("ort", t)]))
                                      for t in args.threads) + "; outputs %s" % s["agree"], flush=True)
        profile = None
        if not args.no_profile:
            t = args.threads[0]
            ratio, i = max((s[("onyx", t)] / s[("ort", t)], i) for i, s in enumerate(rows))
            print("profiling %s ..." % rows[i]["model"], flush=True)
            profile = (rows[i]["model"], ratio, t, profile_model(bench, results[i], args, t))
    elapsed = time.monotonic() - t0
    args.others_cores = None
    if cpu0 is not None:
        args.others_cores = max(0.0, ((machine_cpu_s() - cpu0[0]) - (own_cpu_s() - cpu0[1])) / elapsed)
    text = render(rows, args, profile, started, elapsed, load_avg)
    print("\n" + text)
    if args.save_json:
        with open(args.save_json, "w") as f:
            json.dump([{k: v for k, v in r.items() if k not in ("onyx_path", "inputs")} for r in results], f,
                      indent=1, default=str)
    if args.write:
        import results_md

        results_md.write_section(args.write, SECTION, text)
        print("wrote the section %r of %s" % (SECTION, args.write))


if __name__ == "__main__":
    main()
