#include "converter/writer.h"

#include "converter/passes/layout.h"
#include "format/strings.h"
#include "format/writer.h"
#include "runtime/core/value.h"

namespace onyx::converter {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// One graph to write: the main graph (planned when shapes allow) or a
// subgraph (planned by the runtime per input signature).
struct GraphJob {
  const planner::Graph* graph = nullptr;
  const std::vector<int>* order = nullptr;
  const planner::ShapeInfo* shapes = nullptr;
  const planner::MemoryPlan* memory = nullptr;
  const std::vector<planner::TensorInfo>* declared_outputs = nullptr;
  std::string name;
  const std::vector<ProfilePlan>* profiles = nullptr;
  const std::vector<std::string>* providers = nullptr;  // Per node; see WriteInput.
};

struct Writer {
  const WriteInput& in;
  FlatBufferBuilder b;
  format::DataSegment data;

  // Adds a tensor's bytes to the data segment; strings as lengths and bytes.
  uint32_t AddTensorData(const TensorView& t) {
    if (t.dtype != DType::kString) return data.Add(t.data, t.nbytes());
    std::vector<uint8_t> encoded =
        format::EncodeStrings(static_cast<const StringRef*>(t.data), static_cast<size_t>(t.num_elements()));
    return data.Add(encoded.data(), encoded.size());
  }

  Offset<fb::TensorValue> WriteTensorValue(const TensorView& t) {
    uint32_t buffer = AddTensorData(t);
    return fb::CreateTensorValueDirect(b, static_cast<fb::DataType>(t.dtype), &t.dims, buffer);
  }

  Offset<fb::Attribute> WriteAttribute(const kernels::Attribute& a) {
    auto name = b.CreateString(a.name);
    Offset<flatbuffers::Vector<uint8_t>> s;
    if (a.type == kernels::AttrType::kString) s = b.CreateVector(reinterpret_cast<const uint8_t*>(a.s.data()), a.s.size());
    auto floats = a.floats.empty() ? 0 : b.CreateVector(a.floats);
    auto ints = a.ints.empty() ? 0 : b.CreateVector(a.ints);
    auto strings = a.strings.empty() ? 0 : b.CreateVectorOfStrings(a.strings);
    Offset<fb::TensorValue> t;
    if (a.type == kernels::AttrType::kTensor) t = WriteTensorValue(a.tensor);
    std::vector<Offset<fb::TensorValue>> tensor_list;
    for (const TensorView& v : a.tensors) tensor_list.push_back(WriteTensorValue(v));
    auto tensors = tensor_list.empty() ? 0 : b.CreateVector(tensor_list);
    auto graphs = a.graphs.empty() ? 0 : b.CreateVector(a.graphs);
    fb::AttributeBuilder ab(b);
    ab.add_name(name);
    ab.add_type(static_cast<fb::AttributeType>(a.type));
    ab.add_f(a.f);
    ab.add_i(a.i);
    if (!s.IsNull()) ab.add_s(s);
    if (!floats.IsNull()) ab.add_floats(floats);
    if (!ints.IsNull()) ab.add_ints(ints);
    if (!strings.IsNull()) ab.add_strings(strings);
    if (!t.IsNull()) ab.add_t(t);
    if (!tensors.IsNull()) ab.add_tensors(tensors);
    if (a.type == kernels::AttrType::kGraph) ab.add_g(a.graph);
    if (!graphs.IsNull()) ab.add_graphs(graphs);
    return ab.Finish();
  }

  Offset<fb::Node> WriteNode(const planner::Node& node, const char* provider) {
    std::vector<Offset<fb::Attribute>> attrs;
    for (const kernels::Attribute& a : node.info.attrs.items()) attrs.push_back(WriteAttribute(a));
    std::vector<int32_t> inputs(node.inputs.begin(), node.inputs.end());
    std::vector<int32_t> outputs(node.outputs.begin(), node.outputs.end());
    std::vector<int32_t> implicit(node.implicit_inputs.begin(), node.implicit_inputs.end());
    return fb::CreateNodeDirect(b, node.info.name.c_str(), node.info.op_type.c_str(), node.info.domain.c_str(),
                                node.info.opset, &inputs, &outputs, &attrs, provider,
                                implicit.empty() ? nullptr : &implicit);
  }

