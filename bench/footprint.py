#!/usr/bin/env python3
"""The device library's footprint: stripped sizes of libonyx.so built with
and without kernels (selective builds, kernels/BUILD), and the memory of a C
program running MobileNetV2 a thousand times.

    python3 bench/make_models.py          # once: bench/models/mobilenet_v2.onnx (torch)
    python3 bench/footprint.py [--write bench/RESULTS.md] [--runs 1000]

Builds each variant with `--config=size` (.bazelrc: -Os, function sections,
--gc-sections, identical code folding, LTO, no frame pointers or stack
canaries) in an output base of its own
(ONYX_FOOTPRINT_OUTPUT_BASE, default /tmp/onyx-footprint), so the
workspace's usual build is left as it is:

  core             the loader, verifier, planner, executor, session and C API;
                   no kernel, no control flow (an empty ops config)
  core + reference every reference kernel and control flow, no XNNPACK
  core + XNNPACK   the XNNPACK provider's kernels, no reference kernel
                   (XNNPACK, pthreadpool and cpuinfo are Debian's shared
                   libraries, measured apart)
  MobileNetV2 only the ops MobileNetV2 needs (examples/ops/mobilenet_v2.config,
                   written here by onyx-convert --emit-ops), with XNNPACK
  everything       every kernel of both providers

ONNX Runtime's wheel is measured beside it (its CPU-only core library).
"""

import argparse
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import results_md  # noqa: E402

