#include "runtime/executor/placement.h"

namespace onyx::executor {

size_t Placement::num_copies() const {
  size_t count = at_end.size();
  for (const std::vector<TensorCopy>& step : before) count += step.size();
  return count;
}

Result<Placement> PlaceTensors(const planner::Graph& graph, Span<const int> order,
                               const std::vector<const kernels::DeviceApi*>& node_device,
                               const planner::ShapeInfo& shapes) {
  Placement placement;
  placement.node_on_device.assign(graph.nodes.size(), 0);
  placement.on_device.assign(graph.tensors.size(), 0);
  placement.made_on_device.assign(graph.tensors.size(), 0);
  placement.read_on_host.assign(graph.tensors.size(), 0);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const kernels::DeviceApi* device = node_device[n];
    if (device == nullptr) continue;
    RETURN_ERROR_IF(placement.device != nullptr && placement.device != device, StatusCode::kUnsupported,
                    graph.nodes[n].info.Where(), ": runs on device '", device->name, "' but the plan already uses '",
                    placement.device->name, "' (one device per session)");
    placement.device = device;
    placement.node_on_device[n] = 1;
  }
  if (placement.device == nullptr) return placement;

  // Which side holds a current copy of each tensor as the run goes.
  std::vector<uint8_t> on_host(graph.tensors.size(), 1), on_device(graph.tensors.size(), 0);
  placement.before.resize(order.size());
  for (size_t step = 0; step < order.size(); ++step) {
    const planner::Node& node = graph.nodes[order[step]];
    const bool device = placement.node_on_device[order[step]];
    const uint64_t unread = shapes.nodes[order[step]].unread_inputs;
    for (const std::vector<int>* reads : {&node.inputs, &node.implicit_inputs}) {
      for (size_t k = 0; k < reads->size(); ++k) {
        const int t = (*reads)[k];
        if (t < 0) continue;
        // A device kernel that takes an input's value in Prepare (Reshape's
        // shape) needs no device copy of it.
        if (device && reads == &node.inputs && k < 64 && ((unread >> k) & 1)) continue;
        if (device) {
          const kernels::ValueInfo& v = shapes.values[t];
          RETURN_ERROR_IF(v.dynamic || !IsTensorDType(v.dtype) || v.dtype == DType::kString,
                          StatusCode::kUnsupported, node.info.Where(), ": runs on device '",
                          placement.device->name, "' but input '", graph.tensors[t].name,
                          "' is not a tensor of a shape known ahead");
        }
        if (!device) placement.read_on_host[t] = 1;
        uint8_t& there = device ? on_device[t] : on_host[t];
        if (there) continue;
        there = 1;
        if (device) placement.on_device[t] = 1;
        // Weights are copied once, when the plan is made.
        if (graph.tensors[t].kind != planner::TensorKind::kWeight) placement.before[step].push_back(TensorCopy{t, device});
      }
    }
    for (int t : node.outputs) {
      if (t < 0) continue;
      on_host[t] = !device;
      on_device[t] = device;
      if (device) placement.on_device[t] = 1;
      if (device) placement.made_on_device[t] = 1;
    }
  }
  for (int t : graph.outputs) {
    if (t >= 0 && !on_host[t]) {
      placement.at_end.push_back(TensorCopy{t, false});
      on_host[t] = 1;
    }
  }
  return placement;
}

Result<DeviceBuffer> DeviceBuffer::Allocate(const kernels::DeviceApi* api, size_t bytes) {
  DeviceBuffer buffer;
  RETURN_IF_ERROR(api->allocate(bytes, &buffer.ptr_).WithContext(
      StrCat("allocating ", bytes, " bytes on device '", api->name, "'")));
  buffer.api_ = api;
  return buffer;
}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    if (ptr_ != nullptr) api_->release(ptr_);
    api_ = other.api_;
    ptr_ = other.ptr_;
    other.ptr_ = nullptr;
  }
  return *this;
}

DeviceBuffer::~DeviceBuffer() {
  if (ptr_ != nullptr) api_->release(ptr_);
}

Result<DeviceContext> DeviceContext::Create(const kernels::DeviceApi* api) {
  DeviceContext context;
  RETURN_IF_ERROR(api->create_context(&context.context_).WithContext(
      StrCat("creating a context on device '", api->name, "'")));
  context.api_ = api;
  return context;
}

DeviceContext& DeviceContext::operator=(DeviceContext&& other) noexcept {
  if (this != &other) {
    if (context_ != nullptr) api_->destroy_context(context_);
    api_ = other.api_;
    context_ = other.context_;
    other.context_ = nullptr;
  }
  return *this;
}

DeviceContext::~DeviceContext() {
  if (context_ != nullptr) api_->destroy_context(context_);
}

}  // namespace onyx::executor
