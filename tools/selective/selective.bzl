"""selected_registry: a provider's registry.cc filtered by an ops config."""

def selected_registry(name, registry, config):
    """Generates `name`.cc from `registry` keeping the rows `config` selects."""
    native.genrule(
        name = name,
        srcs = [registry, config],
        outs = [name + ".cc"],
        cmd = "python3 $(location //tools/selective:select_kernels.py) --config $(location %s) $(location %s) > $@" %
              (config, registry),
        tools = ["//tools/selective:select_kernels.py"],
    )

def _selected_ops_transition_impl(settings, attr):
    return {"//kernels:selected_ops": attr.ops}

_selected_ops_transition = transition(
    implementation = _selected_ops_transition_impl,
    inputs = [],
    outputs = ["//kernels:selected_ops"],
)

def _selective_build_impl(ctx):
    outputs = []
    for dep in ctx.attr.target:
        for f in dep[DefaultInfo].files.to_list():
            out = ctx.actions.declare_file(ctx.label.name + "/" + f.basename)
            ctx.actions.symlink(output = out, target_file = f, is_executable = True)
            outputs.append(out)
    return [DefaultInfo(files = depset(outputs), runfiles = ctx.runfiles(files = outputs))]

# selective_build(name, target, ops): `target` (a cc_binary, libonyx.so...)
# built as `bazel build --//kernels:selected_ops=<ops>` would build it; its
# files appear as <name>/<basename>. Lets one `bazel test //...` check a
# selective build beside the full one.
selective_build = rule(
    implementation = _selective_build_impl,
    attrs = {
        "target": attr.label(cfg = _selected_ops_transition, mandatory = True),
        "ops": attr.label(allow_single_file = True, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
