#include "registry/document.hpp"

#include <yaml.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_set>
#include <vector>

#include "core/errors.hpp"
#include "core/printable.hpp"

namespace mlsysim::registry {

using json = nlohmann::ordered_json;

namespace {

size_t line_of(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Builds the tree from open/close/value events: containers on a stack, keys
// appended without a linear search (a file of 100,000 entries stays linear),
// duplicates found with a set per open mapping.
class TreeBuilder {
 public:
  explicit TreeBuilder(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& problem, size_t line = 0) const {
    std::string where = line ? " at line " + std::to_string(line) : "";
    std::string path = path_text();
    throw InputError("registry file " + in_quotes(origin_, 200) + where + (path.empty() ? "" : " (in " + path + ")") +
                     ": " + problem);
  }

  // The next mapping key (only when the innermost container is a mapping).
  void key(std::string k, size_t line) {
    Frame& f = frames_.back();
    if (!f.keys.insert(k).second) fail("duplicate key " + in_quotes(k), line);
    f.pending_key = std::move(k);
    f.has_key = true;
  }

  bool expecting_key() const { return !frames_.empty() && frames_.back().node->is_object() && !frames_.back().has_key; }

  // A finished value in the current position; returns where it was stored.
  json* value(json v, size_t line) {
    if (frames_.empty()) {
      if (root_set_) fail("more than one top-level value", line);
      root_ = std::move(v);
      root_set_ = true;
      return &root_;
    }
    Frame& f = frames_.back();
    if (f.node->is_array()) {
      f.node->push_back(std::move(v));
      return &f.node->back();
    }
    auto& items = static_cast<std::vector<std::pair<const std::string, json>>&>(f.node->get_ref<json::object_t&>());
    items.emplace_back(std::move(f.pending_key), std::move(v));
    f.has_key = false;
    return &items.back().second;
  }

  void open(json container, size_t line) {
    if (frames_.size() >= kMaxNesting) fail("nested deeper than " + std::to_string(kMaxNesting) + " levels", line);
    json* at = value(std::move(container), line);
    frames_.push_back(Frame{at, {}, {}, false, path_key()});
  }

  json* close() {
    json* node = frames_.back().node;
    frames_.pop_back();
    return node;
  }

  json take() { return std::move(root_); }
  bool done() const { return root_set_ && frames_.empty(); }

 private:
  struct Frame {
    json* node;
    std::unordered_set<std::string> keys;
    std::string pending_key;
    bool has_key;
    std::string name;  // how this container is reached from its parent
  };

  std::string path_key() const {
    if (frames_.empty()) return "";
    const Frame& f = frames_.back();
    if (f.node->is_array()) return "[" + std::to_string(f.node->size() - 1) + "]";
    return f.node->get_ref<const json::object_t&>().empty() ? "" : f.node->get_ref<const json::object_t&>().back().first;
  }

  std::string path_text() const {
    std::string out;
    for (size_t i = 1; i < frames_.size(); ++i) {
      const std::string& n = frames_[i].name;
      if (!out.empty() && !n.starts_with("[")) out += '.';
      out += printable(n, 48);
    }
    if (!frames_.empty() && frames_.back().has_key) {
      if (!out.empty()) out += '.';
      out += printable(frames_.back().pending_key, 48);
    }
    return out.empty() ? "" : "'" + out + "'";
  }

  std::string origin_;
  std::vector<Frame> frames_;
  json root_;
  bool root_set_ = false;
};

// ------------------------------------------------------------------------- JSON

class JsonReader : public nlohmann::json_sax<json> {
 public:
  JsonReader(std::string_view text, const std::string& origin) : text_(text), tree_(origin) {}

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override { return put(v); }
  bool number_unsigned(number_unsigned_t v) override { return put(v); }
  bool number_float(number_float_t v, const string_t&) override { return put(v); }
  bool string(string_t& v) override { return put(std::move(v)); }
  bool binary(binary_t&) override { return put(nullptr); }
  bool start_object(std::size_t) override {
    tree_.open(json::object(), 0);
    return true;
  }
  bool key(string_t& k) override {
    tree_.key(std::move(k), 0);
    return true;
  }
  bool end_object() override {
    tree_.close();
    return true;
  }
  bool start_array(std::size_t) override {
    tree_.open(json::array(), 0);
    return true;
  }
  bool end_array() override {
    tree_.close();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& ex) override {
    const size_t line = line_of(text_, position == 0 ? 0 : position - 1);
    if (ex.id == 406)  // out_of_range.406: a number that does not fit a double (1e400)
      tree_.fail("the number " + in_quotes(token) + " is too large for a double", line);
    std::string what = ex.what();
    const size_t cut = what.find("syntax error");
    tree_.fail("malformed JSON: " + printable(cut == std::string::npos ? what : what.substr(cut), 200), line);
  }

  json take() { return tree_.take(); }

 private:
  template <typename V>
  bool put(V&& v) {
    tree_.value(json(std::forward<V>(v)), 0);
    return true;
  }
  std::string_view text_;
  TreeBuilder tree_;
};

// ------------------------------------------------------------------------- YAML

// A YAML plain scalar as JSON: true/false, null, numbers (the core schema);
// quoted scalars stay text.
json yaml_scalar(const std::string& tag, const std::string& s, const TreeBuilder& tree, size_t line) {
  if (tag == "!") return s;  // quoted
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "~") return nullptr;
  const char* begin = s.data() + (s.starts_with('+') ? 1 : 0);
  const char* end = s.data() + s.size();
  double v = 0;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ptr == end && begin != end) {
    if (ec == std::errc::result_out_of_range) {
      // from_chars leaves v alone here; strtod says which way it went out of range.
      const double x = std::strtod(s.c_str(), nullptr);
      if (std::isinf(x)) tree.fail("the number " + in_quotes(s) + " is too large for a double", line);
      return x;  // an underflow: zero or a denormal, harmless
    }
    if (ec == std::errc() && std::isfinite(v)) return v;
  }
  return s;
}

size_t count_nodes(const json& j) {
  size_t n = 1;
  if (j.is_structured())
    for (const auto& item : j) n += count_nodes(item);
  return n;
}

// libyaml's event parser (the C library behind PyYAML): events, not a node
// graph, so aliases are expanded here, within a budget, and an alias to the
// node that contains it is caught before anything recurses.
class YamlReader {
 public:
  YamlReader(std::string_view text, const std::string& origin, size_t budget) : tree_(origin), budget_(budget) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~YamlReader() { yaml_parser_delete(&parser_); }
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;

