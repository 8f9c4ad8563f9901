#include "runtime/executor/loaded_model.h"

#include "format/strings.h"

namespace onyx::executor {
namespace {

// Subgraph regions (checked by the verifier) in file order.
void ReadRegions(const flatbuffers::Vector<const fb::SubgraphRegion*>* regions, FilePlan* plan) {
  if (regions == nullptr) return;
  for (const fb::SubgraphRegion* r : *regions) {
    plan->regions.push_back(planner::StepRegion{r->node(), r->size()});
    plan->region_offsets.push_back(static_cast<int64_t>(r->offset()));
  }
}

std::string Str(const flatbuffers::String* s) { return s ? s->str() : std::string(); }

TensorView ToView(const format::ModelView& view, const fb::TensorValue* value) {
  TensorView t;
  t.dtype = static_cast<DType>(value->dtype());
  if (value->dims()) t.dims.assign(value->dims()->begin(), value->dims()->end());
  t.data = const_cast<uint8_t*>(view.buffer_data(value->buffer()));
  return t;
}

kernels::Attribute ToAttribute(const format::ModelView& view, const fb::Attribute* a) {
  kernels::Attribute out;
  out.name = Str(a->name());
  out.type = static_cast<kernels::AttrType>(a->type());
  out.f = a->f();
  out.i = a->i();
  if (a->s()) out.s.assign(a->s()->begin(), a->s()->end());
  if (a->floats()) out.floats.assign(a->floats()->begin(), a->floats()->end());
  if (a->ints()) out.ints.assign(a->ints()->begin(), a->ints()->end());
  if (a->strings()) {
    for (const flatbuffers::String* s : *a->strings()) out.strings.push_back(s->str());
  }
  if (a->t()) out.tensor = ToView(view, a->t());
  if (a->tensors()) {
    for (const fb::TensorValue* v : *a->tensors()) out.tensors.push_back(ToView(view, v));
  }
  out.graph = a->g();
  if (a->graphs()) out.graphs.assign(a->graphs()->begin(), a->graphs()->end());
  return out;
}

planner::TensorInfo ToTensor(const format::ModelView& view, const fb::Tensor* t) {
  planner::TensorInfo info;
  info.name = Str(t->name());
  info.dtype = static_cast<DType>(t->dtype());
  info.has_shape = t->has_shape();
  info.value_type = static_cast<planner::ValueType>(t->value_type());
  if (t->shape()) {
    for (const fb::Dim* d : *t->shape()) {
      info.dims.push_back(d->value());
      info.dim_params.push_back(Str(d->param()));
    }
  }
  switch (t->location()) {
    case fb::Location::INPUT: info.kind = planner::TensorKind::kInput; break;
    case fb::Location::WEIGHT:
      info.kind = planner::TensorKind::kWeight;
      info.data = view.buffer_data(t->buffer());
      break;
    case fb::Location::ABSENT: info.kind = planner::TensorKind::kAbsent; break;
    case fb::Location::CAPTURE: info.kind = planner::TensorKind::kCapture; break;
    default: info.kind = planner::TensorKind::kIntermediate; break;
  }
  return info;
}

}  // namespace

Result<std::shared_ptr<const LoadedModel>> LoadedModel::Load(std::shared_ptr<const ModelBytes> bytes) {
  std::shared_ptr<LoadedModel> model(new LoadedModel());
  model->bytes_ = std::move(bytes);
  ASSIGN_OR_RETURN(model->view_, format::VerifyModel(model->bytes_->data(), model->bytes_->size()));
  RETURN_IF_ERROR(model->Build());
  return std::shared_ptr<const LoadedModel>(std::move(model));
}

Status LoadedModel::Build() {
  const fb::Model* m = view_.model;
  if (const fb::Metadata* md = m->metadata()) {
    metadata_.producer_name = Str(md->producer_name());
    metadata_.producer_version = Str(md->producer_version());
    metadata_.graph_name = Str(md->graph_name());
    metadata_.graph_description = Str(md->graph_description());
    metadata_.domain = Str(md->domain());
    metadata_.description = Str(md->description());
    metadata_.version = md->model_version();
    if (md->custom_metadata()) {
      for (const fb::KeyValue* kv : *md->custom_metadata()) {
        metadata_.custom_metadata.emplace_back(Str(kv->key()), Str(kv->value()));
      }
    }
  }
  if (const fb::ConversionRecord* c = m->conversion()) {
    metadata_.converter_version = Str(c->converter_version());
    metadata_.source_hash = Str(c->source_hash());
  }
  graphs_.resize(m->graphs()->size());
  orders_.resize(m->graphs()->size());
  for (int g = 0; g < num_graphs(); ++g) {
    Status status = BuildGraph(g);
    if (!status.ok()) return g == 0 ? status : status.WithContext(StrCat("subgraph #", g));
  }
  const fb::Graph* main = m->graphs()->Get(0);
  FilePlan& first = file_plans_.emplace_back();
  for (const fb::Tensor* t : *main->tensors()) {
    bool planned = t->location() == fb::Location::ARENA && t->has_shape();
    first.offsets.push_back(planned ? static_cast<int64_t>(t->arena_offset()) : -1);
    first.sizes.push_back(t->size_bytes());
  }
  first.arena_size = main->arena_size();
  first.naive_size = main->naive_size();
  first.lower_bound = main->lower_bound();
  first.planner = Str(main->planner());
  ReadRegions(main->regions(), &first);
  if (main->profiles()) {
    for (const fb::PlanProfile* p : *main->profiles()) {  // Sizes checked by the verifier.
      FilePlan plan;
      for (const fb::InputShape* shape : *p->inputs()) plan.inputs.emplace_back(shape->dims()->begin(), shape->dims()->end());
      plan.offsets.assign(p->offsets()->begin(), p->offsets()->end());
      plan.sizes.assign(p->sizes()->begin(), p->sizes()->end());
      plan.arena_size = p->arena_size();
      plan.naive_size = p->naive_size();
      plan.lower_bound = p->lower_bound();
      plan.planner = Str(p->planner());
      ReadRegions(p->regions(), &plan);
      file_plans_.push_back(std::move(plan));
    }
  }
  return Status::Ok();
}

Status LoadedModel::BuildGraph(int index) {
  const fb::Graph* g = view_.model->graphs()->Get(index);
  planner::Graph& graph = graphs_[index];
  for (const fb::Tensor* t : *g->tensors()) {
    graph.tensors.push_back(ToTensor(view_, t));
    planner::TensorInfo& info = graph.tensors.back();
    if (info.kind == planner::TensorKind::kWeight && info.dtype == DType::kString) {
      void* data = nullptr;
      RETURN_IF_ERROR(DecodeStringTensor(t->buffer(), NumElements(info.dims), &data, "weight '" + info.name + "'"));
      info.data = data;
    }
  }
  if (g->inputs()) graph.inputs.assign(g->inputs()->begin(), g->inputs()->end());
  if (g->outputs()) graph.outputs.assign(g->outputs()->begin(), g->outputs()->end());
  if (g->captures()) graph.captures.assign(g->captures()->begin(), g->captures()->end());
  for (int t : graph.outputs) graph.tensors[t].is_graph_output = true;
  for (int t : graph.inputs) {
    RETURN_ERROR_IF(graph.tensors[t].kind != planner::TensorKind::kInput, StatusCode::kInvalidModel,
                    "graph input '", graph.tensors[t].name, "' is not marked as an input");
  }
  for (int t : graph.captures) {
    RETURN_ERROR_IF(graph.tensors[t].kind != planner::TensorKind::kCapture, StatusCode::kInvalidModel,
                    "capture '", graph.tensors[t].name, "' is not marked as a capture");
  }
  if (g->nodes()) {
    for (uint32_t n = 0; n < g->nodes()->size(); ++n) {
      const fb::Node* fn = g->nodes()->Get(n);
      planner::Node node;
      node.info.name = Str(fn->name());
      node.info.op_type = Str(fn->op_type());
      node.info.domain = Str(fn->domain());
      node.info.opset = fn->opset();
      node.info.index = static_cast<int>(n);
      if (fn->inputs()) node.inputs.assign(fn->inputs()->begin(), fn->inputs()->end());
      if (fn->outputs()) node.outputs.assign(fn->outputs()->begin(), fn->outputs()->end());
      if (fn->implicit_inputs()) node.implicit_inputs.assign(fn->implicit_inputs()->begin(), fn->implicit_inputs()->end());
      if (fn->attributes()) {
        for (const fb::Attribute* a : *fn->attributes()) {
          kernels::Attribute attr = ToAttribute(view_, a);
          std::string where = node.info.Where() + ": attribute '" + attr.name + "'";
          if (a->t() && attr.tensor.dtype == DType::kString) {
            RETURN_IF_ERROR(DecodeStringTensor(a->t()->buffer(), attr.tensor.num_elements(), &attr.tensor.data, where));
          }
          for (size_t k = 0; a->tensors() && k < attr.tensors.size(); ++k) {
            if (attr.tensors[k].dtype != DType::kString) continue;
            RETURN_IF_ERROR(DecodeStringTensor(a->tensors()->Get(k)->buffer(), attr.tensors[k].num_elements(),
                                               &attr.tensors[k].data, where));
          }
          node.info.attrs.Add(std::move(attr));
        }
      }
      graph.nodes.push_back(std::move(node));
    }
  }
  orders_[index].assign(g->execution_order()->begin(), g->execution_order()->end());
  // The file's order must respect data dependencies: a hostile file could
  // otherwise make a node read a tensor before it is written.
  std::vector<bool> written(graph.tensors.size(), false);
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    written[t] = graph.tensors[t].kind != planner::TensorKind::kIntermediate;
  }
  for (int n : orders_[index]) {
    const planner::Node& node = graph.nodes[n];
    std::vector<int> reads = node.inputs;
    reads.insert(reads.end(), node.implicit_inputs.begin(), node.implicit_inputs.end());
    for (int t : reads) {
      RETURN_ERROR_IF(t >= 0 && !written[t], StatusCode::kInvalidModel, node.info.Where(), ": reads '",
                      graph.tensors[t].name, "' before any node writes it");
    }
    for (int t : node.outputs) {
      if (t < 0) continue;
      RETURN_ERROR_IF(graph.tensors[t].kind != planner::TensorKind::kIntermediate || written[t],
                      StatusCode::kInvalidModel, node.info.Where(), ": writes '", graph.tensors[t].name,
                      "', which is an input, a weight, or another node's output");
      written[t] = true;
    }
  }
  return Status::Ok();
}

Status LoadedModel::DecodeStringTensor(uint32_t buffer, int64_t count, void** data, const std::string& where) {
  const uint64_t size = view_.model->buffers()->Get(buffer)->size();
  // Each string takes at least its 8-byte length: a hostile count cannot
  // make us allocate more than the file holds.
  RETURN_ERROR_IF(count < 0 || static_cast<uint64_t>(count) > size / sizeof(uint64_t), StatusCode::kInvalidModel,
                  where, ": ", size, " bytes cannot hold ", count, " strings");
  std::vector<StringRef>& elements = string_elements_.emplace_back(static_cast<size_t>(count));
  RETURN_IF_ERROR(format::DecodeStrings(view_.buffer_data(buffer), size, elements.size(), elements.data(), where));
  *data = elements.data();
  return Status::Ok();
}

}  // namespace onyx::executor
