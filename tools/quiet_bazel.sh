#!/usr/bin/env bash
# Filters Bazel's output down to errors, warnings from our code, and results.
# Debian's Bazel sandbox prints a line per mount; nobody needs those.
grep -v -E '^[0-9]+\.[0-9]+: src/main/tools/|^INFO: From |^Loading|^Analyzing|^INFO: (Analyzed|Found|Build completed|Elapsed|[0-9]+ processes|Streaming|Invocation)|^\[[0-9,]+ / [0-9,]+\]|^Target .* up-to-date|^  bazel-bin/' || true
