#!/usr/bin/env python3
"""Writes a kernel registry that keeps only the kernels an ops config names.

A selective build (README: "Selective build") compiles a provider's
registry.cc through this script. The config is ONNX Runtime's reduced-ops
format, which `onyx-convert --emit-ops` writes:

    # comment
    ai.onnx;13;Conv,Relu
    com.microsoft;1;FusedConv

One line per (domain, opset): the ops of that domain a model imports at that
opset. A row of the registry's `kKernels` table is kept when its domain and
op type are listed and its opset range holds one of the listed opsets.
The same goes for the executor's control-flow table (If, Loop, Scan). A
line `*` keeps every row (the default build).

Usage: select_kernels.py --config OPS.config REGISTRY.cc > OUT.cc
"""

import argparse
import re
import sys

DEFAULT_DOMAIN = "ai.onnx"
TABLE_START = re.compile(r"^\s*(?:static\s+)?(?:constexpr|const)\s+\w+\s+kKernels\[\]\s*=\s*\{\s*$")
ROW = re.compile(r'^\{"([^"]*)",\s*"([^"]*)",\s*(\d+),\s*(\w+),', re.S)


class ConfigError(Exception):
    pass


def parse_config(text, path="config"):
    """Returns None (keep everything) or {(domain, op): set(opsets)}."""
    selected = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line == "*":
            return None
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2]:
            raise ConfigError(f"{path}:{number}: expected 'domain;opset;Op1,Op2,...', got '{raw.strip()}'")
        domain = "" if parts[0] in (DEFAULT_DOMAIN, "") else parts[0]
        for op in parts[2].split(","):
            op = op.strip()
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", op):
                raise ConfigError(f"{path}:{number}: '{op}' is not an op type")
            selected.setdefault((domain, op), set()).add(int(parts[1]))
    return selected


def split_table(source, path="registry"):
    """Returns (head, rows, tail): the text before the table's rows, the rows
    (each its full text, comments before it attached), and the text from the
    table's closing brace on."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if TABLE_START.match(l)), None)
    if start is None:
        raise ConfigError(f"{path}: no 'kKernels[] = {{' table")
    rows, pending, current, depth = [], [], None, 0
    for i in range(start + 1, len(lines)):
        line = lines[i]
        stripped = line.strip()
        if current is None:
            if stripped == "};":
                return "".join(lines[: start + 1]), rows, "".join(pending + lines[i:])
            if stripped.startswith("//") or not stripped:
                pending.append(line)
                continue
            if not stripped.startswith('{"'):
                raise ConfigError(f"{path}:{i + 1}: unexpected line in kKernels: {stripped}")
            current, depth = [], 0
        current.append(line)
        depth += line.count("{") - line.count("}")
        if depth == 0:
            text = "".join(current)
            match = ROW.match(text.strip())
            if not match or not text.rstrip().endswith("},"):
                raise ConfigError(f"{path}:{i + 1}: cannot read the row '{text.strip()}'")
            rows.append(("".join(pending), text, match))
            pending, current = [], None
    raise ConfigError(f"{path}: kKernels has no closing '}};'")


def row_selected(match, selected):
    domain, op, since, until = match.group(1), match.group(2), int(match.group(3)), match.group(4)
    until = sys.maxsize if until == "kLatestOpset" else int(until)
    return any(since <= opset <= until for opset in selected.get((domain, op), ()))


def select(source, selected, path="registry"):
    if selected is None:
        return source
    head, rows, tail = split_table(source, path)
    kept = [comment + text for comment, text, match in rows if row_selected(match, selected)]
    if not kept:
        # C++ has no empty arrays: one row that no node matches (opsets 1..0;
        # the members after them zero: no dtypes, no functions).
        kept = ['    // Selective build: no kernel of this table was selected.\n'
                '    {"", "", 1, 0},\n']
    return head + "// Selective build: only the kernels of the ops config.\n" + "".join(kept) + tail


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="ops config (onyx-convert --emit-ops)")
    parser.add_argument("registry", help="a provider's registry.cc")
    args = parser.parse_args(argv)
    try:
        with open(args.config) as f:
            selected = parse_config(f.read(), args.config)
        with open(args.registry) as f:
            source = f.read()
        sys.stdout.write(select(source, selected, args.registry))
    except (OSError, ConfigError) as e:
        print(f"select_kernels: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
