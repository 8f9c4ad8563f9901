#!/usr/bin/env python3
"""Arena plans of the benchmark models: onyx's arena beside the naive sum of
all intermediate tensors and the lower bound (the most bytes alive at one
step), per model, at the default optimization level.

    python3 bench/make_models.py            # once: exports bench/models/*.onnx (torch)
    python3 bench/memory_plans.py [--write bench/RESULTS.md] [--plot-dir bench/plots]

Converts each bench/models/*.onnx with onyx-convert (batch 1) and reads the
figures back with `onyx-inspect --json`, so what is reported is what the file
holds. Both tools come from the Bazel build (bazel-bin) or PATH.
"""

import argparse
import datetime
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import results_md  # noqa: E402

SECTION = "## Memory plans"


def tool(name, bazel_path):
    built = os.path.join(ROOT, "bazel-bin", bazel_path)
    found = built if os.path.exists(built) else shutil.which(name)
    if not found:
        sys.exit("%s not found: bazel build //%s or bash tools/install.sh" % (name, os.path.dirname(bazel_path)))
    return found


def mib(n):
    return "%.2f" % (n / 1048576.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=os.path.join(HERE, "models"))
    parser.add_argument("--write", metavar="RESULTS_MD")
    parser.add_argument("--plot-dir", help="also write <model>_plan.svg there")
    args = parser.parse_args()
    convert = tool("onyx-convert", "converter/onyx-convert")
    inspect = tool("onyx-inspect", "tools/inspect/onyx-inspect")
    paths = sorted(glob.glob(os.path.join(args.models, "*.onnx")))
    if not paths:
        sys.exit("no models in %s: run python3 bench/make_models.py" % args.models)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            name = os.path.splitext(os.path.basename(path))[0]
            out = os.path.join(tmp, name + ".onyx")
            subprocess.run([convert, path, "-o", out, "--quiet"], check=True)
            report = json.loads(subprocess.run([inspect, out, "--json"], check=True, capture_output=True,
                                               text=True).stdout)
            if args.plot_dir:
                subprocess.run([inspect, out, "--plot", os.path.join(args.plot_dir, name + "_plan.svg")], check=True,
                               capture_output=True)
            arena, naive, bound = report["arena_bytes"], report["naive_bytes"], report["lower_bound_bytes"]
            rows.append((name, report["nodes"], mib(report["weight_bytes"]), mib(arena), mib(naive), mib(bound),
                         "%.1f%%" % (100.0 * (arena - bound) / bound if bound else 0.0),
                         "%.0f%%" % (100.0 * (1 - arena / naive) if naive else 0.0), report["planner"]))
            print("%-22s arena %s MiB, naive %s MiB, bound %s MiB (+%s), %s" % (
                name, rows[-1][3], rows[-1][4], rows[-1][5], rows[-1][6], rows[-1][8]), flush=True)
    header = ("| model | nodes | weights MiB | arena MiB | naive sum MiB | lower bound MiB | arena above bound "
              "| saved vs naive | planner |\n|---|---|---|---|---|---|---|---|---|\n")
    table = header + "".join("| " + " | ".join(str(c) for c in row) + " |\n" for row in rows)
    text = (SECTION + "\n\n"
            "The arena each model needs at batch 1 after the converter's default passes, beside the naive sum of "
            "all intermediate tensors and the lower bound (the largest sum of tensor bytes alive at one step, a "
            "view or an in-place output counted with its input). The planner runs greedy by size, greedy by "
            "breadth and greedy by conflicts and keeps the smallest. Models: `bench/make_models.py` (torchvision "
            "architectures, random weights; BERT-like and GPT-like written in PyTorch). Produced by "
            "`python3 bench/memory_plans.py --write bench/RESULTS.md`.\n\n" + table +
            "\n%s. The plan of MobileNetV2 as `onyx-inspect --plot` draws it: "
            "[bench/plots/mobilenet_v2_plan.png](plots/mobilenet_v2_plan.png).\n" % datetime.date.today().isoformat())
    if args.write:
        results_md.write_section(args.write, SECTION, text)
    else:
        print(table)


if __name__ == "__main__":
    main()
