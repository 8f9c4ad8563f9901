#include "tools/bench/bench_inputs.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <vector>

#include "runtime/core/half.h"

namespace onyx::bench {
namespace {

// NumPy's names of the dtypes onyx can feed, little-endian.
struct NpyType {
  const char* descr;
  DType dtype;
};
constexpr NpyType kNpyTypes[] = {
    {"<f4", DType::kFloat32}, {"<f8", DType::kFloat64}, {"<f2", DType::kFloat16}, {"|i1", DType::kInt8},
    {"|u1", DType::kUInt8},   {"<i2", DType::kInt16},   {"<u2", DType::kUInt16},  {"<i4", DType::kInt32},
    {"<u4", DType::kUInt32},  {"<i8", DType::kInt64},   {"<u8", DType::kUInt64},  {"|b1", DType::kBool},
};

Result<std::string> ReadFile(const std::string& path) {
  struct stat st {};
  RETURN_ERROR_IF(::stat(path.c_str(), &st) != 0, StatusCode::kNotFound, "cannot open '", path, "'");
  RETURN_ERROR_IF(!S_ISREG(st.st_mode), StatusCode::kInvalidArgument, "'", path, "' is not a file");
  std::ifstream file(path, std::ios::binary);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot open '", path, "'");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot read '", path, "'");
  return bytes;
}

// The quoted value after 'key': in an .npy header dict.
std::string DictValue(const std::string& header, const std::string& key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) return "";
  size_t colon = header.find(':', k);
  if (colon == std::string::npos) return "";
  size_t start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos) return "";
  if (header[start] == '\'') {
    size_t end = header.find('\'', start + 1);
    return end == std::string::npos ? "" : header.substr(start + 1, end - start - 1);
  }
  if (header[start] == '(') {
    size_t end = header.find(')', start);
    return end == std::string::npos ? "" : header.substr(start, end - start + 1);
  }
  size_t end = header.find_first_of(",}", start);
  return header.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Result<Dims> ParseTuple(const std::string& tuple, const std::string& path) {
  RETURN_ERROR_IF(tuple.size() < 2 || tuple.front() != '(' || tuple.back() != ')', StatusCode::kInvalidArgument, "'",
                  path, "': the .npy header has no shape tuple");
  Dims dims;
  const std::string body = tuple.substr(1, tuple.size() - 2);
  size_t start = 0;
  while (start < body.size()) {
    size_t comma = body.find(',', start);
    if (comma == std::string::npos) comma = body.size();
    std::string item = body.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(" L") + 1);
    if (!item.empty()) {
      char* end = nullptr;
      long long v = std::strtoll(item.c_str(), &end, 10);
      RETURN_ERROR_IF(*end != '\0' || v < 0, StatusCode::kInvalidArgument, "'", path, "': bad extent '", item,
                      "' in the .npy shape ", tuple);
      dims.push_back(v);
    }
    start = comma + 1;
  }
  return dims;
}

double Uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); }

template <typename T>
void FillInts(void* data, int64_t n, std::mt19937_64& rng) {
  T* p = static_cast<T*>(data);
  for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(rng() % 100);
}

template <typename T>
void FillFloats(void* data, int64_t n, std::mt19937_64& rng) {
  T* p = static_cast<T*>(data);
  for (int64_t i = 0; i < n; ++i) p[i] = T(static_cast<float>(2.0 * Uniform01(rng) - 1.0));
}

}  // namespace

Result<Dims> ResolveShape(const IOInfo& io, const std::map<std::string, Dims>& given) {
  auto it = given.find(io.name);
  if (it == given.end()) {
    RETURN_ERROR_IF(!io.has_shape, StatusCode::kInvalidArgument, "input '", io.name,
                    "' has no declared shape: give one with --input-shape ", io.name, ":D0,D1,...");
    Dims dims = io.dims;
    for (int64_t& d : dims) d = d < 0 ? 1 : d;
    return dims;
  }
  const Dims& dims = it->second;
  if (io.has_shape) {
    RETURN_ERROR_IF(dims.size() != io.dims.size(), StatusCode::kInvalidArgument, "--input-shape ", io.name, ": rank ",
                    dims.size(), " (the model's input has rank ", io.dims.size(), ": ", DimsToString(io.dims), ")");
    for (size_t d = 0; d < dims.size(); ++d) {
      RETURN_ERROR_IF(io.dims[d] >= 0 && io.dims[d] != dims[d], StatusCode::kInvalidArgument, "--input-shape ", io.name,
                      ": dimension ", d, " is ", dims[d], " but the model fixes it to ", io.dims[d], " (",
                      DimsToString(io.dims), ")");
    }
  }
  return dims;
}

