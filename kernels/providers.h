#pragma once

// The providers built into this library, in default priority order, the
// reference kernels ("CPUExecutionProvider") last. The session picks from
// these; the converter assigns each node to one of them.

#include <string>
#include <vector>

#include "kernels/api/kernel.h"

namespace onyx::kernels {

struct BuiltInProvider {
  const char* name;  // ONNX Runtime's name, e.g. "XnnpackExecutionProvider".
  KernelLibrary (*library)();
};

Span<const BuiltInProvider> BuiltInProviders();

// The kernel libraries of the providers `names` asks for (ONNX Runtime's
// names; empty: every one built in), each once, in that order, the reference
// kernels last. A provider that cannot start on this machine
// (KernelLibrary::initialize) is an error when named and left out when
// chosen by default; a name not built in is kInvalidArgument.
//
// `for_this_machine` false (the converter, preparing a model for another
// machine: a Jetson's model converted on a build host without a GPU) keeps
// a provider named in `names` even when it cannot start here, since
// assigning nodes only runs the kernels' Prepare on the host; providers
// chosen by default still have to start.
Result<std::vector<KernelLibrary>> ChooseProviders(const std::vector<std::string>& names,
                                                   bool for_this_machine = true);

// The provider of `library_list` whose kernel table holds `def`, or nullptr.
const char* ProviderOf(Span<const KernelLibrary> library_list, const KernelDef* def);

}  // namespace onyx::kernels