  json read() {
    int documents = 0;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) {
        const size_t line = parser_.problem_mark.line + 1;
        const std::string problem = parser_.problem ? parser_.problem : "unreadable";
        const std::string context = parser_.context ? std::string(" ") + parser_.context : "";
        tree_.fail("malformed YAML: " + printable(problem + context, 200), line);
      }
      Event guard{&event};
      const size_t line = event.start_mark.line + 1;
      switch (event.type) {
        case YAML_STREAM_END_EVENT: return documents ? tree_.take() : json::object();
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1)
            tree_.fail("more than one YAML document ('---'); put every entry in one document", line);
          break;
        case YAML_ALIAS_EVENT: alias(text_of(event.data.alias.anchor), line); break;
        case YAML_SCALAR_EVENT: scalar(event, line); break;
        case YAML_SEQUENCE_START_EVENT: open(json::array(), text_of(event.data.sequence_start.anchor), line); break;
        case YAML_MAPPING_START_EVENT: open(json::object(), text_of(event.data.mapping_start.anchor), line); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: close(); break;
        default: break;
      }
    }
  }

 private:
  struct Event {  // frees the event on every path out
    yaml_event_t* e;
    ~Event() { yaml_event_delete(e); }
  };
  struct Anchored {
    json value;
    size_t nodes;
  };

  static std::string text_of(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

  // Every node built, aliases' copies included, is paid for: a small file
  // cannot expand into a huge tree.
  void spend(size_t nodes, size_t line) {
    built_ += nodes;
    if (built_ > budget_)
      tree_.fail("its aliases expand to more than " + std::to_string(budget_) +
                     " nodes (an alias bomb?); registry files need no such expansion",
                 line);
  }

  void scalar(const yaml_event_t& event, size_t line) {
    const auto& sc = event.data.scalar;
    const std::string value(reinterpret_cast<const char*>(sc.value), sc.length);
    const std::string anchor = text_of(sc.anchor);
    spend(1, line);
    if (tree_.expecting_key()) {
      tree_.key(value, line);
      if (!anchor.empty()) anchors_[anchor] = {json(value), 1};
      return;
    }
    const std::string tag = text_of(sc.tag);
    const bool text = sc.style != YAML_PLAIN_SCALAR_STYLE || tag == "tag:yaml.org,2002:str" || tag == "!";
    json* stored = tree_.value(yaml_scalar(text ? "!" : "", value, tree_, line), line);
    if (!anchor.empty()) anchors_[anchor] = {*stored, 1};
  }

  void alias(const std::string& anchor, size_t line) {
    if (open_anchors_.count(anchor)) tree_.fail("an alias refers to the node that contains it", line);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) tree_.fail("an alias refers to the unknown anchor " + in_quotes(anchor), line);
    spend(it->second.nodes, line);
    if (tree_.expecting_key()) {
      if (!it->second.value.is_string()) tree_.fail("a mapping key must be text", line);
      tree_.key(it->second.value.get<std::string>(), line);
      return;
    }
    tree_.value(it->second.value, line);
  }

  void open(json container, const std::string& anchor, size_t line) {
    if (tree_.expecting_key()) tree_.fail("a mapping key must be text, not a list or mapping", line);
    spend(1, line);
    tree_.open(std::move(container), line);
    open_.push_back(anchor);
    if (!anchor.empty()) open_anchors_.insert(anchor);
  }

  void close() {
    json* node = tree_.close();
    const std::string anchor = open_.back();
    open_.pop_back();
    if (!anchor.empty()) {
      open_anchors_.erase(anchor);
      anchors_[anchor] = {*node, count_nodes(*node)};
    }
  }

  yaml_parser_t parser_;
  TreeBuilder tree_;
  size_t budget_;
  size_t built_ = 0;
  std::vector<std::string> open_;
  std::set<std::string> open_anchors_;
  std::map<std::string, Anchored> anchors_;
};

}  // namespace

json parse_user_document(std::string_view text, const std::string& origin, bool yaml) {
  size_t bad = 0;
  if (!valid_utf8(text, &bad))
    throw InputError("registry file " + in_quotes(origin, 200) + " at line " + std::to_string(line_of(text, bad)) +
                     ": not valid UTF-8 (byte " + std::to_string(bad) + ")");
  if (!yaml) {
    JsonReader reader(text, origin);
    json::sax_parse(text, &reader);
    return reader.take();
  }
  // A registry file of N bytes has at most about N nodes; aliases may repeat
  // a little (a shared source), not multiply it.
  YamlReader reader(text, origin, 4 * text.size() + 10000);
  return reader.read();
}

}  // namespace mlsysim::registry
