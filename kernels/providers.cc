#include "kernels/providers.h"

#include <algorithm>

#include "kernels/ref/registry.h"
#ifdef ONYX_WITH_CUDA
#include "kernels/cuda/registry.h"
#endif
#ifdef ONYX_WITH_XNNPACK
#include "kernels/xnnpack/registry.h"
#endif

namespace onyx::kernels {
namespace {

constexpr BuiltInProvider kBuiltIn[] = {
#ifdef ONYX_WITH_CUDA
    {cuda::kProviderName, cuda::Library},
#endif
#ifdef ONYX_WITH_XNNPACK
    {xnnpack::kProviderName, xnnpack::Library},
#endif
    {ref::kProviderName, ref::Library},
};

}  // namespace

Span<const BuiltInProvider> BuiltInProviders() { return Span<const BuiltInProvider>(kBuiltIn); }

Result<std::vector<KernelLibrary>> ChooseProviders(const std::vector<std::string>& names, bool for_this_machine) {
  const Span<const BuiltInProvider> built_in = BuiltInProviders();
  std::vector<const BuiltInProvider*> chosen;
  for (const std::string& name : names) {
    const BuiltInProvider* found = nullptr;
    std::string available;
    for (const BuiltInProvider& p : built_in) {
      if (name == p.name) found = &p;
      available += (available.empty() ? "" : ", ") + std::string(p.name);
    }
    RETURN_ERROR_IF(found == nullptr, StatusCode::kInvalidArgument, "provider '", name,
                    "' is not available in this build (available: ", available, ")");
    if (std::find(chosen.begin(), chosen.end(), found) == chosen.end()) chosen.push_back(found);
  }
  const bool by_default = chosen.empty();
  if (by_default) {
    for (const BuiltInProvider& p : built_in) chosen.push_back(&p);
  }
  const BuiltInProvider* reference = &built_in[built_in.size() - 1];
  chosen.erase(std::remove(chosen.begin(), chosen.end(), reference), chosen.end());
  chosen.push_back(reference);
  std::vector<KernelLibrary> libraries;
  for (const BuiltInProvider* p : chosen) {
    KernelLibrary library = p->library();
    if (library.initialize != nullptr) {
      Status status = library.initialize();
      if (!status.ok() && by_default) continue;
      if (!status.ok() && for_this_machine) return status.WithContext(StrCat("provider '", p->name, "'"));
    }
    libraries.push_back(library);
  }
  return libraries;
}

const char* ProviderOf(Span<const KernelLibrary> library_list, const KernelDef* def) {
  for (const KernelLibrary& library : library_list) {
    if (def != nullptr && def >= library.kernels.begin() && def < library.kernels.end()) return library.provider;
  }
  return nullptr;
}

}  // namespace onyx::kernels
