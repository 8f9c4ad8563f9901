#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/bench/bench_inputs.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/bench_stats.h"
#include "tools/bench/trace_summary.h"

namespace onyx::bench {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + std::to_string(::getpid()) + "_" + name;
}

TEST(ComputeStatsTest, OddCountHandDerived) {
  LatencyStats s = ComputeStats({5, 1, 3, 2, 4});
  EXPECT_EQ(s.count, 5);
  EXPECT_DOUBLE_EQ(s.min_ms, 1);
  EXPECT_DOUBLE_EQ(s.max_ms, 5);
  EXPECT_DOUBLE_EQ(s.median_ms, 3);
  EXPECT_DOUBLE_EQ(s.mean_ms, 3);
  EXPECT_DOUBLE_EQ(s.stddev_ms, std::sqrt(2.5));  // Sample stddev: sum of squares 10 over n-1 = 4.
  EXPECT_DOUBLE_EQ(s.p90_ms, 5);                  // ceil(0.9 * 5) = 5th smallest.
  EXPECT_DOUBLE_EQ(s.total_ms, 15);
}

TEST(ComputeStatsTest, EvenCountMedianAndNearestRankPercentiles) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);
  LatencyStats s = ComputeStats(samples);
  EXPECT_DOUBLE_EQ(s.median_ms, 50.5);
  EXPECT_DOUBLE_EQ(s.p90_ms, 90);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99);
  LatencyStats one = ComputeStats({7});
  EXPECT_DOUBLE_EQ(one.p99_ms, 7);
  EXPECT_DOUBLE_EQ(one.stddev_ms, 0);
  EXPECT_EQ(ComputeStats({}).count, 0);
}

TEST(ProcStatusTest, ReadsResidentSetOfThisProcess) {
  const int64_t rss = ProcStatusKib("VmRSS");
  const int64_t hwm = ProcStatusKib("VmHWM");
  ASSERT_GT(rss, 0);
  EXPECT_GE(hwm, rss);
  EXPECT_EQ(ProcStatusKib("NoSuchField"), -1);
}

TEST(NpyTest, RoundTripKeepsDtypeShapeAndBytes) {
  HostTensor t = HostTensor::From<float>({2, 3}, {1.5f, -2, 3, 4, 5, 6.25f});
  const std::string path = TempPath("roundtrip.npy");
  ASSERT_TRUE(WriteNpy(path, t.view()).ok());
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_EQ(bytes.size() % 64, 24u);  // Header padded to 64 bytes, then 24 bytes of data.
  EXPECT_NE(bytes.find("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), std::string::npos);
  Result<HostTensor> back = ReadNpy(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->dtype(), DType::kFloat32);
  EXPECT_EQ(back->dims(), (Dims{2, 3}));
  EXPECT_EQ(back->values<float>(), t.values<float>());
  std::remove(path.c_str());
}

TEST(NpyTest, OneDimensionalScalarAndIntegerTypes) {
  const std::string path = TempPath("ids.npy");
  HostTensor ids = HostTensor::From<int64_t>({3}, {7, 0, 99});
  ASSERT_TRUE(WriteNpy(path, ids.view()).ok());
  Result<HostTensor> back = ReadNpy(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->dims(), Dims{3});
  EXPECT_EQ(back->values<int64_t>(), (std::vector<int64_t>{7, 0, 99}));
  HostTensor scalar = HostTensor::From<uint8_t>({}, {200});
  ASSERT_TRUE(WriteNpy(path, scalar.view()).ok());
  back = ReadNpy(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->dtype(), DType::kUInt8);
  EXPECT_TRUE(back->dims().empty());
  EXPECT_EQ(back->values<uint8_t>()[0], 200);
  std::remove(path.c_str());
}

TEST(NpyTest, RejectsBadMagicWrongSizeAndMissingFile) {
  const std::string path = TempPath("bad.npy");
  {
    std::ofstream f(path, std::ios::binary);
    f << "not numpy at all";
  }
  Result<HostTensor> r = ReadNpy(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("is not an .npy file"), std::string::npos);
  HostTensor t = HostTensor::From<float>({4}, {1, 2, 3, 4});
  ASSERT_TRUE(WriteNpy(path, t.view()).ok());
  {
    std::ofstream f(path, std::ios::binary | std::ios::app);
    f << "xx";  // Two bytes too many.
  }
  r = ReadNpy(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("holds 18 bytes of data (expected 16"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(ReadNpy(TempPath("missing.npy")).status().code(), StatusCode::kNotFound);
  std::remove(path.c_str());
}

TEST(RawTest, SizeMustMatchDtypeAndShape) {
  const std::string path = TempPath("x.bin");
  const float values[3] = {1, 2, 3};
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(values), sizeof(values));
  }
  Result<HostTensor> ok = ReadRaw(path, DType::kFloat32, {1, 3});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->values<float>(), (std::vector<float>{1, 2, 3}));
  Result<HostTensor> bad = ReadRaw(path, DType::kFloat32, {2, 3});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("holds 12 bytes (expected 24 for float [2,3])"), std::string::npos)
      << bad.status().message();
  std::remove(path.c_str());
}

