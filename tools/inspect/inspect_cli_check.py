"""Checks what inspect_cli_test.sh produced, with Python's standard library
only: onyx-inspect's figures against onyx-convert's summary, the SVG as XML,
the PNG chunk by chunk (CRCs, zlib data, scanlines)."""

import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def human(n):  # onyx-convert's HumanBytes.
    if n >= 1 << 20:
        return "%.2f MiB" % (n / 1048576.0)
    if n >= 1024:
        return "%.1f KiB" % (n / 1024.0)
    return "%d B" % n


def check_figures(out, report):
    convert = open(out + "/convert.txt").read()
    arena = re.search(r"arena:\s+(.+?) \(naive sum of intermediates (.+?),", convert)
    bound = re.search(r"bound:\s+(.+?) \(", convert)
    assert arena and bound, convert
    assert human(report["arena_bytes"]) == arena.group(1), (report["arena_bytes"], convert)
    assert human(report["naive_bytes"]) == arena.group(2), (report["naive_bytes"], convert)
    assert human(report["lower_bound_bytes"]) == bound.group(1), (report["lower_bound_bytes"], convert)
    assert report["lower_bound_bytes"] <= report["arena_bytes"] < report["naive_bytes"]
    assert report["planned"] and report["planner"].startswith("greedy_by_")
    assert report["inputs"][0] == {"name": "image", "type": "tensor", "dtype": "float",
                                   "shape": ["batch", 3, 32, 32]}, report["inputs"]
    nodes = re.search(r"nodes:\s+(\d+) ", convert)
    assert nodes and int(nodes.group(1)) == report["nodes"] == sum(report["op_counts"].values()), convert
    providers = re.search(r"providers:(.*)", convert)
    assert providers, convert
    said = {name: int(n) for name, n in re.findall(r"(\w+) (\d+)", providers.group(1))}
    assert report["provider_counts"] == said and sum(said.values()) == report["nodes"], (report, convert)
    assert report["peak_bytes"] == report["file_bytes"] + report["arena_bytes"] + report["scratch_bytes"]
    text = open(out + "/inspect.txt").read()
    for key in ("arena_bytes", "naive_bytes", "lower_bound_bytes", "weight_bytes", "peak_bytes"):
        assert "(%d bytes)" % report[key] in text, (key, text)


def check_svg(path, report):
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg", root.tag
    tensors = [r for r in root.iter(ns + "rect") if r.find(ns + "title") is not None]
    assert len(tensors) == report["arena_tensors"], (len(tensors), report["arena_tensors"])
    texts = " ".join(t.text or "" for t in root.iter(ns + "text"))
    for words in ("memory plan", "arena", "lower bound", "execution step", "arena offset"):
        assert words in texts, words
    assert len(list(root.iter(ns + "line"))) >= 4


def check_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + length
    assert at == len(data)
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"], [k for k, _ in chunks]
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, color, interlace) == (8, 2, 0)
    raw = zlib.decompress(chunks[1][1])  # Checks the Adler-32 too.
    stride = 1 + 3 * width
    assert len(raw) == height * stride
    assert all(raw[y * stride] == 0 for y in range(height))
    colors = {raw[y * stride + 1 + 3 * x:y * stride + 4 + 3 * x]
              for y in range(0, height, 4) for x in range(0, width, 4)}
    assert len(colors) >= 6, len(colors)  # Background, ink, and the ops' fills.


def main():
    out = sys.argv[1]
    report = json.load(open(out + "/inspect.json"))
    check_figures(out, report)
    check_svg(out + "/plan.svg", report)
    check_png(out + "/plan.png")


if __name__ == "__main__":
    main()