SECTION = "## Footprint"
MOBILENET_CONFIG = "examples/ops/mobilenet_v2.config"
# Every variant is a CPU-only build: device placement (CUDA) is left out.
CPU_ONLY = ["--define=onyx_devices=off"]
VARIANTS = [
    ("core", CPU_ONLY + ["--//kernels:selected_ops=//kernels:no_ops.config", "--define=onyx_xnnpack=off"]),
    ("core + reference kernels", CPU_ONLY + ["--define=onyx_xnnpack=off"]),
    ("core + XNNPACK provider", CPU_ONLY + ["--//kernels:ref_ops=//kernels:no_ops.config"]),
    ("MobileNetV2 only", CPU_ONLY + ["--//kernels:selected_ops=//examples:ops/mobilenet_v2.config"]),
    ("everything", CPU_ONLY),
]
XNNPACK_LIBS = ["libXNNPACK.so.0", "libpthreadpool.so.0", "libcpuinfo.so.0"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def bazel_build(output_base, flags, targets):
    built = subprocess.run(["bazel", "--output_base=" + output_base, "build", "--config=size",
                            # Leave the workspace's bazel-bin symlinks to its usual build.
                            "--symlink_prefix=/"] + flags + targets,
                           cwd=ROOT, capture_output=True, text=True)
    if built.returncode != 0:
        sys.exit("bazel build %s failed:\n%s" % (" ".join(flags), built.stderr[-4000:]))
    out = subprocess.run(["bazel", "--output_base=" + output_base, "info", "--config=size", "bazel-bin"] + flags,
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return out


def stripped_size(path, tmp):
    copy = os.path.join(tmp, "stripped")
    run(["strip", "--strip-all", "-o", copy, path])
    return os.path.getsize(copy)


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"NEEDED.*\[(.*)\]", out)


def system_lib(name):
    for d in ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return os.path.realpath(p)
    return None


def tool(name, bazel_path):
    built = os.path.join(ROOT, "bazel-bin", bazel_path)
    found = built if os.path.exists(built) else shutil.which(name)
    if not found:
        sys.exit("%s not found: bazel build //%s" % (name, os.path.dirname(bazel_path)))
    return found


def kib(n):
    return "%.1f KB" % (n / 1000.0)


def ort_core_size(tmp):
    try:
        import onnxruntime
    except ImportError:
        return None
    libs = glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so*"))
    return stripped_size(libs[0], tmp) if libs else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", metavar="RESULTS_MD")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--model", default=os.path.join(HERE, "models", "mobilenet_v2.onnx"))
    args = parser.parse_args()
    if not os.path.exists(args.model):
        sys.exit("%s missing: run python3 bench/make_models.py" % args.model)
    output_base = os.environ.get("ONYX_FOOTPRINT_OUTPUT_BASE", "/tmp/onyx-footprint")
    convert = tool("onyx-convert", "converter/onyx-convert")
    inspect = tool("onyx-inspect", "tools/inspect/onyx-inspect")
    rows, memory = [], None
    with tempfile.TemporaryDirectory() as tmp:
        onyx_file = os.path.join(tmp, "mobilenet_v2.onyx")
        run([convert, args.model, "-o", onyx_file, "--quiet", "--emit-ops", os.path.join(ROOT, MOBILENET_CONFIG)])
        with open(os.path.join(ROOT, MOBILENET_CONFIG)) as f:
            text = f.read().replace("# from " + args.model, "# from bench/models/mobilenet_v2.onnx (bench/footprint.py)")
        with open(os.path.join(ROOT, MOBILENET_CONFIG), "w") as f:
            f.write(text)
        for name, flags in VARIANTS:
            print("building %s ..." % name, file=sys.stderr)
            bin_dir = bazel_build(output_base, flags, ["//runtime/c_api:libonyx.so", "//bench:run_loop"])
            lib = os.path.join(bin_dir, "runtime/c_api/libonyx.so")
            size = stripped_size(lib, tmp)
            deps = [d for d in needed(lib) if not re.match(r"(libc|libm|libstdc\+\+|libgcc_s|ld-linux)", d)]
            rows.append((name, size, deps))
            print("  %s: %s, needs %s" % (name, kib(size), ", ".join(deps) or "only libc/libstdc++"),
                  file=sys.stderr)
            if name == "MobileNetV2 only":
                loop = os.path.join(tmp, "run_loop")
                shutil.copy(os.path.join(bin_dir, "bench/run_loop"), loop)
                loop_size = stripped_size(loop, tmp)
                timed = subprocess.run(["/usr/bin/time", "-v", loop, onyx_file, str(args.runs)],
                                       capture_output=True, text=True, check=True)
                stats = dict(l.split() for l in timed.stdout.splitlines() if l.strip())
                max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timed.stderr).group(1))
                report = subprocess.run([inspect, onyx_file, "--json"], capture_output=True, text=True, check=True)
                info = json.loads(report.stdout)
                memory = dict(stats=stats, max_rss=max_rss, loop_size=loop_size, info=info,
                              file_size=os.path.getsize(onyx_file))
        xnn = sum(stripped_size(p, tmp) for p in map(system_lib, XNNPACK_LIBS) if p)
        ort = ort_core_size(tmp)

    sizes = {name: size for name, size, _ in rows}
    lines = [SECTION, "",
             "Measured %s by `python3 bench/footprint.py` (x86-64, `--config=size`: -Os, function sections, "
             "--gc-sections, identical code folding, LTO, hidden symbols, no frame pointers, stack canaries or unwind "
             "tables; then `strip --strip-all`). A selective build keeps the "
             "kernels of an ops config (`onyx-convert --emit-ops`, kernels/BUILD)." % datetime.date.today(), "",
             "| libonyx.so | stripped size | shared libraries it needs besides libc/libstdc++ |",
             "|---|---:|---|"]
    for name, size, deps in rows:
        lines.append("| %s | %s | %s |" % (name, kib(size), ", ".join(deps) or "none"))
    lines.append("| XNNPACK + pthreadpool + cpuinfo (Debian, shared) | %s | |" % kib(xnn))
    if ort:
        lines.append("| ONNX Runtime (PyPI wheel, libonnxruntime.so, CPU) | %s | |" % kib(ort))
    lines += ["", "Targets: core under 150 KB (%s); MobileNetV2 only under 300 KB plus XNNPACK (%s)." % (
        kib(sizes["core"]), kib(sizes["MobileNetV2 only"]))]
    if memory:
        s, info = memory["stats"], memory["info"]
        arena = info.get("arena_bytes") or info.get("arena", 0)
        weights = info.get("weight_bytes", 0)
        lines += ["", "MobileNetV2 (batch 1) from a C program (`bench/c/run_loop.c`, the MobileNetV2-only build "
                  "linked in, input and output bound once), %d runs, `/usr/bin/time -v`:" % int(s["runs"]), "",
                  "| | KiB |", "|---|---:|",
                  "| process before loading | %s |" % s["rss_start_kib"],
                  "| after loading the session | %s |" % s["rss_loaded_kib"],
                  "| after the first run | %s |" % s["rss_first_run_kib"],
                  "| after the last run | %s |" % s["rss_last_run_kib"],
                  "| peak (Maximum resident set size) | %d |" % memory["max_rss"],
                  "", "The file announces an arena of %.0f KiB and holds %.0f KiB of weights (file %.0f KiB); "
                  "XNNPACK packs its own copy of the weights on the first run, and the file's pages stay mapped. "
                  "The program with its library is %s stripped. Nothing grows between the first run and the last."
                  % (arena / 1024.0, weights / 1024.0, memory["file_size"] / 1024.0, kib(memory["loop_size"]))]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        results_md.write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
