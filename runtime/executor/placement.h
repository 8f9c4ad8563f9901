#pragma once

// Where a plan's tensors live when some nodes run on a provider that keeps
// its tensors on a device (KernelLibrary::device, the CUDA provider).
//
// A node runs where its kernel's provider works. A tensor is written where
// its producer runs (graph inputs and weights start on the host) and is
// copied to the other side once, before the first node there that reads it;
// a graph output made on the device is copied to the host at the end of the
// run. Weights device nodes read go to the device once, when the plan is
// made (ExecutionPlan). The device arena mirrors the host arena: a tensor's device copy sits
// at the same offset as its host bytes, where the planner already keeps its
// bytes for its whole life, so copies need no planning of their own and the
// device arena is the plan's arena size. Copies happen only where the
// provider changes.

#include <cstdint>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/planner/graph.h"
#include "runtime/core/value.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::executor {

struct TensorCopy {
  int tensor = -1;
  bool to_device = false;
};

struct Placement {
  const kernels::DeviceApi* device = nullptr;  // nullptr: every node on the host.
  std::vector<uint8_t> node_on_device;         // Per node.
  std::vector<uint8_t> on_device;              // Per tensor: it has a device copy at some point.
  std::vector<uint8_t> made_on_device;         // Per tensor: a device node writes it.
  std::vector<uint8_t> read_on_host;           // Per tensor: a host node reads it.
  std::vector<std::vector<TensorCopy>> before;  // Per step of the order: copies to make first.
  std::vector<TensorCopy> at_end;               // Graph outputs made on the device.

  size_t num_copies() const;
};

// `node_device[n]`: the device of node n's provider (nullptr: the host).
// Every device node must read only tensors whose shape is known when planning
// (kUnsupported naming the node and tensor otherwise), and one plan uses at
// most one device API.
Result<Placement> PlaceTensors(const planner::Graph& graph, Span<const int> order,
                               const std::vector<const kernels::DeviceApi*>& node_device,
                               const planner::ShapeInfo& shapes);

// Device memory from a DeviceApi, released when this goes.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  static Result<DeviceBuffer> Allocate(const kernels::DeviceApi* api, size_t bytes);
  DeviceBuffer(DeviceBuffer&& other) noexcept { *this = std::move(other); }
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer();

  uint8_t* data() const { return static_cast<uint8_t*>(ptr_); }

 private:
  const kernels::DeviceApi* api_ = nullptr;
  void* ptr_ = nullptr;
};

// A DeviceApi context (stream, library handles), destroyed when this goes.
class DeviceContext {
 public:
  DeviceContext() = default;
  static Result<DeviceContext> Create(const kernels::DeviceApi* api);
  DeviceContext(DeviceContext&& other) noexcept { *this = std::move(other); }
  DeviceContext& operator=(DeviceContext&& other) noexcept;
  DeviceContext(const DeviceContext&) = delete;
  DeviceContext& operator=(const DeviceContext&) = delete;
  ~DeviceContext();

  void* get() const { return context_; }

 private:
  const kernels::DeviceApi* api_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace onyx::executor