Result<HostTensor> RandomTensor(DType dtype, const Dims& dims, uint64_t seed) {
  ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(dtype, dims));
  std::mt19937_64 rng(seed);
  const int64_t n = NumElements(dims);
  switch (dtype) {
    case DType::kFloat32:
      FillFloats<float>(t.data(), n, rng);
      break;
    case DType::kFloat64:
      FillFloats<double>(t.data(), n, rng);
      break;
    case DType::kFloat16:
      FillFloats<Float16>(t.data(), n, rng);
      break;
    case DType::kBFloat16:
      FillFloats<BFloat16>(t.data(), n, rng);
      break;
    case DType::kInt8:
      FillInts<int8_t>(t.data(), n, rng);
      break;
    case DType::kUInt8:
      FillInts<uint8_t>(t.data(), n, rng);
      break;
    case DType::kInt16:
      FillInts<int16_t>(t.data(), n, rng);
      break;
    case DType::kUInt16:
      FillInts<uint16_t>(t.data(), n, rng);
      break;
    case DType::kInt32:
      FillInts<int32_t>(t.data(), n, rng);
      break;
    case DType::kUInt32:
      FillInts<uint32_t>(t.data(), n, rng);
      break;
    case DType::kInt64:
      FillInts<int64_t>(t.data(), n, rng);
      break;
    case DType::kUInt64:
      FillInts<uint64_t>(t.data(), n, rng);
      break;
    case DType::kBool: {
      uint8_t* p = static_cast<uint8_t*>(t.data());
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(rng() & 1);
      break;
    }
    default:
      return MakeError(StatusCode::kUnsupported, "no random values for tensor(", DTypeName(dtype),
                       "): give this input with --input NAME=FILE");
  }
  return t;
}

Result<HostTensor> ReadNpy(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  RETURN_ERROR_IF(bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0, StatusCode::kInvalidArgument, "'", path,
                  "' is not an .npy file (no \\x93NUMPY magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  RETURN_ERROR_IF(major < 1 || major > 3, StatusCode::kUnsupported, "'", path, "': .npy format version ", major,
                  " (expected 1 to 3)");
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    header_start = 10;
  } else {
    RETURN_ERROR_IF(bytes.size() < 12, StatusCode::kInvalidArgument, "'", path, "': truncated .npy header");
    for (int i = 3; i >= 0; --i) header_len = header_len << 8 | static_cast<unsigned char>(bytes[8 + i]);
    header_start = 12;
  }
  RETURN_ERROR_IF(header_start + header_len > bytes.size(), StatusCode::kInvalidArgument, "'", path,
                  "': truncated .npy header");
  const std::string header = bytes.substr(header_start, header_len);
  std::string descr = DictValue(header, "descr");
  if (descr.size() == 3 && descr[0] == '=') descr[0] = '<';
  if (descr == "<i1" || descr == "<u1" || descr == "<b1") descr[0] = '|';
  DType dtype = DType::kUndefined;
  for (const NpyType& t : kNpyTypes) {
    if (descr == t.descr) dtype = t.dtype;
  }
  RETURN_ERROR_IF(dtype == DType::kUndefined, StatusCode::kUnsupported, "'", path, "': .npy dtype '", descr,
                  "' is not supported (little-endian numbers and bool only)");
  RETURN_ERROR_IF(DictValue(header, "fortran_order") != "False", StatusCode::kUnsupported, "'", path,
                  "': Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
  ASSIGN_OR_RETURN(Dims dims, ParseTuple(DictValue(header, "shape"), path));
  ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(dtype, dims));
  const size_t data_start = header_start + header_len;
  RETURN_ERROR_IF(bytes.size() - data_start != t.nbytes(), StatusCode::kInvalidArgument, "'", path, "' holds ",
                  bytes.size() - data_start, " bytes of data (expected ", t.nbytes(), " for ", DTypeName(dtype), " ",
                  DimsToString(dims), ")");
  if (t.nbytes()) std::memcpy(t.data(), bytes.data() + data_start, t.nbytes());
  return t;
}

Result<HostTensor> ReadRaw(const std::string& path, DType dtype, const Dims& dims) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(dtype, dims));
  RETURN_ERROR_IF(dtype == DType::kString, StatusCode::kUnsupported, "'", path,
                  "': string inputs cannot be read from raw files");
  RETURN_ERROR_IF(bytes.size() != t.nbytes(), StatusCode::kInvalidArgument, "'", path, "' holds ", bytes.size(),
                  " bytes (expected ", t.nbytes(), " for ", DTypeName(dtype), " ", DimsToString(dims), ")");
  if (t.nbytes()) std::memcpy(t.data(), bytes.data(), t.nbytes());
  return t;
}

Status WriteNpy(const std::string& path, const TensorView& tensor) {
  const char* descr = nullptr;
  for (const NpyType& t : kNpyTypes) {
    if (t.dtype == tensor.dtype) descr = t.descr;
  }
  RETURN_ERROR_IF(descr == nullptr, StatusCode::kUnsupported, "'", path, "': tensor(", DTypeName(tensor.dtype),
                  ") has no .npy dtype");
  std::string shape = "(";
  for (size_t i = 0; i < tensor.dims.size(); ++i) shape += std::to_string(tensor.dims[i]) + ", ";
  if (tensor.dims.size() > 1) shape.resize(shape.size() - 2);
  if (tensor.dims.size() == 1) shape.resize(shape.size() - 1);
  shape += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  // NumPy pads the header with spaces so that the data starts 64-aligned, then ends it with a newline.
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot write '", path, "'");
  const char preamble[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  file.write(preamble, sizeof(preamble));
  const unsigned char len[2] = {static_cast<unsigned char>(header.size() & 0xff),
                                static_cast<unsigned char>(header.size() >> 8)};
  file.write(reinterpret_cast<const char*>(len), 2);
  file << header;
  file.write(static_cast<const char*>(tensor.data), static_cast<std::streamsize>(tensor.nbytes()));
  RETURN_ERROR_IF(!file, StatusCode::kInternal, "writing '", path, "' failed");
  return Status::Ok();
}

std::string FileNameFor(const std::string& name) {
  std::string out = name.empty() ? "output" : name;
  for (char& c : out) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  if (out[0] == '.') out[0] = '_';
  return out;
}

}  // namespace onyx::bench
