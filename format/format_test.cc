#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format/reader.h"
#include "format/strings.h"
#include "format/writer.h"
#include "runtime/core/arena.h"

namespace onyx::format {
namespace {

struct Options {
  uint32_t format_major = kFormatMajor;
  uint32_t weight_buffer = 0;
  uint64_t arena_offset = 0;
  int32_t node_input = 0;
  // A shape profile: its offsets/sizes (one per tensor when well formed).
  bool profile = false;
  std::vector<int64_t> profile_offsets = {-1, 0};
  std::vector<uint64_t> profile_sizes = {0, 16};
  uint64_t profile_arena = 64;
};

// A two-tensor graph: weight W (2x2 float) -> Relu -> Y (arena).
std::vector<uint8_t> BuildFile(const Options& o = {}) {
  flatbuffers::FlatBufferBuilder b;
  DataSegment data;
  float w[4] = {1, -2, 3, -4};
  data.Add(w, sizeof(w));
  auto dims = [&] {
    std::vector<flatbuffers::Offset<fb::Dim>> d = {fb::CreateDim(b, 2), fb::CreateDim(b, 2)};
    return b.CreateVector(d);
  };
  auto w_dims = dims();
  auto w_name = b.CreateString("W");
  fb::TensorBuilder tw(b);
  tw.add_name(w_name);
  tw.add_dtype(fb::DataType::FLOAT);
  tw.add_shape(w_dims);
  tw.add_location(fb::Location::WEIGHT);
  tw.add_buffer(o.weight_buffer);
  tw.add_size_bytes(16);
  auto t0 = tw.Finish();
  auto y_dims = dims();
  auto y_name = b.CreateString("Y");
  fb::TensorBuilder ty(b);
  ty.add_name(y_name);
  ty.add_dtype(fb::DataType::FLOAT);
  ty.add_shape(y_dims);
  ty.add_location(fb::Location::ARENA);
  ty.add_arena_offset(o.arena_offset);
  ty.add_size_bytes(16);
  auto t1 = ty.Finish();
  auto tensors = b.CreateVector(std::vector<flatbuffers::Offset<fb::Tensor>>{t0, t1});
  std::vector<int32_t> ins = {o.node_input}, outs = {1};
  auto n = fb::CreateNodeDirect(b, "relu", "Relu", "", 14, &ins, &outs, nullptr, "CPUExecutionProvider");
  auto nodes = b.CreateVector(std::vector<flatbuffers::Offset<fb::Node>>{n});
  std::vector<int32_t> g_out = {1};
  std::vector<uint32_t> order = {0};
  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::PlanProfile>>> profiles;
  if (o.profile) {
    std::vector<flatbuffers::Offset<fb::InputShape>> shapes;  // The graph has no inputs.
    auto p = fb::CreatePlanProfileDirect(b, &shapes, &o.profile_offsets, &o.profile_sizes, o.profile_arena, 16, 16,
                                         "greedy_by_size");
    profiles = b.CreateVector(std::vector<flatbuffers::Offset<fb::PlanProfile>>{p});
  }
  auto graph = fb::CreateGraph(b, b.CreateString("g"), tensors, nodes, b.CreateVector(std::vector<int32_t>{}),
                               b.CreateVector(g_out), b.CreateVector(order), 64, 16, 0, 16, 0, profiles);
  auto meta = fb::CreateMetadataDirect(b, "test", "1.0", "g", "a graph", "ai.test", "desc", 3, 9);
  auto buffers = b.CreateVectorOfStructs(data.buffers());
  auto graphs = b.CreateVector(std::vector<flatbuffers::Offset<fb::Graph>>{graph});
  fb::ModelBuilder mb(b);
  mb.add_format_major(o.format_major);
  mb.add_format_minor(kFormatMinor);
  mb.add_metadata(meta);
  mb.add_graphs(graphs);
  mb.add_buffers(buffers);
  mb.add_data_size(data.bytes().size());
  b.FinishSizePrefixed(mb.Finish(), kFileIdentifier);
  return AssembleFile(b, data);
}

// The verifier's contract needs 8-byte aligned input, as mmap gives.
Result<ModelView> Verify(const std::vector<uint8_t>& bytes, AlignedBuffer* storage) {
  *storage = AlignedBuffer::Allocate(bytes.size()).value();
  if (!bytes.empty()) std::memcpy(storage->data(), bytes.data(), bytes.size());
  return VerifyModel(storage->data(), bytes.size());
}

TEST(Format, RoundTrip) {
  std::vector<uint8_t> file = BuildFile();
  AlignedBuffer storage;
  auto view = Verify(file, &storage);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const fb::Model* m = view->model;
  EXPECT_EQ(m->metadata()->producer_name()->str(), "test");
  EXPECT_EQ(m->metadata()->model_version(), 3);
  const fb::Graph* g = m->graphs()->Get(0);
  EXPECT_EQ(g->tensors()->Get(0)->name()->str(), "W");
  EXPECT_EQ(g->nodes()->Get(0)->op_type()->str(), "Relu");
  const float* w = reinterpret_cast<const float*>(view->buffer_data(0));
  EXPECT_EQ(w[1], -2.0f);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(w) % kDataAlignment, 0u);
}

TEST(Format, SameInputSameBytes) { EXPECT_EQ(BuildFile(), BuildFile()); }

TEST(Format, EveryTruncationIsRejected) {
  std::vector<uint8_t> file = BuildFile();
  for (size_t n = 0; n < file.size(); ++n) {
    std::vector<uint8_t> cut(file.begin(), file.begin() + n);
    AlignedBuffer storage;
    auto view = Verify(cut, &storage);
    ASSERT_FALSE(view.ok()) << "accepted a file cut to " << n << " bytes";
    EXPECT_EQ(view.status().code(), StatusCode::kInvalidModel);
  }
}

TEST(Format, BitFlipsNeverCrash) {
  std::vector<uint8_t> file = BuildFile();
  std::mt19937 rng(42);
  int rejected = 0;
  for (size_t i = 0; i < file.size(); ++i) {
    for (int bit : {0, 3, 7}) {
      std::vector<uint8_t> bad = file;
      bad[i] ^= static_cast<uint8_t>(1u << bit);
      AlignedBuffer storage;
      auto view = Verify(bad, &storage);
      // A flip in padding or in a float weight is harmless; anything the
      // verifier accepts must be safe to walk.
      if (!view.ok()) {
        ++rejected;
        EXPECT_FALSE(view.status().message().empty());
        continue;
      }
      for (const fb::Tensor* t : *view->model->graphs()->Get(0)->tensors()) (void)t->name()->str();
    }
  }
  EXPECT_GT(rejected, 0);
}

TEST(Format, NewerMajorVersionSaysSo) {
  AlignedBuffer storage;
  Options o;
  o.format_major = kFormatMajor + 1;
  auto view = Verify(BuildFile(o), &storage);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(view.status().message().find("newer than this runtime"), std::string::npos)
      << view.status().message();
}

TEST(Format, OutOfRangeIndicesAreNamed) {
  AlignedBuffer storage;
  Options bad_buffer;
  bad_buffer.weight_buffer = 7;
  auto v1 = Verify(BuildFile(bad_buffer), &storage);
  ASSERT_FALSE(v1.ok());
  EXPECT_NE(v1.status().message().find("tensor #0 'W': weight buffer 7 out of range"), std::string::npos)
      << v1.status().message();

  Options bad_offset;
  bad_offset.arena_offset = 60;
  auto v2 = Verify(BuildFile(bad_offset), &storage);
  ASSERT_FALSE(v2.ok());
  EXPECT_NE(v2.status().message().find("outside the arena"), std::string::npos) << v2.status().message();

  Options bad_input;
  bad_input.node_input = 5;
  auto v3 = Verify(BuildFile(bad_input), &storage);
  ASSERT_FALSE(v3.ok());
  EXPECT_NE(v3.status().message().find("node #0 'relu': input #0 is 5"), std::string::npos)
      << v3.status().message();
}

TEST(Format, NotAnOnyxFile) {
  std::vector<uint8_t> junk(100, 'x');
  AlignedBuffer storage;
  auto view = Verify(junk, &storage);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.status().code(), StatusCode::kInvalidModel);
}

