#include "format/reader.h"

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "runtime/core/dtype.h"

namespace onyx::format {
namespace {

constexpr StatusCode kBad = StatusCode::kInvalidModel;

std::string TensorWhere(size_t g, size_t t, const fb::Tensor* tensor) {
  std::string name = tensor->name() ? tensor->name()->str() : "";
  return StrCat("graph #", g, ": tensor #", t, " '", name, "'");
}

// Product of static dims times the dtype size; false on overflow, a
// symbolic dim, or a dtype without a fixed size.
bool StaticBytes(const fb::Tensor* tensor, uint64_t* bytes) {
  uint64_t n = DTypeSize(static_cast<DType>(tensor->dtype()));
  if (n == 0 || !tensor->has_shape() || tensor->shape() == nullptr) return false;
  for (const fb::Dim* d : *tensor->shape()) {
    if (d->value() < 0) return false;
    uint64_t v = static_cast<uint64_t>(d->value());
    if (v != 0 && n > std::numeric_limits<uint64_t>::max() / v) return false;
    n *= v;
  }
  *bytes = n;
  return true;
}

Status CheckTensor(const fb::Model* model, size_t g, size_t t, const fb::Tensor* tensor,
                   uint64_t arena_size) {
  RETURN_ERROR_IF(tensor->name() == nullptr, kBad, TensorWhere(g, t, tensor), ": missing name");
  int32_t dtype = static_cast<int32_t>(tensor->dtype());
  // An intermediate of an unplanned graph has no dtype until the runtime
  // plans it, nor need a subgraph's inputs and captures declare one.
  bool may_be_undefined = dtype == 0 && (tensor->location() == fb::Location::ARENA ||
                                         (g > 0 && (tensor->location() == fb::Location::INPUT ||
                                                    tensor->location() == fb::Location::CAPTURE)));
  RETURN_ERROR_IF(!IsKnownDType(dtype) && !may_be_undefined, kBad, TensorWhere(g, t, tensor), ": unknown dtype ",
                  dtype);
  if (tensor->shape()) {
    for (const fb::Dim* d : *tensor->shape()) {
      RETURN_ERROR_IF(d->value() < -1, kBad, TensorWhere(g, t, tensor), ": invalid dimension ",
                      d->value());
    }
  }
  RETURN_ERROR_IF(static_cast<int>(tensor->value_type()) > static_cast<int>(fb::ValueType::MAX), kBad,
                  TensorWhere(g, t, tensor), ": unknown value type ", static_cast<int>(tensor->value_type()));
  uint64_t bytes = 0;
  bool is_static = StaticBytes(tensor, &bytes);
  switch (tensor->location()) {
    case fb::Location::WEIGHT: {
      uint32_t num_buffers = model->buffers() ? model->buffers()->size() : 0;
      RETURN_ERROR_IF(tensor->buffer() >= num_buffers, kBad, TensorWhere(g, t, tensor), ": weight buffer ",
                      tensor->buffer(), " out of range (file has ", num_buffers, " buffers)");
      RETURN_ERROR_IF(!is_static, kBad, TensorWhere(g, t, tensor), ": a weight needs a static shape");
      uint64_t size = model->buffers()->Get(tensor->buffer())->size();
      // Strings are stored as lengths and bytes (strings.h), checked when decoded.
      if (tensor->dtype() == fb::DataType::STRING) break;
      RETURN_ERROR_IF(size != bytes, kBad, TensorWhere(g, t, tensor), ": weight buffer holds ", size,
                      " bytes (expected ", bytes, " for its shape and dtype)");
      break;
    }
    case fb::Location::ARENA:
      // size_bytes == 0 marks a tensor the converter could not plan (its
      // shape depends on the inputs); the runtime plans it at load.
      RETURN_ERROR_IF(is_static && tensor->size_bytes() != 0 && tensor->size_bytes() != bytes, kBad,
                      TensorWhere(g, t, tensor), ": planned size ", tensor->size_bytes(), " (expected ", bytes,
                      ")");
      RETURN_ERROR_IF(tensor->arena_offset() > arena_size || tensor->size_bytes() > arena_size - tensor->arena_offset(),
                      kBad, TensorWhere(g, t, tensor), ": arena range [", tensor->arena_offset(), ", +",
                      tensor->size_bytes(), ") is outside the arena of ", arena_size, " bytes");
      break;
    case fb::Location::INPUT:
    case fb::Location::OUTPUT:
    case fb::Location::ABSENT:
    case fb::Location::CAPTURE:
      break;
    default:
      return MakeError(kBad, TensorWhere(g, t, tensor), ": unknown location ",
                       static_cast<int>(tensor->location()));
  }
  return Status::Ok();
}

// Subgraph regions name a node of the graph and lie inside the arena.
Status CheckRegions(const flatbuffers::Vector<const fb::SubgraphRegion*>* regions, uint32_t num_nodes,
                    uint64_t arena_size, const std::string& where) {
  if (regions == nullptr) return Status::Ok();
  for (uint32_t i = 0; i < regions->size(); ++i) {
    const fb::SubgraphRegion* r = regions->Get(i);
    RETURN_ERROR_IF(r->node() < 0 || static_cast<uint32_t>(r->node()) >= num_nodes, kBad, where,
                    ": subgraph region #", i, " names node #", r->node(), " (the graph has ", num_nodes, " nodes)");
    RETURN_ERROR_IF(r->offset() > arena_size || r->size() > arena_size - r->offset(), kBad, where,
                    ": subgraph region #", i, " range [", r->offset(), ", +", r->size(),
                    ") is outside the arena of ", arena_size, " bytes");
  }
  return Status::Ok();
}

// Every profile plans every tensor of the graph inside its own arena.
Status CheckProfiles(const fb::Graph* graph, const std::string& where) {
  if (graph->profiles() == nullptr) return Status::Ok();
  const uint32_t num_tensors = graph->tensors() ? graph->tensors()->size() : 0;
  const uint32_t num_inputs = graph->inputs() ? graph->inputs()->size() : 0;
  for (uint32_t k = 0; k < graph->profiles()->size(); ++k) {
    const fb::PlanProfile* p = graph->profiles()->Get(k);
    const std::string at = StrCat(where, ": profile #", k + 1);
    RETURN_ERROR_IF(p->inputs() == nullptr || p->inputs()->size() != num_inputs, kBad, at, ": has ",
                    p->inputs() ? p->inputs()->size() : 0, " input shapes (the graph has ", num_inputs, " inputs)");
    for (const fb::InputShape* shape : *p->inputs()) {
      RETURN_ERROR_IF(shape->dims() == nullptr, kBad, at, ": an input shape without dims");
      for (int64_t d : *shape->dims()) RETURN_ERROR_IF(d < 0, kBad, at, ": negative input dimension ", d);
    }
    RETURN_ERROR_IF(p->offsets() == nullptr || p->sizes() == nullptr || p->offsets()->size() != num_tensors ||
                        p->sizes()->size() != num_tensors,
                    kBad, at, ": offsets and sizes must have one entry per tensor (", num_tensors, ")");
    for (uint32_t t = 0; t < num_tensors; ++t) {
      const int64_t offset = p->offsets()->Get(t);
      const uint64_t size = p->sizes()->Get(t);
      if (offset < 0) continue;
      RETURN_ERROR_IF(static_cast<uint64_t>(offset) > p->arena_size() || size > p->arena_size() - offset, kBad, at,
                      ": tensor #", t, " range [", offset, ", +", size, ") is outside the arena of ",
                      p->arena_size(), " bytes");
    }
    RETURN_IF_ERROR(CheckRegions(p->regions(), graph->nodes() ? graph->nodes()->size() : 0, p->arena_size(), at));
  }
  return Status::Ok();
}

Status CheckIndices(const flatbuffers::Vector<int32_t>* v, int32_t min, uint32_t count,
                    const std::string& where, const char* what) {
  if (v == nullptr) return Status::Ok();
  for (uint32_t i = 0; i < v->size(); ++i) {
    int32_t x = v->Get(i);
    RETURN_ERROR_IF(x < min || x >= static_cast<int64_t>(count), kBad, where, ": ", what, " #", i, " is ",
                    x, " (expected ", min, " to ", static_cast<int64_t>(count) - 1, ")");
  }
  return Status::Ok();
}

Status CheckTensorValue(const fb::Model* model, const fb::TensorValue* value, const std::string& where) {
  RETURN_ERROR_IF(value == nullptr, kBad, where, ": tensor attribute without a value");
  RETURN_ERROR_IF(!IsKnownDType(static_cast<int32_t>(value->dtype())), kBad, where, ": unknown dtype");
  uint32_t num_buffers = model->buffers() ? model->buffers()->size() : 0;
  RETURN_ERROR_IF(value->buffer() >= num_buffers, kBad, where, ": buffer ", value->buffer(),
                  " out of range (file has ", num_buffers, " buffers)");
  uint64_t n = DTypeSize(static_cast<DType>(value->dtype()));
  if (value->dims()) {
    for (int64_t d : *value->dims()) {
      RETURN_ERROR_IF(d < 0, kBad, where, ": negative dimension ", d);
      RETURN_ERROR_IF(d != 0 && n > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d), kBad,
                      where, ": dimensions overflow");
      n *= static_cast<uint64_t>(d);
    }
  }
  uint64_t size = model->buffers()->Get(value->buffer())->size();
  if (value->dtype() == fb::DataType::STRING) return Status::Ok();  // Checked when decoded (strings.h).
  RETURN_ERROR_IF(n != size, kBad, where, ": buffer holds ", size, " bytes (expected ", n, ")");
  return Status::Ok();
}

Status CheckAttribute(const fb::Model* model, const fb::Attribute* a, const std::string& where) {
  RETURN_ERROR_IF(a->name() == nullptr, kBad, where, ": attribute without a name");
  std::string at = StrCat(where, ": attribute '", a->name()->str(), "'");
  uint32_t num_graphs = model->graphs()->size();
  switch (a->type()) {
    case fb::AttributeType::TENSOR:
      return CheckTensorValue(model, a->t(), at);
    case fb::AttributeType::TENSORS:
      if (a->tensors()) {
        for (const fb::TensorValue* v : *a->tensors()) RETURN_IF_ERROR(CheckTensorValue(model, v, at));
      }
      return Status::Ok();
    case fb::AttributeType::GRAPH:
      RETURN_ERROR_IF(a->g() < 1 || a->g() >= static_cast<int64_t>(num_graphs), kBad, at,
                      ": subgraph index ", a->g(), " out of range (file has ", num_graphs, " graphs)");
      return Status::Ok();
    case fb::AttributeType::GRAPHS:
      return CheckIndices(a->graphs(), 1, num_graphs, at, "subgraph");
    case fb::AttributeType::UNDEFINED:  // A type proto, kept by name only.
    case fb::AttributeType::FLOAT:
    case fb::AttributeType::INT:
    case fb::AttributeType::STRING:
    case fb::AttributeType::FLOATS:
    case fb::AttributeType::INTS:
    case fb::AttributeType::STRINGS:
      return Status::Ok();
    default:
      return MakeError(kBad, at, ": unknown attribute type ", static_cast<int>(a->type()));
  }
}

Status CheckGraph(const fb::Model* model, size_t g) {
  const fb::Graph* graph = model->graphs()->Get(g);
  RETURN_ERROR_IF(graph->tensors() == nullptr, kBad, "graph #", g, ": no tensor table");
  uint32_t num_tensors = graph->tensors()->size();
  for (uint32_t t = 0; t < num_tensors; ++t) {
    RETURN_IF_ERROR(CheckTensor(model, g, t, graph->tensors()->Get(t), graph->arena_size()));
  }
  std::string where = StrCat("graph #", g);
  RETURN_IF_ERROR(CheckIndices(graph->inputs(), 0, num_tensors, where, "input"));
  RETURN_IF_ERROR(CheckIndices(graph->outputs(), 0, num_tensors, where, "output"));
  RETURN_IF_ERROR(CheckIndices(graph->captures(), 0, num_tensors, where, "capture"));
  RETURN_IF_ERROR(CheckProfiles(graph, where));
  RETURN_IF_ERROR(CheckRegions(graph->regions(), graph->nodes() ? graph->nodes()->size() : 0, graph->arena_size(),
                               where));
  RETURN_ERROR_IF(g == 0 && graph->captures() && graph->captures()->size() > 0, kBad,
                  "graph #0: the main graph cannot capture values");
  uint32_t num_nodes = graph->nodes() ? graph->nodes()->size() : 0;
  for (uint32_t n = 0; n < num_nodes; ++n) {
    const fb::Node* node = graph->nodes()->Get(n);
    std::string name = node->name() ? node->name()->str() : "";
    std::string at = StrCat(where, ": node #", n, " '", name, "'");
    RETURN_ERROR_IF(node->op_type() == nullptr || node->op_type()->size() == 0, kBad, at, ": missing op type");
    RETURN_IF_ERROR(CheckIndices(node->inputs(), -1, num_tensors, at, "input"));
    RETURN_IF_ERROR(CheckIndices(node->outputs(), -1, num_tensors, at, "output"));
    RETURN_IF_ERROR(CheckIndices(node->implicit_inputs(), 0, num_tensors, at, "implicit input"));
    if (node->attributes()) {
      for (const fb::Attribute* a : *node->attributes()) RETURN_IF_ERROR(CheckAttribute(model, a, at));
    }
  }
  const auto* order = graph->execution_order();
  uint32_t order_size = order ? order->size() : 0;
  RETURN_ERROR_IF(order_size != num_nodes, kBad, where, ": execution order has ", order_size,
                  " entries (expected ", num_nodes, ")");
  std::vector<bool> seen(num_nodes, false);
  for (uint32_t i = 0; i < order_size; ++i) {
    uint32_t n = order->Get(i);
    RETURN_ERROR_IF(n >= num_nodes || seen[n], kBad, where, ": execution order entry #", i, " is ", n,
                    " (not a permutation of ", num_nodes, " nodes)");
    seen[n] = true;
  }
  return Status::Ok();
}

}  // namespace

