#pragma once

// The reference kernels: portable, simple, the numerical truth that every other
// provider is tested against, and what the planner uses to infer shapes.

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

constexpr const char* kProviderName = "CPUExecutionProvider";

// Every reference kernel, in registry.cc's table order.
KernelLibrary Library();

}  // namespace onyx::kernels::ref
