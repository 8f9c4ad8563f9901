#pragma once

// The providers built into this library, in default priority order, the
// reference kernels ("CPUExecutionProvider") last. The session picks from
// these; the converter assigns each node to one of them.

#include "kernels/api/kernel.h"

namespace onyx::kernels {

struct BuiltInProvider {
  const char* name;  // ONNX Runtime's name, e.g. "XnnpackExecutionProvider".
  KernelLibrary (*library)();
};

Span<const BuiltInProvider> BuiltInProviders();

// The provider of `library_list` whose kernel table holds `def`, or nullptr.
const char* ProviderOf(Span<const KernelLibrary> library_list, const KernelDef* def);

}  // namespace onyx::kernels
