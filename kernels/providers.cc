#include "kernels/providers.h"

#include "kernels/ref/registry.h"
#ifdef ONYX_WITH_XNNPACK
#include "kernels/xnnpack/registry.h"
#endif

namespace onyx::kernels {
namespace {

constexpr BuiltInProvider kBuiltIn[] = {
#ifdef ONYX_WITH_XNNPACK
    {xnnpack::kProviderName, xnnpack::Library},
#endif
    {ref::kProviderName, ref::Library},
};

}  // namespace

Span<const BuiltInProvider> BuiltInProviders() { return Span<const BuiltInProvider>(kBuiltIn); }

const char* ProviderOf(Span<const KernelLibrary> library_list, const KernelDef* def) {
  for (const KernelLibrary& library : library_list) {
    if (def != nullptr && def >= library.kernels.begin() && def < library.kernels.end()) return library.provider;
  }
  return nullptr;
}

}  // namespace onyx::kernels
