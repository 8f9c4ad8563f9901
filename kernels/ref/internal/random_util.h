#pragma once

// What the random generators share (RandomNormal, RandomUniform, their -Like
// forms, Bernoulli, Multinomial).
//
// The generator is Philox4x32-10 (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC'11; the one TensorFlow, JAX and PyTorch's CUDA backend
// use), counter-based: element i of a run draws from the 128-bit block
// Philox(counter = {i, run}, key), so its value depends only on the key, the
// run and i, never on the order of evaluation.
//
// Key: with the 'seed' attribute, the 32 bits of the float seed and a fixed
// word; every run then uses run 0 and gives the same values. Without it, a
// key from std::random_device drawn in Prepare, and each run takes the next
// run number, so successive runs differ.
//
// Draws: a uniform double in [0, 1) takes the top 53 of 64 bits; a normal
// one comes from Box-Muller on two uniforms. Values are computed in double and
// rounded to the output type.

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/half.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

using PhiloxBlock = std::array<uint32_t, 4>;

inline PhiloxBlock Philox4x32(PhiloxBlock ctr, std::array<uint32_t, 2> key) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = static_cast<uint64_t>(kM0) * ctr[0];
    const uint64_t p1 = static_cast<uint64_t>(kM1) * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<uint32_t>(p0)};
    key[0] += kW0;
    key[1] += kW1;
  }
  return ctr;
}

// The generator of one node: its key, and the run counter of an unseeded one.
struct RandomStream {
  std::array<uint32_t, 2> key{};
  bool seeded = false;
  mutable std::atomic<uint64_t> runs{0};

  // The run number for a new Run: 0 when seeded, else the next one.
  uint64_t NextRun() const { return seeded ? 0 : runs.fetch_add(1, std::memory_order_relaxed); }

  // The 128 random bits of element `i` in run `run`.
  PhiloxBlock Bits(uint64_t i, uint64_t run) const {
    return Philox4x32({static_cast<uint32_t>(i), static_cast<uint32_t>(i >> 32),
                       static_cast<uint32_t>(run), static_cast<uint32_t>(run >> 32)},
                      key);
  }
};

// The process-wide seed of generators without a 'seed' attribute
// (SetDefaultRandomSeed, onyx.set_seed); unset until someone sets it.
inline std::atomic<bool> g_has_default_seed{false};
inline std::atomic<uint64_t> g_default_seed{0};

// Sets up `stream` from attribute 'seed' (a float), as the header describes.
// Without the attribute, a default seed set by SetDefaultRandomSeed gives a
// fixed key (runs still differ from each other, reproducibly across
// sessions); otherwise the key comes from std::random_device.
inline Status InitStream(const Attributes& attrs, RandomStream& stream) {
  const Attribute* seed = attrs.Find("seed");
  if (seed != nullptr) {
    RETURN_IF_ERROR(CheckAttrType(*seed, AttrType::kFloat));
    stream.key = {FloatBits(seed->f), 0x5EED0001u};
    stream.seeded = true;
  } else if (g_has_default_seed.load()) {
    const uint64_t s = g_default_seed.load();
    stream.key = {static_cast<uint32_t>(s), static_cast<uint32_t>(s >> 32) ^ 0x5EED0002u};
  } else {
    std::random_device device;
    stream.key = {device(), device()};
  }
  return Status::Ok();
}

// Uniform in [0, 1) from two 32-bit words.
inline double Uniform01(uint32_t hi, uint32_t lo) {
  const uint64_t bits = (static_cast<uint64_t>(hi) << 32 | lo) >> 11;
  return static_cast<double>(bits) * (1.0 / 9007199254740992.0);  // 2^-53
}