Result<ModelView> VerifyModel(const uint8_t* data, size_t size) {
  RETURN_ERROR_IF(data == nullptr || size < 16, kBad, "file is too short to be an .onyx model (", size,
                  " bytes)");
  uint32_t flatbuffer_size = flatbuffers::ReadScalar<uint32_t>(data);
  RETURN_ERROR_IF(flatbuffer_size > size - sizeof(uint32_t), kBad, "file is truncated: header says ",
                  flatbuffer_size, " bytes of model description, only ", size - sizeof(uint32_t), " follow");
  RETURN_ERROR_IF(std::memcmp(data + 8, kFileIdentifier, 4) != 0, kBad,
                  "not an .onyx file (file identifier is not 'ONYX')");
  const uint8_t* fb_data = data + sizeof(uint32_t);
  // Read the version before the full verification, so that a newer file
  // gets the message that says so rather than a structural complaint.
  {
    flatbuffers::Verifier shallow(fb_data, flatbuffer_size, /*max_depth=*/4, /*max_tables=*/16,
                                  /*check_alignment=*/false);
    // Model inherits flatbuffers::Table privately; the version fields are
    // read through the Table view after checking just those two fields.
    const auto* root = flatbuffers::GetRoot<flatbuffers::Table>(fb_data);
    if (shallow.VerifyTableStart(reinterpret_cast<const uint8_t*>(root)) &&
        root->VerifyField<uint32_t>(shallow, fb::Model::VT_FORMAT_MAJOR, sizeof(uint32_t)) &&
        root->VerifyField<uint32_t>(shallow, fb::Model::VT_FORMAT_MINOR, sizeof(uint32_t))) {
      uint32_t major = root->GetField<uint32_t>(fb::Model::VT_FORMAT_MAJOR, 0);
      uint32_t minor = root->GetField<uint32_t>(fb::Model::VT_FORMAT_MINOR, 0);
      RETURN_ERROR_IF(major > kFormatMajor, StatusCode::kUnsupported, "file format version ", major, ".", minor,
                      " is newer than this runtime's ", kFormatMajor, ".", kFormatMinor,
                      "; convert the model with a matching onyx-convert");
    }
  }
  // Alignment inside a size-prefixed buffer counts from the prefix.
  flatbuffers::Verifier verifier(data, sizeof(uint32_t) + flatbuffer_size, /*max_depth=*/64,
                                 /*max_tables=*/1u << 26);
  RETURN_ERROR_IF(!fb::VerifySizePrefixedModelBuffer(verifier), kBad,
                  "model description failed FlatBuffers verification (corrupt or truncated file)");
  const fb::Model* model = fb::GetSizePrefixedModel(data);
  RETURN_ERROR_IF(model->format_major() == 0, kBad, "missing format version");
  RETURN_ERROR_IF(model->graphs() == nullptr || model->graphs()->size() == 0, kBad, "model has no graph");

  uint64_t start = DataSegmentStart(flatbuffer_size);
  RETURN_ERROR_IF(start > size || model->data_size() > size - start, kBad, "file is truncated: data segment of ",
                  model->data_size(), " bytes at offset ", start, " runs past the end of the ", size,
                  "-byte file");
  if (model->buffers()) {
    for (uint32_t i = 0; i < model->buffers()->size(); ++i) {
      const fb::Buffer* b = model->buffers()->Get(i);
      RETURN_ERROR_IF(b->offset() % kDataAlignment != 0, kBad, "buffer #", i, " at offset ", b->offset(),
                      " is not ", kDataAlignment, "-byte aligned");
      RETURN_ERROR_IF(b->offset() > model->data_size() || b->size() > model->data_size() - b->offset(), kBad,
                      "buffer #", i, " [", b->offset(), ", +", b->size(), ") lies outside the data segment of ",
                      model->data_size(), " bytes");
    }
  }
  for (size_t g = 0; g < model->graphs()->size(); ++g) RETURN_IF_ERROR(CheckGraph(model, g));

  ModelView view;
  view.model = model;
  view.data_segment = data + start;
  view.data_size = model->data_size();
  return view;
}

}  // namespace onyx::format
