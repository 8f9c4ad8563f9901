#include "runtime/executor/model_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace onyx::executor {

ModelBytes::~ModelBytes() {
  if (mapping_ != nullptr) munmap(mapping_, size_);
}

Result<std::shared_ptr<const ModelBytes>> ModelBytes::Map(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  RETURN_ERROR_IF(fd < 0, StatusCode::kNotFound, "cannot open '", path, "': ", std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return MakeError(StatusCode::kNotFound, "'", path, "' is not a regular file");
  }
  std::shared_ptr<ModelBytes> bytes(new ModelBytes());
  bytes->size_ = static_cast<size_t>(st.st_size);
  if (bytes->size_ == 0) {
    close(fd);
    return MakeError(StatusCode::kInvalidModel, "'", path, "' is empty");
  }
  void* p = mmap(nullptr, bytes->size_, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  RETURN_ERROR_IF(p == MAP_FAILED, StatusCode::kOutOfMemory, "cannot map '", path, "': ", std::strerror(errno));
  bytes->mapping_ = p;
  bytes->data_ = static_cast<const uint8_t*>(p);
  return std::shared_ptr<const ModelBytes>(std::move(bytes));
}

Result<std::shared_ptr<const ModelBytes>> ModelBytes::Copy(const void* data, size_t size) {
  std::shared_ptr<ModelBytes> bytes(new ModelBytes());
  ASSIGN_OR_RETURN(bytes->copy_, AlignedBuffer::Allocate(size));
  if (size) std::memcpy(bytes->copy_.data(), data, size);
  bytes->data_ = bytes->copy_.data();
  bytes->size_ = size;
  return std::shared_ptr<const ModelBytes>(std::move(bytes));
}

Result<std::shared_ptr<const ModelBytes>> ModelBytes::Borrow(const void* data, size_t size) {
  RETURN_ERROR_IF(reinterpret_cast<uintptr_t>(data) % 8 != 0, StatusCode::kInvalidArgument,
                  "model buffer must be 8-byte aligned to be used in place");
  std::shared_ptr<ModelBytes> bytes(new ModelBytes());
  bytes->data_ = static_cast<const uint8_t*>(data);
  bytes->size_ = size;
  return std::shared_ptr<const ModelBytes>(std::move(bytes));
}

}  // namespace onyx::executor
