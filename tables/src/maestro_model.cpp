#include <coscan/costmodel/error.hpp>
#include <coscan/tables/maestro_model.hpp>

#include "text_input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace coscan::tables {
namespace {

struct Token {
  std::string text;
  std::size_t line = 0;
};

bool is_punct(char c) { return c == '{' || c == '}' || c == ':' || c == ',' || c == ';'; }

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n')
        ++i;
    } else if (is_punct(c)) {
      tokens.push_back({std::string(1, c), line});
      ++i;
    } else {
      const std::size_t start = i;
      while (i < text.size() && !is_punct(text[i]) && text[i] != ' ' && text[i] != '\t' &&
             text[i] != '\r' && text[i] != '\n' &&
             !(text[i] == '/' && i + 1 < text.size() && text[i + 1] == '/'))
        ++i;
      tokens.push_back({std::string(text.substr(start, i - start)), line});
    }
  }
  return tokens;
}

class Parser {
public:
  Parser(std::string_view text, const std::filesystem::path &origin)
      : origin_(origin), tokens_(tokenize(text)) {}

  std::vector<NamedLayer> parse() {
    std::vector<NamedLayer> layers;
    if (tokens_.empty())
      throw InputError(fmt::format("{}:1: no Network in the file", origin_.string()));
    while (pos_ < tokens_.size()) {
      expect("Network");
      const std::string network = word("a network name");
      expect("{");
      while (!accept("}")) {
        expect("Layer");
        layers.push_back(layer(network));
      }
    }
    return layers;
  }

private:
  [[noreturn]] void fail(std::size_t line, const std::string &reason) const {
    throw InputError(fmt::format("{}:{}: {}", origin_.string(), line, reason));
  }
  std::size_t line() const {
    return pos_ < tokens_.size() ? tokens_[pos_].line : (tokens_.empty() ? 1 : tokens_.back().line);
  }
  bool accept(std::string_view text) {
    if (pos_ < tokens_.size() && tokens_[pos_].text == text) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(std::string_view text) {
    if (pos_ >= tokens_.size())
      fail(line(), fmt::format("expected '{}', found the end of the file", text));
    if (!accept(text))
      fail(line(), fmt::format("expected '{}', found '{}'", text, tokens_[pos_].text));
  }
  std::string word(std::string_view what) {
    if (pos_ >= tokens_.size())
      fail(line(), fmt::format("expected {}, found the end of the file", what));
    if (is_punct(tokens_[pos_].text[0]))
      fail(line(), fmt::format("expected {}, found '{}'", what, tokens_[pos_].text));
    return tokens_[pos_++].text;
  }

  /// `{ KEY: value, ... }` with keys among `known`; repeats are errors.
  std::map<std::string, std::int64_t> block(std::string_view what,
                                            std::initializer_list<std::string_view> known) {
    std::map<std::string, std::int64_t> values;
    expect("{");
    do {
      const std::size_t at = line();
      const std::string key = word(fmt::format("a {} key", what));
      if (std::find(known.begin(), known.end(), key) == known.end())
        fail(at, fmt::format("unknown {} key '{}' (known: {})", what, key, fmt::join(known, ", ")));
      expect(":");
      const std::string value = word(fmt::format("a value of {}", key));
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (error != std::errc() || end != value.data() + value.size() || number < 1)
        fail(at, fmt::format("{} {}: '{}' is not a positive integer", what, key, value));
      if (!values.emplace(key, number).second)
        fail(at, fmt::format("{} {} is given twice", what, key));
    } while (accept(","));
    expect("}");
    return values;
  }

  NamedLayer layer(const std::string &network) {
    NamedLayer out;
    out.network = network;
    out.line = line();
    out.name = word("a layer name");
    expect("{");
    std::optional<std::map<std::string, std::int64_t>> stride, dims;
    while (!accept("}")) {
      const std::size_t at = line();
      const std::string key = word("Type, Stride, Dimensions or '}'");
      if (key == "Type") {
        if (!out.maestro_type.empty())
          fail(at, "Type is given twice");
        expect(":");
        out.maestro_type = word("a layer type");
        accept(";");
      } else if (key == "Stride") {
        if (stride)
          fail(at, "Stride is given twice");
        stride = block("Stride", {"X", "Y"});
      } else if (key == "Dimensions") {
        if (dims)
          fail(at, "Dimensions is given twice");
        dims = block("Dimensions", {"N", "K", "C", "R", "S", "Y", "X", "G"});
      } else {
        fail(at, fmt::format("unknown key '{}' in layer '{}' (known: Type, Stride, Dimensions)",
                             key, out.name));
      }
    }
    if (out.maestro_type.empty())
      fail(out.line, fmt::format("layer '{}' has no Type", out.name));
    if (!dims)
      fail(out.line, fmt::format("layer '{}' has no Dimensions", out.name));
    for (const char *key : {"K", "C", "R", "S", "Y", "X"})
      if (!dims->count(key))
        fail(out.line, fmt::format("layer '{}': Dimensions lacks {}", out.name, key));
    const auto value = [](const std::map<std::string, std::int64_t> &m, const char *key) {
      const auto it = m.find(key);
      return it == m.end() ? std::int64_t{1} : it->second;
    };
    std::int64_t step = 1;
    if (stride) {
      step = value(*stride, "X");
      if (value(*stride, "Y") != step)
        fail(out.line, fmt::format("layer '{}': Stride X {} and Y {} differ; coscan's layers "
                                   "have one stride",
                                   out.name, step, value(*stride, "Y")));
    }
    const MaestroDims d{out.maestro_type,  value(*dims, "N"),
                        value(*dims, "K"), value(*dims, "C"),
                        value(*dims, "R"), value(*dims, "S"),
                        value(*dims, "Y"), value(*dims, "X"),
                        value(*dims, "G"), step};
    out.shape = maestro_shape(d, [&](std::string_view field, const std::string &reason) {
      fail(out.line, fmt::format("layer '{}' {}: {}", out.name, field, reason));
    });
    return out;
  }

  const std::filesystem::path &origin_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

} // namespace

std::vector<NamedLayer> parse_maestro_model(std::string_view text,
                                            const std::filesystem::path &origin) {
  detail::reject_nul(text, origin, "MAESTRO model file");
  return Parser(text, origin).parse();
}

std::vector<NamedLayer> read_maestro_model(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(fmt::format("{}: cannot read the file", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  return parse_maestro_model(text.str(), file);
}

} // namespace coscan::tables