TEST(RandomTensorTest, SeededRangesAndDeterminism) {
  Result<HostTensor> a = RandomTensor(DType::kFloat32, {1000}, 42);
  Result<HostTensor> b = RandomTensor(DType::kFloat32, {1000}, 42);
  Result<HostTensor> c = RandomTensor(DType::kFloat32, {1000}, 43);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->values<float>(), b->values<float>());
  EXPECT_NE(a->values<float>(), c->values<float>());
  float lo = 1, hi = -1;
  for (float v : a->values<float>()) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GE(lo, -1.0f);
  EXPECT_LT(hi, 1.0f);
  EXPECT_LT(lo, -0.9f);  // 1000 uniform draws reach both ends.
  EXPECT_GT(hi, 0.9f);
  Result<HostTensor> ids = RandomTensor(DType::kInt64, {2, 500}, 7);
  ASSERT_TRUE(ids.ok());
  int64_t max_id = 0;
  for (int64_t v : ids->values<int64_t>()) {
    ASSERT_GE(v, 0);
    ASSERT_LT(v, 100);
    max_id = std::max(max_id, v);
  }
  EXPECT_GT(max_id, 90);
  Result<HostTensor> strings = RandomTensor(DType::kString, {2}, 1);
  ASSERT_FALSE(strings.ok());
  EXPECT_EQ(strings.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(strings.status().message().find("--input"), std::string::npos);
}

TEST(ResolveShapeTest, SymbolicDimsDefaultToOneAndGivenShapesAreChecked) {
  IOInfo io;
  io.name = "image";
  io.dtype = DType::kFloat32;
  io.has_shape = true;
  io.dims = {-1, 3, 224, 224};
  EXPECT_EQ(ResolveShape(io, {}).value(), (Dims{1, 3, 224, 224}));
  EXPECT_EQ(ResolveShape(io, {{"image", {4, 3, 224, 224}}}).value(), (Dims{4, 3, 224, 224}));
  Result<Dims> rank = ResolveShape(io, {{"image", {4, 3, 224}}});
  ASSERT_FALSE(rank.ok());
  EXPECT_NE(rank.status().message().find("rank 3 (the model's input has rank 4"), std::string::npos);
  Result<Dims> fixed = ResolveShape(io, {{"image", {1, 1, 224, 224}}});
  ASSERT_FALSE(fixed.ok());
  EXPECT_NE(fixed.status().message().find("dimension 1 is 1 but the model fixes it to 3"), std::string::npos);
  io.has_shape = false;
  EXPECT_FALSE(ResolveShape(io, {}).ok());
}

TEST(FileNameForTest, ReplacesPathAndOddCharacters) {
  EXPECT_EQ(FileNameFor("output"), "output");
  EXPECT_EQ(FileNameFor("/layer1/Conv:0"), "_layer1_Conv_0");
  EXPECT_EQ(FileNameFor("..x"), "_.x");
}

