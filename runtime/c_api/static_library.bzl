"""cc_static_archive: one .a holding the objects of a cc_library and of
every cc_library it depends on (Bazel 4 has no cc_static_library). System
libraries named by linkopts (-lXNNPACK ...) are not archived; the
archive's users link them, as `linkopts` of the rule records."""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

def _impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    archives = []
    objects = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for lib in linker_input.libraries:
                if lib.pic_objects:
                    objects.extend(lib.pic_objects)
                elif lib.objects:
                    objects.extend(lib.objects)
                elif lib.pic_static_library:
                    archives.append(lib.pic_static_library)
                elif lib.static_library:
                    archives.append(lib.static_library)
    out = ctx.outputs.out
    script = ctx.actions.declare_file(ctx.label.name + ".mri")
    lines = ["CREATE " + out.path]
    lines += ["ADDLIB " + a.path for a in archives]
    lines += ["ADDMOD " + o.path for o in objects]
    lines += ["SAVE", "END"]
    ctx.actions.write(script, "\n".join(lines) + "\n")
    ctx.actions.run_shell(
        inputs = depset([script] + archives + objects),
        outputs = [out],
        command = "'%s' -M < '%s'" % (cc_toolchain.ar_executable, script.path),
        mnemonic = "StaticArchive",
        progress_message = "Archiving %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

cc_static_archive = rule(
    implementation = _impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "out": attr.output(mandatory = True),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    fragments = ["cpp"],
)
