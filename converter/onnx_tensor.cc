#include "converter/onnx_tensor.h"

#include <cstring>
#include <fstream>

namespace onyx::converter {
namespace {

// Copies typed repeated fields, narrowing each element to T.
template <typename T, typename Field>
void CopyField(const Field& field, uint8_t* out) {
  T* dst = reinterpret_cast<T*>(out);
  for (int i = 0; i < field.size(); ++i) dst[i] = static_cast<T>(field.Get(i));
}

Result<std::string> ExternalPath(const onnx::TensorProto& proto, const std::string& base_dir, int64_t* offset,
                                 int64_t* length) {
  std::string location;
  *offset = 0;
  *length = -1;
  for (const onnx::StringStringEntryProto& kv : proto.external_data()) {
    if (kv.key() == "location") location = kv.value();
    if (kv.key() == "offset") *offset = std::atoll(kv.value().c_str());
    if (kv.key() == "length") *length = std::atoll(kv.value().c_str());
  }
  RETURN_ERROR_IF(location.empty(), StatusCode::kInvalidModel, "tensor '", proto.name(),
                  "': external data without a location");
  RETURN_ERROR_IF(location[0] == '/' || location.find("..") != std::string::npos, StatusCode::kInvalidModel,
                  "tensor '", proto.name(), "': external data location '", location,
                  "' must be a relative path inside the model's directory");
  return (base_dir.empty() ? std::string(".") : base_dir) + "/" + location;
}

Status ReadExternal(const onnx::TensorProto& proto, const std::string& base_dir, uint8_t* out, size_t bytes) {
  int64_t offset = 0, length = -1;
  ASSIGN_OR_RETURN(std::string path, ExternalPath(proto, base_dir, &offset, &length));
  RETURN_ERROR_IF(length >= 0 && static_cast<size_t>(length) != bytes, StatusCode::kInvalidModel, "tensor '",
                  proto.name(), "': external data length ", length, " (expected ", bytes, " for its shape)");
  std::ifstream file(path, std::ios::binary);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "tensor '", proto.name(), "': external data file '", path,
                  "' cannot be opened");
  file.seekg(offset);
  file.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(bytes));
  RETURN_ERROR_IF(!file || static_cast<size_t>(file.gcount()) != bytes, StatusCode::kInvalidModel, "tensor '",
                  proto.name(), "': external data file '", path, "' holds fewer than ", offset + bytes, " bytes");
  return Status::Ok();
}

Status DecodeTyped(const onnx::TensorProto& proto, DType dtype, int64_t count, uint8_t* out) {
  auto expect = [&](int size) -> Status {
    RETURN_ERROR_IF(size != count, StatusCode::kInvalidModel, "tensor '", proto.name(), "' holds ", size,
                    " values (expected ", count, " for its shape)");
    return Status::Ok();
  };
  switch (dtype) {
    case DType::kFloat32:
      RETURN_IF_ERROR(expect(proto.float_data_size()));
      CopyField<float>(proto.float_data(), out);
      return Status::Ok();
    case DType::kFloat64:
      RETURN_IF_ERROR(expect(proto.double_data_size()));
      CopyField<double>(proto.double_data(), out);
      return Status::Ok();
    case DType::kInt64:
      RETURN_IF_ERROR(expect(proto.int64_data_size()));
      CopyField<int64_t>(proto.int64_data(), out);
      return Status::Ok();
    case DType::kUInt32:
    case DType::kUInt64:
      RETURN_IF_ERROR(expect(proto.uint64_data_size()));
      if (dtype == DType::kUInt32) CopyField<uint32_t>(proto.uint64_data(), out);
      else CopyField<uint64_t>(proto.uint64_data(), out);
      return Status::Ok();
    case DType::kInt32: RETURN_IF_ERROR(expect(proto.int32_data_size())); CopyField<int32_t>(proto.int32_data(), out); return Status::Ok();
    case DType::kInt16: RETURN_IF_ERROR(expect(proto.int32_data_size())); CopyField<int16_t>(proto.int32_data(), out); return Status::Ok();
    case DType::kInt8: RETURN_IF_ERROR(expect(proto.int32_data_size())); CopyField<int8_t>(proto.int32_data(), out); return Status::Ok();
    case DType::kUInt16:
    case DType::kFloat16:
    case DType::kBFloat16:  // Half types travel as their 16-bit patterns in int32_data.
      RETURN_IF_ERROR(expect(proto.int32_data_size()));
      CopyField<uint16_t>(proto.int32_data(), out);
      return Status::Ok();
    case DType::kUInt8:
    case DType::kBool:
    case DType::kFloat8E4M3FN:
    case DType::kFloat8E4M3FNUZ:
    case DType::kFloat8E5M2:
    case DType::kFloat8E5M2FNUZ:
    case DType::kFloat8E8M0:
      RETURN_IF_ERROR(expect(proto.int32_data_size()));
      CopyField<uint8_t>(proto.int32_data(), out);
      return Status::Ok();
    default:
      return MakeError(StatusCode::kUnsupported, "tensor '", proto.name(), "' has dtype ", DTypeName(dtype),
                       ", which onyx cannot store yet");
  }
}

// Unpacks sub-byte elements (PackedBits) from an LSB-first bitstream into
// one byte each.
void UnpackBits(const uint8_t* packed, int bits, int64_t count, uint8_t* out) {
  const uint32_t mask = (1u << bits) - 1;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t bit = i * bits;
    uint32_t word = packed[bit / 8];
    if (bit % 8 + bits > 8) word |= static_cast<uint32_t>(packed[bit / 8 + 1]) << 8;
    out[i] = static_cast<uint8_t>((word >> (bit % 8)) & mask);
  }
}