  // The shape callers see: declared for inputs and outputs (symbolic names
  // kept), inferred for intermediates of a planned graph.
  void ShapeOf(const GraphJob& job, int t, bool* has_shape, Dims* dims, std::vector<std::string>* params) {
    const planner::TensorInfo& tensor = job.graph->tensors[t];
    *has_shape = tensor.has_shape;
    *dims = tensor.dims;
    *params = tensor.dim_params;
    if (tensor.kind != planner::TensorKind::kIntermediate) return;
    const std::vector<int>& outs = job.graph->outputs;
    for (size_t i = 0; job.declared_outputs && i < outs.size(); ++i) {
      if (outs[i] != t) continue;
      const planner::TensorInfo& declared = (*job.declared_outputs)[i];
      *has_shape = declared.has_shape;
      *dims = declared.dims;
      *params = declared.dim_params;
      return;
    }
    *has_shape = job.shapes != nullptr && !job.shapes->values[t].dynamic;
    *dims = *has_shape ? job.shapes->values[t].dims : Dims{};
    params->assign(dims->size(), "");
  }

  Offset<fb::Tensor> WriteTensor(const GraphJob& job, int t, passes::TensorLayout layout) {
    const planner::TensorInfo& tensor = job.graph->tensors[t];
    bool has_shape = false;
    Dims dims;
    std::vector<std::string> params;
    ShapeOf(job, t, &has_shape, &dims, &params);
    std::vector<Offset<fb::Dim>> dim_list;
    for (size_t i = 0; i < dims.size(); ++i) {
      dim_list.push_back(fb::CreateDim(b, dims[i], params[i].empty() ? 0 : b.CreateString(params[i])));
    }
    auto shape = b.CreateVector(dim_list);
    auto name = b.CreateString(tensor.name);
    DType dtype = tensor.dtype;
    // Only element types go in the file: a sequence keeps its declared one.
    if (job.shapes && job.shapes->values[t].present && IsTensorDType(job.shapes->values[t].dtype)) {
      dtype = job.shapes->values[t].dtype;
    }
    fb::Location location = fb::Location::ARENA;
    uint32_t buffer = 0;
    uint64_t size_bytes = 0, offset = 0;
    switch (tensor.kind) {
      case planner::TensorKind::kInput: location = fb::Location::INPUT; break;
      case planner::TensorKind::kAbsent: location = fb::Location::ABSENT; break;
      case planner::TensorKind::kCapture: location = fb::Location::CAPTURE; break;
      case planner::TensorKind::kWeight: {
        TensorView view{tensor.dtype, tensor.dims, const_cast<void*>(tensor.data)};
        buffer = AddTensorData(view);
        size_bytes = data.buffers()[buffer].size();
        break;
      }
      case planner::TensorKind::kIntermediate:
        if (job.shapes && job.memory && job.memory->offsets[t] >= 0) {
          const kernels::ValueInfo& v = job.shapes->values[t];
          size_bytes = static_cast<uint64_t>(NumElements(v.dims)) * DTypeSize(v.dtype);
          offset = static_cast<uint64_t>(job.memory->offsets[t]);
        }
        break;
    }
    if (tensor.kind == planner::TensorKind::kWeight) location = fb::Location::WEIGHT;
    fb::TensorBuilder tb(b);
    tb.add_name(name);
    tb.add_dtype(static_cast<fb::DataType>(dtype));
    tb.add_shape(shape);
    tb.add_has_shape(has_shape);
    tb.add_layout(static_cast<fb::Layout>(layout));
    tb.add_location(location);
    tb.add_buffer(buffer);
    tb.add_arena_offset(offset);
    tb.add_size_bytes(size_bytes);
    tb.add_value_type(static_cast<fb::ValueType>(tensor.value_type));
    return tb.Finish();
  }

  Offset<fb::Metadata> WriteMetadata() {
    const OnnxMetadata& md = in.model->metadata;
    std::vector<Offset<fb::KeyValue>> custom;
    for (const auto& kv : md.custom_metadata) custom.push_back(fb::CreateKeyValueDirect(b, kv.first.c_str(), kv.second.c_str()));
    return fb::CreateMetadataDirect(b, md.producer_name.c_str(), md.producer_version.c_str(), md.graph_name.c_str(),
                                    md.graph_description.c_str(), md.domain.c_str(), md.description.c_str(),
                                    md.version, in.model->ir_version, &custom);
  }