TEST(ParseArgsTest, EveryFlag) {
  const char* argv[] = {"onyx-bench",
                        "m.onnx",
                        "--threads",
                        "2",
                        "--providers",
                        "XnnpackExecutionProvider,CPUExecutionProvider",
                        "--warmup=3",
                        "--iterations",
                        "7",
                        "--duration",
                        "1.5",
                        "--input-shape",
                        "x:1,3",
                        "--input",
                        "y=y.npy",
                        "--seed",
                        "9",
                        "--profile",
                        "--top",
                        "4",
                        "--json",
                        "--quiet",
                        "--dump-outputs",
                        "out",
                        "--save-converted",
                        "m.onyx",
                        "--optimize",
                        "basic"};
  BenchOptions o;
  bool help = true;
  Status s = ParseArgs(static_cast<int>(sizeof(argv) / sizeof(argv[0])), argv, &o, &help);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(help);
  EXPECT_EQ(o.model, "m.onnx");
  EXPECT_EQ(o.threads, 2);
  EXPECT_EQ(o.providers, (std::vector<std::string>{"XnnpackExecutionProvider", "CPUExecutionProvider"}));
  EXPECT_EQ(o.warmup, 3);
  EXPECT_EQ(o.iterations, 7);
  EXPECT_DOUBLE_EQ(o.duration_s, 1.5);
  EXPECT_EQ(o.input_shapes.at("x"), (Dims{1, 3}));
  EXPECT_EQ(o.input_files.at("y"), "y.npy");
  EXPECT_EQ(o.seed, 9u);
  EXPECT_TRUE(o.profile && o.json && o.quiet);
  EXPECT_EQ(o.top, 4);
  EXPECT_EQ(o.dump_outputs, "out");
  EXPECT_EQ(o.save_converted, "m.onyx");
  EXPECT_EQ(o.optimization_level, 1);
}

Status Parse(std::vector<const char*> args, BenchOptions* o) {
  args.insert(args.begin(), "onyx-bench");
  bool help = false;
  return ParseArgs(static_cast<int>(args.size()), args.data(), o, &help);
}

TEST(ParseArgsTest, ErrorsNameTheFlag) {
  BenchOptions o;
  Status s = Parse({"m.onyx", "--iterations", "-1"}, &o);
  EXPECT_NE(s.message().find("--iterations: '-1' is not an integer >= 0"), std::string::npos) << s.message();
  o = BenchOptions();
  s = Parse({"m.onyx", "--bogus"}, &o);
  EXPECT_NE(s.message().find("unknown option '--bogus'"), std::string::npos);
  o = BenchOptions();
  s = Parse({"m.onyx", "--threads"}, &o);
  EXPECT_NE(s.message().find("--threads needs a value"), std::string::npos);
  o = BenchOptions();
  s = Parse({"m.onyx", "--input", "noequals"}, &o);
  EXPECT_NE(s.message().find("is not NAME=FILE"), std::string::npos);
  o = BenchOptions();
  s = Parse({"m.onyx", "--duration", "0"}, &o);
  EXPECT_NE(s.message().find("--duration: '0' is not a positive number"), std::string::npos);
  o = BenchOptions();
  s = Parse({"--json"}, &o);
  EXPECT_NE(s.message().find("no model given"), std::string::npos);
  o = BenchOptions();
  s = Parse({"m.onyx", "--input-shape", "x:1,-3"}, &o);
  EXPECT_FALSE(s.ok());
}

