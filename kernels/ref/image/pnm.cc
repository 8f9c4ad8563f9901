// PNM (Netpbm) read by hand: P1/P4 bitmaps (1 is black), P2/P5 graymaps and
// P3/P6 pixmaps, plain (ASCII) or raw (binary). Samples scale from 0..maxval
// to 0..255 rounding half up, (v * 255 + maxval / 2) / maxval, the identity
// for maxval 255; raw samples are two bytes, big-endian, when maxval > 255.
// A sample above maxval is an error, as are a short raster and a malformed
// header. '#' starts a comment up to the end of the line, in the header and
// (leniently, as PIL reads them) between plain samples.

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

bool IsSpace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t pos() const { return pos_; }
  void Skip(size_t n) { pos_ += n; }
  size_t left() const { return size_ - pos_; }
  const uint8_t* here() const { return data_ + pos_; }

  // Skips whitespace and comments.
  void SkipSpace() {
    while (pos_ < size_) {
      if (data_[pos_] == '#') {
        while (pos_ < size_ && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
      } else if (IsSpace(data_[pos_])) {
        ++pos_;
      } else {
        return;
      }
    }
  }

  // A decimal number after optional whitespace; `what` names it in errors.
  Result<uint32_t> Number(const char* what) {
    SkipSpace();
    RETURN_ERROR_IF(pos_ == size_, StatusCode::kInvalidArgument, "truncated data (the file ends ",
                    "before the ", what, ")");
    RETURN_ERROR_IF(data_[pos_] < '0' || data_[pos_] > '9', StatusCode::kInvalidArgument, "the ",
                    what, " at byte ", pos_, " is not a decimal number (got byte ",
                    static_cast<int>(data_[pos_]), ")");
    uint64_t v = 0;
    while (pos_ < size_ && data_[pos_] >= '0' && data_[pos_] <= '9') {
      v = v * 10 + (data_[pos_++] - '0');
      RETURN_ERROR_IF(v > 0x7fffffff, StatusCode::kInvalidArgument, "the ", what,
                      " is too large (more than 2147483647)");
    }
    return static_cast<uint32_t>(v);
  }

  // One plain-bitmap digit, which needs no whitespace after it.
  Result<uint32_t> Bit() {
    SkipSpace();
    RETURN_ERROR_IF(pos_ == size_, StatusCode::kInvalidArgument,
                    "truncated data (the bitmap ends early)");
    const uint8_t c = data_[pos_++];
    RETURN_ERROR_IF(c != '0' && c != '1', StatusCode::kInvalidArgument, "byte ", pos_ - 1,
                    " of the plain bitmap is not 0 or 1 (got ", static_cast<int>(c), ")");
    return static_cast<uint32_t>(c - '0');
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

struct PnmHeader {
  char kind = 0;  // '1' .. '6'
  int64_t width = 0, height = 0;
  uint32_t maxval = 1;
  int channels = 1;
  bool plain = false, bitmap = false;
};

Result<PnmHeader> ReadHeader(Reader& in) {
  PnmHeader h;
  h.kind = static_cast<char>(in.here()[1]);
  RETURN_ERROR_IF(h.kind == '7', StatusCode::kUnsupported,
                  "PAM (P7) files are not supported (expected P1 to P6)");
  in.Skip(2);
  RETURN_ERROR_IF(in.left() > 0 && !IsSpace(*in.here()) && *in.here() != '#',
                  StatusCode::kInvalidArgument, "the magic number P", h.kind,
                  " is not followed by whitespace");
  h.plain = h.kind <= '3';
  h.bitmap = h.kind == '1' || h.kind == '4';
  h.channels = h.kind == '3' || h.kind == '6' ? 3 : 1;
  ASSIGN_OR_RETURN(h.width, in.Number("width"));
  ASSIGN_OR_RETURN(h.height, in.Number("height"));
  if (!h.bitmap) {
    ASSIGN_OR_RETURN(h.maxval, in.Number("maxval"));
    RETURN_ERROR_IF(h.maxval < 1 || h.maxval > 65535, StatusCode::kInvalidArgument, "maxval ",
                    h.maxval, " is out of range (expected 1 to 65535)");
  }
  if (!h.plain) {
    // Exactly one whitespace byte separates the header from a raw raster.
    RETURN_ERROR_IF(in.left() == 0 || !IsSpace(*in.here()), StatusCode::kInvalidArgument,
                    "truncated data (no whitespace between the header and the raster)");
    in.Skip(1);
  }
  return h;
}

uint8_t Scale(uint32_t v, uint32_t maxval) {
  return static_cast<uint8_t>(maxval == 255 ? v : (v * 255 + maxval / 2) / maxval);
}

Status ReadPlain(Reader& in, const PnmHeader& h, RgbImage& image) {
  const int64_t samples = h.width * h.height * h.channels;
  uint8_t* out = image.pixels.get();
  for (int64_t i = 0; i < samples; ++i) {
    uint32_t v = 0;
    if (h.bitmap) {
      ASSIGN_OR_RETURN(v, in.Bit());
      v = v == 1 ? 0 : 255;
    } else {
      ASSIGN_OR_RETURN(v, in.Number("sample"));
      RETURN_ERROR_IF(v > h.maxval, StatusCode::kInvalidArgument, "sample ", i, " is ", v,
                      ", above maxval ", h.maxval);
      v = Scale(v, h.maxval);
    }
    if (h.channels == 3) {
      out[i] = static_cast<uint8_t>(v);
    } else {
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = static_cast<uint8_t>(v);
    }
  }
  return Status::Ok();
}

int64_t SampleBytes(const PnmHeader& h) { return h.maxval > 255 ? 2 : 1; }
int64_t RawRowBytes(const PnmHeader& h) {
  return h.bitmap ? (h.width + 7) / 8 : h.width * h.channels * SampleBytes(h);
}

// Before allocating: the data can hold the raster (a plain sample takes at
// least a digit and a separator, a plain bit one digit).
Status CheckRasterSize(const Reader& in, const PnmHeader& h) {
  RETURN_IF_ERROR(CheckImageSize(h.height, h.width));
  const int64_t samples = h.width * h.height * h.channels;
  const int64_t need = !h.plain ? RawRowBytes(h) * h.height : h.bitmap ? samples : 2 * samples - 1;
  RETURN_ERROR_IF(static_cast<uint64_t>(need) > in.left(), StatusCode::kInvalidArgument,
                  "truncated data (", h.width, " x ", h.height, " pixels need ",
                  h.plain ? "at least " : "", need, " bytes from byte ", in.pos(), ", got ",
                  in.left(), ")");
  return Status::Ok();
}

Status ReadRaw(Reader& in, const PnmHeader& h, RgbImage& image) {
  const int64_t sample_bytes = SampleBytes(h);
  const int64_t row_bytes = RawRowBytes(h);
  for (int64_t y = 0; y < h.height; ++y) {
    const uint8_t* row = in.here() + y * row_bytes;
    uint8_t* out = image.row(y);
    for (int64_t x = 0; x < h.width; ++x, out += 3) {
      if (h.bitmap) {
        out[0] = out[1] = out[2] = (row[x / 8] >> (7 - x % 8)) & 1 ? 0 : 255;
        continue;
      }
      for (int c = 0; c < h.channels; ++c) {
        const uint8_t* s = row + (x * h.channels + c) * sample_bytes;
        const uint32_t v = sample_bytes == 2 ? (s[0] << 8) | s[1] : s[0];
        RETURN_ERROR_IF(v > h.maxval, StatusCode::kInvalidArgument, "the sample at row ", y,
                        ", column ", x, " is ", v, ", above maxval ", h.maxval);
        out[c] = Scale(v, h.maxval);
      }
      if (h.channels == 1) out[1] = out[2] = out[0];
    }
  }
  return Status::Ok();
}

}  // namespace

Result<RgbImage> DecodePnm(const uint8_t* data, size_t size) {
  Reader in(data, size);
  ASSIGN_OR_RETURN(PnmHeader h, ReadHeader(in));
  RETURN_IF_ERROR(CheckRasterSize(in, h));
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(h.height, h.width));
  RETURN_IF_ERROR(h.plain ? ReadPlain(in, h, image) : ReadRaw(in, h, image));
  return image;
}

}  // namespace onyx::kernels::ref::image