TEST(Format, StringsRoundTripAndEveryTruncationIsRejected) {
  const std::string a = "hello", b = "", c = std::string("x\0y", 3);
  const StringRef in[3] = {{a.data(), a.size()}, {b.data(), b.size()}, {c.data(), c.size()}};
  std::vector<uint8_t> bytes = EncodeStrings(in, 3);
  EXPECT_EQ(bytes.size(), 3 * sizeof(uint64_t) + 8);
  StringRef out[3];
  ASSERT_TRUE(DecodeStrings(bytes.data(), bytes.size(), 3, out, "w").ok());
  EXPECT_EQ(out[0].view(), a);
  EXPECT_EQ(out[1].view(), b);
  EXPECT_EQ(out[2].view(), c);
  for (size_t size = 0; size < bytes.size(); ++size) {
    Status status = DecodeStrings(bytes.data(), size, 3, out, "weight 'w'");
    EXPECT_EQ(status.code(), StatusCode::kInvalidModel) << size;
    EXPECT_NE(status.message().find("weight 'w'"), std::string::npos);
  }
  bytes.push_back(0);  // A byte after the last string.
  EXPECT_EQ(DecodeStrings(bytes.data(), bytes.size(), 3, out, "w").code(), StatusCode::kInvalidModel);
  uint64_t huge = ~uint64_t{0};  // A length that would run far past the end.
  std::memcpy(bytes.data(), &huge, sizeof(huge));
  EXPECT_EQ(DecodeStrings(bytes.data(), bytes.size() - 1, 3, out, "w").code(), StatusCode::kInvalidModel);
}

TEST(Format, ShapeProfilesAreCheckedLikeThePlan) {
  AlignedBuffer storage;
  Options good;
  good.profile = true;
  auto ok = Verify(BuildFile(good), &storage);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok.value().model->graphs()->Get(0)->profiles()->size(), 1u);

  Options outside = good;
  outside.profile_offsets = {-1, 56};
  auto v1 = Verify(BuildFile(outside), &storage);
  EXPECT_NE(v1.status().message().find("profile #1: tensor #1 range [56, +16) is outside the arena of 64"),
            std::string::npos)
      << v1.status().ToString();
  Options short_list = good;
  short_list.profile_sizes = {0};
  auto v2 = Verify(BuildFile(short_list), &storage);
  EXPECT_NE(v2.status().message().find("one entry per tensor"), std::string::npos) << v2.status().ToString();
}

}  // namespace
}  // namespace onyx::format