// Standard normal from the four words of one block (Box-Muller).
inline double StandardNormal(const PhiloxBlock& b) {
  const double u1 = 1.0 - Uniform01(b[0], b[1]);  // (0, 1]: log stays finite.
  const double u2 = Uniform01(b[2], b[3]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// The largest value of T below `v`.
template <typename T>
T NextBelow(T v) {
  if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>) {
    const uint16_t b = v.bits;
    if ((b & 0x7fffu) == 0) return T::FromBits(0x8001u);
    return T::FromBits(static_cast<uint16_t>((b & 0x8000u) ? b + 1 : b - 1));
  } else {
    return std::nextafter(v, -std::numeric_limits<T>::infinity());
  }
}

// Float output types of the generators: float16, float, double, and from
// opset 22 bfloat16.
inline uint64_t RandomFloatTypes(int opset) {
  uint64_t types = kFloatTypes | DTypeBit(DType::kFloat16);
  return opset >= 22 ? types | DTypeBit(DType::kBFloat16) : types;
}

// Attribute 'dtype' (default `fallback`), one of `allowed`.
inline Result<DType> DTypeAttr(const Attributes& attrs, DType fallback, uint64_t allowed) {
  ASSIGN_OR_RETURN(int64_t v, IntAttr(attrs, "dtype", static_cast<int64_t>(fallback)));
  const bool known = v >= 1 && v <= kMaxDType;
  RETURN_ERROR_IF(!known || (allowed & DTypeBit(static_cast<DType>(v))) == 0,
                  StatusCode::kInvalidModel, "attribute 'dtype' (expected one of ",
                  DTypeList(allowed), ", got ", known ? DTypeName(static_cast<DType>(v)) : "unknown",
                  " (", v, "))");
  return static_cast<DType>(v);
}

// RandomNormal(Like) and RandomUniform(Like): `a` and `b` are mean and scale,
// or low and high.
struct RandomFillState {
  RandomStream stream;
  bool normal = false;
  double a = 0, b = 1;
};

// Reads 'seed' and mean/scale (normal) or low/high (uniform) into `s`.
inline Status InitFill(const Attributes& attrs, bool normal, RandomFillState& s) {
  RETURN_IF_ERROR(InitStream(attrs, s.stream));
  s.normal = normal;
  ASSIGN_OR_RETURN(float a, FloatAttr(attrs, normal ? "mean" : "low", 0.0f));
  ASSIGN_OR_RETURN(float b, FloatAttr(attrs, normal ? "scale" : "high", 1.0f));
  s.a = a;
  s.b = b;
  RETURN_ERROR_IF(!normal && !(a <= b), StatusCode::kInvalidModel,
                  "attribute 'high' is below 'low' (expected high >= ", a, ", got ", b, ")");
  return Status::Ok();
}

// Prepare of RandomNormal and RandomUniform: no inputs; output of attribute
// 'shape' (required) and 'dtype' (default float).
inline Status PrepareFill(PrepareContext& ctx, bool normal) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(0, 0));
  RETURN_ERROR_IF(!ctx.attrs().Has("shape"), StatusCode::kInvalidModel,
                  "attribute 'shape' is missing (expected ints, got nothing)");
  ASSIGN_OR_RETURN(std::vector<int64_t> shape, IntsAttr(ctx.attrs(), "shape"));
  for (int64_t d : shape) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidModel, "attribute 'shape' has a negative extent (expected 0 or more, got ", d, ")");
  }
  ASSIGN_OR_RETURN(DType dtype, DTypeAttr(ctx.attrs(), DType::kFloat32, RandomFloatTypes(ctx.node().opset)));
  RETURN_IF_ERROR(InitFill(ctx.attrs(), normal, *ctx.EmplaceState<RandomFillState>()));
  ctx.SetOutput(0, dtype, Dims(shape.begin(), shape.end()));
  return Status::Ok();
}

// Prepare of RandomNormalLike and RandomUniformLike: the output has the
// input's shape and attribute 'dtype', by default the input's dtype, which
// then must be a float type.
inline Status PrepareFillLike(PrepareContext& ctx, bool normal) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const ValueInfo& x = ctx.input(0);
  const uint64_t allowed = RandomFloatTypes(ctx.node().opset);
  RETURN_ERROR_IF(!ctx.attrs().Has("dtype") && (allowed & DTypeBit(x.dtype)) == 0,
                  StatusCode::kInvalidArgument, "input '", x.name,
                  "' dtype without attribute 'dtype' (expected one of ", DTypeList(allowed),
                  ", got ", DTypeName(x.dtype), ")");
  ASSIGN_OR_RETURN(DType dtype, DTypeAttr(ctx.attrs(), x.dtype, allowed));
  RETURN_IF_ERROR(InitFill(ctx.attrs(), normal, *ctx.EmplaceState<RandomFillState>()));
  ctx.SetOutput(0, dtype, x.dims);
  return Status::Ok();
}

// Fills output 0 with normal(mean a, scale b) or uniform [a, b) draws. A
// uniform draw that rounds up to `high` in the output type steps down to the
// value below it, keeping the interval half-open.
inline Status RunFill(const RunContext& ctx) {
  const RandomFillState& s = ctx.state<RandomFillState>();
  const uint64_t run = s.stream.NextRun();
  return DispatchFloatOrHalf(ctx.output(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    T* y = ctx.output(0).data_as<T>();
    const int64_t n = ctx.output(0).num_elements();
    for (int64_t i = 0; i < n; ++i) {
      const PhiloxBlock bits = s.stream.Bits(static_cast<uint64_t>(i), run);
      if (s.normal) {
        y[i] = static_cast<T>(s.a + s.b * StandardNormal(bits));
        continue;
      }
      T v = static_cast<T>(s.a + (s.b - s.a) * Uniform01(bits[0], bits[1]));
      if (s.b > s.a && static_cast<double>(v) >= s.b) v = NextBelow(v);
      y[i] = v;
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
