#include "kernels/api/attributes.h"

namespace onyx::kernels {

const char* AttrTypeName(AttrType type) {
  switch (type) {
    case AttrType::kUndefined: return "undefined";
    case AttrType::kFloat: return "float";
    case AttrType::kInt: return "int";
    case AttrType::kString: return "string";
    case AttrType::kTensor: return "tensor";
    case AttrType::kGraph: return "graph";
    case AttrType::kFloats: return "floats";
    case AttrType::kInts: return "ints";
    case AttrType::kStrings: return "strings";
    case AttrType::kTensors: return "tensors";
    case AttrType::kGraphs: return "graphs";
  }
  return "unknown";
}

const Attribute* Attributes::Find(std::string_view name) const {
  for (const Attribute& a : items_) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

int64_t Attributes::GetInt(std::string_view name, int64_t fallback) const {
  const Attribute* a = Find(name);
  return a && a->type == AttrType::kInt ? a->i : fallback;
}

float Attributes::GetFloat(std::string_view name, float fallback) const {
  const Attribute* a = Find(name);
  return a && a->type == AttrType::kFloat ? a->f : fallback;
}

std::string Attributes::GetString(std::string_view name, const std::string& fallback) const {
  const Attribute* a = Find(name);
  return a && a->type == AttrType::kString ? a->s : fallback;
}

std::vector<int64_t> Attributes::GetInts(std::string_view name) const {
  const Attribute* a = Find(name);
  return a && a->type == AttrType::kInts ? a->ints : std::vector<int64_t>{};
}

std::vector<float> Attributes::GetFloats(std::string_view name) const {
  const Attribute* a = Find(name);
  return a && a->type == AttrType::kFloats ? a->floats : std::vector<float>{};
}

}  // namespace onyx::kernels
