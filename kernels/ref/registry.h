#pragma once

// The reference kernels: portable, simple, the numerical truth that every other
// provider is tested against, and what the planner uses to infer shapes.

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

constexpr const char* kProviderName = "CPUExecutionProvider";

// Every reference kernel, in registry.cc's table order.
KernelLibrary Library();

// Seeds the random generators (RandomNormal, RandomUniform, Bernoulli,
// Multinomial...) that have no 'seed' attribute, for sessions planned from
// now on (ONNX Runtime's set_seed).
void SetDefaultRandomSeed(uint64_t seed);

}  // namespace onyx::kernels::ref
