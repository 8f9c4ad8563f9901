#pragma once

// A node's attributes as kernels see them, whatever they were read from (an
// ONNX NodeProto in the converter, an .onyx FlatBuffer in the runtime).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/tensor.h"

namespace onyx::kernels {

enum class AttrType : int8_t {
  kUndefined = 0,
  kFloat = 1,
  kInt = 2,
  kString = 3,
  kTensor = 4,
  kGraph = 5,
  kFloats = 6,
  kInts = 7,
  kStrings = 8,
  kTensors = 9,
  kGraphs = 10,
};

const char* AttrTypeName(AttrType type);

struct Attribute {
  std::string name;
  AttrType type = AttrType::kUndefined;
  float f = 0;
  int64_t i = 0;
  std::string s;  // Bytes for kString.
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  TensorView tensor;                 // kTensor; data lives in the model's weights.
  std::vector<TensorView> tensors;   // kTensors.
  int32_t graph = -1;                // kGraph: index of the subgraph in the model.
  std::vector<int32_t> graphs;       // kGraphs.
};

class Attributes {
 public:
  Attributes() = default;
  explicit Attributes(std::vector<Attribute> items) : items_(std::move(items)) {}

  const Attribute* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }

  // Typed getters return `fallback` when the attribute is absent. A present
  // attribute of another type also yields the fallback: Prepare functions that
  // care use Find() and check `type`.
  int64_t GetInt(std::string_view name, int64_t fallback) const;
  float GetFloat(std::string_view name, float fallback) const;
  std::string GetString(std::string_view name, const std::string& fallback) const;
  std::vector<int64_t> GetInts(std::string_view name) const;
  std::vector<float> GetFloats(std::string_view name) const;

  const std::vector<Attribute>& items() const { return items_; }
  void Add(Attribute a) { items_.push_back(std::move(a)); }

 private:
  std::vector<Attribute> items_;
};

}  // namespace onyx::kernels