  Offset<fb::Graph> WriteGraph(const GraphJob& job) {
    const planner::Graph& graph = *job.graph;
    std::vector<Offset<fb::Tensor>> tensors;
    const std::vector<passes::TensorLayout> layouts = passes::TensorLayouts(graph);
    for (size_t t = 0; t < graph.tensors.size(); ++t) tensors.push_back(WriteTensor(job, static_cast<int>(t), layouts[t]));
    std::vector<Offset<fb::Node>> nodes;
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      const bool assigned = job.providers != nullptr && n < job.providers->size();
      nodes.push_back(WriteNode(graph.nodes[n], assigned ? (*job.providers)[n].c_str() : "CPUExecutionProvider"));
    }
    std::vector<int32_t> inputs(graph.inputs.begin(), graph.inputs.end());
    std::vector<int32_t> outputs(graph.outputs.begin(), graph.outputs.end());
    std::vector<int32_t> captures(graph.captures.begin(), graph.captures.end());
    std::vector<uint32_t> order(job.order->begin(), job.order->end());
    uint64_t arena = job.memory ? job.memory->arena_size : 0;
    uint64_t naive = job.memory ? job.memory->naive_size : 0;
    uint64_t lower_bound = job.memory ? job.memory->lower_bound : 0;
    const char* planner = job.memory ? job.memory->algorithm.c_str() : nullptr;
    std::vector<Offset<fb::PlanProfile>> profiles;
    if (job.profiles) {
      for (const ProfilePlan& p : *job.profiles) profiles.push_back(WriteProfile(graph, p));
    }
    std::vector<fb::SubgraphRegion> regions;
    if (job.memory) regions = Regions(*job.memory);
    return fb::CreateGraphDirect(b, job.name.c_str(), &tensors, &nodes, &inputs, &outputs, &order, arena, naive,
                                 captures.empty() ? nullptr : &captures, lower_bound, planner,
                                 profiles.empty() ? nullptr : &profiles, regions.empty() ? nullptr : &regions);
  }

  static std::vector<fb::SubgraphRegion> Regions(const planner::MemoryPlan& memory) {
    std::vector<fb::SubgraphRegion> regions;
    for (size_t r = 0; r < memory.regions.size(); ++r) {
      regions.emplace_back(memory.regions[r].node, static_cast<uint64_t>(memory.region_offsets[r]),
                           memory.regions[r].bytes);
    }
    return regions;
  }

  Offset<fb::PlanProfile> WriteProfile(const planner::Graph& graph, const ProfilePlan& p) {
    std::vector<Offset<fb::InputShape>> inputs;
    for (const Dims& dims : p.inputs) inputs.push_back(fb::CreateInputShapeDirect(b, &dims));
    std::vector<int64_t> offsets(p.memory.offsets.begin(), p.memory.offsets.end());
    std::vector<uint64_t> sizes(graph.tensors.size(), 0);
    for (size_t t = 0; t < graph.tensors.size(); ++t) {
      if (offsets[t] < 0) continue;
      const kernels::ValueInfo& v = p.shapes.values[t];
      sizes[t] = static_cast<uint64_t>(NumElements(v.dims)) * DTypeSize(v.dtype);
    }
    std::vector<fb::SubgraphRegion> regions = Regions(p.memory);
    return fb::CreatePlanProfileDirect(b, &inputs, &offsets, &sizes, p.memory.arena_size, p.memory.naive_size,
                                       p.memory.lower_bound, p.memory.algorithm.c_str(),
                                       regions.empty() ? nullptr : &regions);
  }

  std::vector<uint8_t> Write() {
    std::vector<Offset<fb::Graph>> graphs;
    GraphJob main{&in.model->graph, &in.order, in.shapes, in.memory, &in.model->declared_outputs,
                  in.model->metadata.graph_name, in.profiles, in.providers};
    graphs.push_back(WriteGraph(main));
    for (size_t k = 0; k < in.model->subgraphs.size(); ++k) {
      GraphJob sub{&in.model->subgraphs[k], &in.subgraph_orders[k], nullptr, nullptr, nullptr, "", nullptr, nullptr};
      graphs.push_back(WriteGraph(sub));
    }
    auto metadata = WriteMetadata();
    std::vector<Offset<fb::KeyValue>> options;
    for (const auto& kv : in.options) options.push_back(fb::CreateKeyValueDirect(b, kv.first.c_str(), kv.second.c_str()));
    auto conversion = fb::CreateConversionRecordDirect(b, kConverterVersion, in.source_hash.c_str(), &options);
    std::vector<Offset<fb::OpsetImport>> opsets;
    for (const auto& op : in.model->opset_imports) opsets.push_back(fb::CreateOpsetImportDirect(b, op.first.c_str(), op.second));
    auto model = fb::CreateModelDirect(b, format::kFormatMajor, format::kFormatMinor, metadata, conversion, &opsets,
                                       &graphs, &data.buffers(), data.bytes().size());
    b.FinishSizePrefixed(model, format::kFileIdentifier);
    return format::AssembleFile(b, data);
  }
};

}  // namespace

std::vector<uint8_t> WriteOnyx(const WriteInput& in) {
  Writer writer{in, FlatBufferBuilder(1 << 16), {}};
  return writer.Write();
}

}  // namespace onyx::converter