Status DecodePacked(const onnx::TensorProto& proto, int bits, int64_t count, uint8_t* out) {
  if (proto.has_raw_data()) {
    const size_t packed_bytes = static_cast<size_t>((count * bits + 7) / 8);
    RETURN_ERROR_IF(proto.raw_data().size() != packed_bytes, StatusCode::kInvalidModel, "tensor '", proto.name(),
                    "' holds ", proto.raw_data().size(), " bytes of raw data (expected ", packed_bytes, " for ",
                    count, " packed ", bits, "-bit elements)");
    UnpackBits(reinterpret_cast<const uint8_t*>(proto.raw_data().data()), bits, count, out);
    return Status::Ok();
  }
  // int32_data: 6-bit types hold one element each; 4- and 2-bit types hold
  // as many as fit in a byte.
  const int per_entry = bits == 6 ? 1 : 8 / bits;
  const int64_t entries = (count + per_entry - 1) / per_entry;
  RETURN_ERROR_IF(proto.int32_data_size() != entries, StatusCode::kInvalidModel, "tensor '", proto.name(),
                  "' holds ", proto.int32_data_size(), " int32 entries (expected ", entries, ")");
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t entry = static_cast<uint32_t>(proto.int32_data(static_cast<int>(i / per_entry)));
    out[i] = static_cast<uint8_t>((entry >> ((i % per_entry) * bits)) & ((1u << bits) - 1));
  }
  return Status::Ok();
}

// String elements come from string_data (never raw or external data). Their
// bytes go into one buffer of `storage`; `out` receives the StringRefs.
Status DecodeStringData(const onnx::TensorProto& proto, int64_t count, uint8_t* out,
                        std::deque<AlignedBuffer>* storage) {
  RETURN_ERROR_IF(proto.data_location() == onnx::TensorProto::EXTERNAL || proto.has_raw_data(),
                  StatusCode::kInvalidModel, "string tensor '", proto.name(),
                  "' must hold its elements in string_data (not raw or external data)");
  RETURN_ERROR_IF(proto.string_data_size() != count, StatusCode::kInvalidModel, "tensor '", proto.name(), "' holds ",
                  proto.string_data_size(), " strings (expected ", count, " for shape ",
                  DimsToString(Dims(proto.dims().begin(), proto.dims().end())), ")");
  size_t total = 0;
  for (const std::string& s : proto.string_data()) total += s.size();
  ASSIGN_OR_RETURN(AlignedBuffer bytes, AlignedBuffer::Allocate(total));
  auto* refs = reinterpret_cast<StringRef*>(out);
  size_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    const std::string& s = proto.string_data(static_cast<int>(i));
    if (!s.empty()) std::memcpy(bytes.data() + offset, s.data(), s.size());
    refs[i] = StringRef{reinterpret_cast<const char*>(bytes.data() + offset), s.size()};
    offset += s.size();
  }
  storage->push_back(std::move(bytes));
  return Status::Ok();
}

}  // namespace

Result<TensorView> DecodeTensor(const onnx::TensorProto& proto, const std::string& base_dir,
                                std::deque<AlignedBuffer>* storage) {
  RETURN_ERROR_IF(!IsKnownDType(proto.data_type()), StatusCode::kUnsupported, "tensor '", proto.name(),
                  "' has unknown data type ", proto.data_type());
  TensorView view;
  view.dtype = static_cast<DType>(proto.data_type());
  RETURN_ERROR_IF(DTypeSize(view.dtype) == 0, StatusCode::kUnsupported, "tensor '", proto.name(),
                  "' has dtype ", DTypeName(view.dtype), ", which onyx cannot store yet");
  view.dims.assign(proto.dims().begin(), proto.dims().end());
  Result<int64_t> count = CheckedNumElements(view.dims);
  if (!count.ok()) return Status(StatusCode::kInvalidModel, StrCat("tensor '", proto.name(), "': ", count.status().message()));
  RETURN_ERROR_IF(count.value() > (int64_t{1} << 40), StatusCode::kOutOfMemory, "tensor '", proto.name(),
                  "' is too large (", count.value(), " elements)");
  size_t bytes = static_cast<size_t>(count.value()) * DTypeSize(view.dtype);
  ASSIGN_OR_RETURN(AlignedBuffer buffer, AlignedBuffer::Allocate(bytes));
  if (view.dtype == DType::kString) {
    RETURN_IF_ERROR(DecodeStringData(proto, count.value(), buffer.data(), storage));
  } else if (PackedBits(view.dtype) != 0) {
    RETURN_ERROR_IF(proto.data_location() == onnx::TensorProto::EXTERNAL, StatusCode::kUnsupported, "tensor '",
                    proto.name(), "': external data of packed ", DTypeName(view.dtype), " elements");
    RETURN_IF_ERROR(DecodePacked(proto, PackedBits(view.dtype), count.value(), buffer.data()));
  } else if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    RETURN_IF_ERROR(ReadExternal(proto, base_dir, buffer.data(), bytes));
  } else if (proto.has_raw_data()) {
    RETURN_ERROR_IF(proto.raw_data().size() != bytes, StatusCode::kInvalidModel, "tensor '", proto.name(),
                    "' holds ", proto.raw_data().size(), " bytes of raw data (expected ", bytes, " for shape ",
                    DimsToString(view.dims), " and dtype ", DTypeName(view.dtype), ")");
    if (bytes) std::memcpy(buffer.data(), proto.raw_data().data(), bytes);
  } else {
    RETURN_IF_ERROR(DecodeTyped(proto, view.dtype, count.value(), buffer.data()));
  }
  view.data = buffer.data();
  storage->push_back(std::move(buffer));
  return view;
}

}  // namespace onyx::converter