// Three runs of a two-node model; the first is skipped as the first run.
constexpr const char* kTrace = R"([
{"cat":"Session","pid":1,"tid":1,"dur":500,"ts":0,"ph":"X","name":"session_initialization","args":{}},
{"cat":"Node","pid":1,"tid":1,"dur":9000,"ts":1000,"ph":"X","name":"conv1_kernel_time","args":{"op_name":"Conv","provider":"CPUExecutionProvider","input_type_shape":[{"float":[1,3,8,8]}],"output_type_shape":[{"float":[1,4,8,8]}]}},
{"cat":"Session","pid":1,"tid":1,"dur":10000,"ts":1000,"ph":"X","name":"model_run","args":{}},
{"cat":"Node","pid":1,"tid":1,"dur":3000,"ts":20000,"ph":"X","name":"conv1_kernel_time","args":{"op_name":"Conv","provider":"CPUExecutionProvider","input_type_shape":[{"float":[1,3,8,8]}],"output_type_shape":[{"float":[1,4,8,8]}]}},
{"cat":"Node","pid":1,"tid":1,"dur":1000,"ts":23000,"ph":"X","name":"relu_kernel_time","args":{"op_name":"Relu","provider":"XnnpackExecutionProvider","input_type_shape":[],"output_type_shape":[{"float":[1,4,8,8]}]}},
{"cat":"Session","pid":1,"tid":1,"dur":4500,"ts":20000,"ph":"X","name":"model_run","args":{}},
{"cat":"Node","pid":1,"tid":1,"dur":5000,"ts":30000,"ph":"X","name":"conv1_kernel_time","args":{"op_name":"Conv","provider":"CPUExecutionProvider","input_type_shape":[{"float":[1,3,8,8]}],"output_type_shape":[{"float":[1,4,8,8]}]}},
{"cat":"Node","pid":1,"tid":1,"dur":1000,"ts":35000,"ph":"X","name":"relu_kernel_time","args":{"op_name":"Relu","provider":"XnnpackExecutionProvider","input_type_shape":[],"output_type_shape":[{"float":[1,4,8,8]}]}},
{"cat":"Session","pid":1,"tid":1,"dur":6500,"ts":30000,"ph":"X","name":"model_run","args":{"note":"escaped \"quote\" \u0041"}}
]
)";

TEST(SummarizeTraceTest, SkipsWarmRunsAndSumsPerTypeAndNode) {
  Result<TraceSummary> r = SummarizeTrace(kTrace, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 2);
  EXPECT_DOUBLE_EQ(r->run_ms, 5.5);           // (4.5 + 6.5) / 2.
  EXPECT_DOUBLE_EQ(r->node_ms_per_run, 5.0);  // (3 + 1 + 5 + 1) / 2.
  ASSERT_EQ(r->by_op_type.size(), 2u);
  EXPECT_EQ(r->by_op_type[0].op_type, "Conv");
  EXPECT_DOUBLE_EQ(r->by_op_type[0].ms_per_run, 4.0);
  EXPECT_DOUBLE_EQ(r->by_op_type[0].percent, 80.0);
  EXPECT_EQ(r->by_op_type[1].op_type, "Relu");
  EXPECT_EQ(r->by_op_type[1].provider, "XnnpackExecutionProvider");
  EXPECT_DOUBLE_EQ(r->by_op_type[1].ms_per_run, 1.0);
  ASSERT_EQ(r->by_node.size(), 2u);
  EXPECT_EQ(r->by_node[0].name, "conv1");
  EXPECT_EQ(r->by_node[0].output_shape, "float[1,4,8,8]");
  EXPECT_DOUBLE_EQ(r->by_node[1].percent, 20.0);

  Result<TraceSummary> all = SummarizeTrace(kTrace, 0);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->runs, 3);
  EXPECT_DOUBLE_EQ(all->by_op_type[0].ms_per_run, 17.0 / 3);
  // More runs skipped than recorded: every run counts.
  EXPECT_EQ(SummarizeTrace(kTrace, 5).value().runs, 3);
}

TEST(SummarizeTraceTest, RejectsMalformedJson) {
  EXPECT_FALSE(SummarizeTrace("[{\"cat\":\"Node\",}", 0).ok());
  EXPECT_FALSE(SummarizeTrace("{\"a\":1}", 0).ok());
  EXPECT_FALSE(SummarizeTrace("[1] trailing", 0).ok());
  std::string deep(200, '[');
  Result<TraceSummary> r = SummarizeTrace(deep, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nesting too deep"), std::string::npos);
  EXPECT_EQ(SummarizeTrace("[]", 0).value().runs, 0);
}

}  // namespace
}  // namespace onyx::bench
