#include "input/lead_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/intake.h"
#include "input/csv_reader.h"
#include "json/json_writer.h"

namespace leadroster::input {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// csv::jsTrim with a fast path: a cell that starts and ends with a visible
// ASCII byte has nothing to trim (JavaScript's white space is ASCII space,
// controls or a multi-byte sequence).
inline bool visibleAscii(char c) { return c > ' ' && c < 0x7f; }
std::string_view trimCell(std::string_view s) {
  if (!s.empty() && visibleAscii(s.front()) && visibleAscii(s.back())) return s;
  return csv::jsTrim(s);
}

// /^[+-]?\d+$/
bool readsInteger(std::string_view t) {
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  if (i == t.size()) return false;
  for (; i < t.size(); ++i)
    if (!isDigit(t[i])) return false;
  return true;
}

// /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
bool readsNumber(std::string_view t) {
  size_t i = 0, n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  size_t intDigits = 0, fracDigits = 0;
  while (i < n && isDigit(t[i])) ++i, ++intDigits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && isDigit(t[i])) ++i, ++fracDigits;
  }
  if (intDigits == 0 && fracDigits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    size_t e = 0;
    while (i < n && isDigit(t[i])) ++i, ++e;
    if (e == 0) return false;
  }
  return i == n;
}

bool equalsFold(std::string_view a, const char* b) {
  size_t i = 0;
  for (; b[i]; ++i) {
    if (i >= a.size()) return false;
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return i == a.size();
}

// Appends s as a JSON string; true when it needed escapes (it grew by more than its quotes).
bool appendQuoted(std::string& out, std::string_view s) {
  size_t at = out.size();
  appendJsonString(out, s);
  return out.size() - at != s.size() + 2;
}

// JavaScript's white space test on one position (for the \s+ runs of splitName).
std::string collapseSpaces(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  while (i < t.size()) {
    size_t len = 0;
    if (csv::jsSpaceAt(t, i, len)) {
      while (i < t.size() && csv::jsSpaceAt(t, i, len)) i += len;
      out += ' ';
      continue;
    }
    out += t[i++];
  }
  return out;
}

// An array index key ("0", "17"): JavaScript orders these first, ascending.
bool arrayIndexKey(const std::string& k, uint64_t& v) {
  if (k.empty() || k.size() > 10 || (k.size() > 1 && k[0] == '0')) return false;
  v = 0;
  for (char c : k) {
    if (!isDigit(c)) return false;
    v = v * 10 + uint64_t(c - '0');
  }
  return v < 4294967295ull;
}

}  // namespace

std::string jsNumberJson(std::string_view text) {
  std::string t(text);
  double v = std::strtod(t.c_str(), nullptr);
  if (!std::isfinite(v)) return "null";
  if (v == 0) return "0";
  // The shortest digits that read back as v (what Number.prototype.toString writes).
  char buf[40];
  int exp10 = 0;
  std::string digits;
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    if (std::strtod(buf, nullptr) == v || p == 17) {
      const char* s = buf;
      if (*s == '-') ++s;
      for (; *s && *s != 'e'; ++s)
        if (isDigit(*s)) digits += *s;
      exp10 = std::atoi(s + 1);
      break;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = v < 0 ? "-" : "";
  int k = int(digits.size());
  int n = exp10 + 1;  // v = 0.digits * 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(size_t(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, size_t(n));
    out += '.';
    out.append(digits, size_t(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(size_t(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

uint32_t LeadWriter::intern(const std::string& key) {
  for (size_t i = 0; i < keyNames_.size(); ++i)
    if (keyNames_[i] == key) return uint32_t(i);
  uint64_t v = 0;
  Key k;
  appendJsonString(k.json, key);
  k.json += ':';
  k.index = arrayIndexKey(key, v) ? int64_t(v) : -1;
  k.escaped = k.json.find('\\') != std::string::npos;
  if (k.index >= 0 && !keyNames_.empty()) anyIndexKey_ = true;
  keyNames_.push_back(key);
  keys_.push_back(std::move(k));
  return uint32_t(keyNames_.size() - 1);
}

LeadWriter::Path LeadWriter::pathOf(const std::string& full) {
  Path p;
  p.full = intern(full);
  if (std::count(full.begin(), full.end(), '.') >= kMaxNestingDepth / 2) deepPaths_ = true;
  size_t from = 0;
  for (;;) {
    size_t dot = full.find('.', from);
    p.parts.push_back(intern(full.substr(from, dot == std::string::npos ? std::string::npos : dot - from)));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return p;
}

LeadWriter::LeadWriter(const Provider& provider, const Json& mapping) {
  intern(std::string());  // id 0: the lead's own node
  struct Entry {
    const Json* m;
    int64_t rank;
    int64_t column;
  };
  std::vector<Entry> entries;
  for (const Json& m : mapping) {
    if (!m.is_object() || !m.contains("field") || m["field"].is_null()) continue;
    if (m.value("how", std::string()) == "ignored") continue;
    entries.push_back({&m, m.value("rank", int64_t(0)), m.value("column", int64_t(0))});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.column < b.column;
  });
  for (const Entry& e : entries) {
    const Json& m = *e.m;
    size_t column = size_t(e.column);
    if (m.contains("split") && m["split"].is_object()) {
      splits_.push_back(
          {pathOf(m["split"].value("first", std::string())), pathOf(m["split"].value("last", std::string())), column});
      continue;
    }
    std::string field = m["field"].get<std::string>();
    if (m.contains("part") && m["part"].is_string()) {
      uint32_t id = intern(field);
      auto it = std::find_if(parts_.begin(), parts_.end(), [&](const PartField& p) { return p.path.full == id; });
      if (it == parts_.end()) {
        parts_.push_back({pathOf(field), {}, {}});
        it = parts_.end() - 1;
      }
      (m["part"].get<std::string>() == "first" ? it->first : it->last).push_back(column);
      continue;
    }
    uint32_t id = intern(field);
    auto it = std::find_if(plain_.begin(), plain_.end(), [&](const PlainField& p) { return p.path.full == id; });
    if (it == plain_.end()) {
      Kind kind = Kind::Plain;
      if (const FieldSpec* f = provider.field(field)) {
        switch (f->type) {
          case FieldType::Integer: kind = Kind::Integer; break;
          case FieldType::Number: kind = Kind::Number; break;
          case FieldType::Boolean: kind = Kind::Boolean; break;
          case FieldType::StringArray: kind = Kind::List; break;
          default: break;
        }
      }
      plain_.push_back({pathOf(field), kind, {}});
      it = plain_.end() - 1;
    }
    it->columns.push_back(column);
  }
}

// A fresh node (the storage of earlier rows' nodes is reused: no allocation a row).
size_t LeadWriter::fresh(uint32_t key, bool object) {
  if (used_ == nodes_.size()) nodes_.emplace_back();
  Node& n = nodes_[used_];
  n.key = key;
  n.object = object;
  n.value.clear();
  n.children.clear();
  return used_++;
}

size_t LeadWriter::child(size_t parent, uint32_t key) {
  for (size_t c : nodes_[parent].children)
    if (nodes_[c].key == key) return c;
  size_t id = fresh(key, false);
  nodes_[parent].children.push_back(id);
  return id;
}

void LeadWriter::setString(const Path& path, std::string_view text) {
  std::string& json = scratch_;
  json.clear();
  bool escaped = appendQuoted(json, text);
  set(path, json, escaped);
}

void LeadWriter::set(const Path& path, std::string& json, bool escaped) {
  size_t o = 0;
  for (size_t i = 0; i + 1 < path.parts.size(); ++i) {
    size_t c = child(o, path.parts[i]);
    if (!nodes_[c].object) {  // absent or a value: becomes a fresh object in its place
      nodes_[c].object = true;
      nodes_[c].value.clear();
      nodes_[c].children.clear();
    }
    o = c;
  }
  size_t c = child(o, path.parts.back());
  nodes_[c].object = false;
  nodes_[c].children.clear();
  nodes_[c].value.swap(json);
  nodes_[c].escaped = escaped;
}

bool LeadWriter::hasTop(uint32_t key) const {
  for (size_t c : nodes_[0].children)
    if (nodes_[c].key == key) return true;
  return false;
}

// The type of a value's JSON text as the writer writes it (no white space).
json::Type typeOf(std::string_view v) {
  switch (v.empty() ? 'n' : v[0]) {
    case '"': return json::Type::String;
    case '[': return json::Type::Array;
    case '{': return json::Type::Object;
    case 't': return json::Type::True;
    case 'f': return json::Type::False;
    case 'n': return json::Type::Null;
    default: return json::Type::Number;
  }
}

void LeadWriter::emit(size_t node, JsonOut& out, std::vector<MemberSpan>* spans) const {
  const Node& n = nodes_[node];
  if (!n.object) {
    out.put(n.value);
    return;
  }
  out.put('{');
  bool first = true;
  auto one = [&](size_t c) {
    if (!first) out.put(',');
    first = false;
    const Key& key = keys_[nodes_[c].key];
    size_t keyAt = out.size();
    out.put(key.json);
    size_t valueAt = out.size();
    emit(c, out);
    if (spans) {
      json::Type t = nodes_[c].object ? json::Type::Object : typeOf(nodes_[c].value);
      spans->push_back({keyAt, key.json.size() - 1, valueAt, out.size() - valueAt, t, key.escaped,
                        t == json::Type::String && nodes_[c].escaped});
    }
  };
  if (anyIndexKey_) {
    // JavaScript's own-key order: array indexes ascending, then the rest as first set.
    std::vector<std::pair<int64_t, size_t>> indexes;
    for (size_t c : n.children)
      if (keys_[nodes_[c].key].index >= 0) indexes.emplace_back(keys_[nodes_[c].key].index, c);
    std::sort(indexes.begin(), indexes.end());
    for (auto& [v, c] : indexes) one(c);
    for (size_t c : n.children)
      if (keys_[nodes_[c].key].index < 0) one(c);
  } else {
    for (size_t c : n.children) one(c);
  }
  out.put('}');
}

bool LeadWriter::write(const std::vector<std::string_view>& cells, std::string& out, std::vector<MemberSpan>* spans) {
  used_ = 0;
  fresh(0, true);
  auto cellAt = [&](size_t c, bool& present) -> std::string_view {
    present = c < cells.size();
    return present ? cells[c] : std::string_view();
  };
  // The first of the columns whose cell is not blank (present=false when none).
  auto firstCell = [&](const std::vector<size_t>& columns, bool& found) -> std::string_view {
    for (size_t c : columns) {
      bool present;
      std::string_view v = cellAt(c, present);
      if (present && !v.empty() && !trimCell(v).empty()) {
        found = true;
        return v;
      }
    }
    found = false;
    return {};
  };
  for (const PlainField& f : plain_) {
    bool found;
    std::string_view v = firstCell(f.columns, found);
    if (!found) {
      for (size_t c : f.columns) {
        bool present;
        std::string_view cell = cellAt(c, present);
        if (present && !cell.empty()) setString(f.path, cell);
      }
      continue;
    }
    std::string_view t = trimCell(v);
    std::string& value = scratch_;  // reused row after row (swapped with the node's buffer)
    value.clear();
    bool escaped = false;
    switch (f.kind) {
      case Kind::Integer:
        if (readsInteger(t))
          value = jsNumberJson(t);
        else
          escaped = appendQuoted(value, v);
        break;
      case Kind::Number:
        if (readsNumber(t))
          value = jsNumberJson(t);
        else
          escaped = appendQuoted(value, v);
        break;
      case Kind::Boolean:
        if (equalsFold(t, "true"))
          value = "true";
        else if (equalsFold(t, "false"))
          value = "false";
        else
          escaped = appendQuoted(value, v);
        break;
      case Kind::List: {
        char sep = t.find(';') != std::string_view::npos ? ';' : ',';
        value = "[";
        size_t from = 0;
        bool any = false;
        for (;;) {
          size_t at = t.find(sep, from);
          std::string_view item =
              trimCell(t.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
          if (!item.empty()) {
            if (any) value += ',';
            any = true;
            appendJsonString(value, item);
          }
          if (at == std::string_view::npos) break;
          from = at + 1;
        }
        value += ']';
        break;
      }
      case Kind::Plain: escaped = appendQuoted(value, v); break;
    }
    set(f.path, value, escaped);
  }
  for (const PartField& p : parts_) {
    bool hasFirst, hasLast;
    std::string_view first = firstCell(p.first, hasFirst);
    std::string_view last = firstCell(p.last, hasLast);
    std::string joined;
    if (hasFirst) joined += trimCell(first);
    if (hasLast) {
      if (hasFirst) joined += ' ';
      joined += trimCell(last);
    }
    // a full-name column, when there is one with a value, wins over first + last
    // (a dotted field is never an own key of the lead: rows.mjs sets it anyway)
    if (!joined.empty() && !hasTop(p.path.full)) setString(p.path, joined);
  }
  for (const Split& s : splits_) {
    bool present;
    std::string_view full = cellAt(s.column, present);
    if (!present || trimCell(full).empty()) continue;
    std::string t = collapseSpaces(trimCell(full));
    size_t at = t.find(' ');
    std::string first = at == std::string::npos ? t : t.substr(0, at);
    std::string last = at == std::string::npos ? std::string() : t.substr(at + 1);
    if (!hasTop(s.first.full) && !first.empty()) setString(s.first, first);
    if (!hasTop(s.last.full) && !last.empty()) setString(s.last, last);
  }
  size_t at = out.size(), spansAt = spans ? spans->size() : 0;
  if (deepPaths_) spans = nullptr;
  {
    JsonOut o(out);
    emit(0, o, spans);
  }
  if (!spans) return false;
  // Only ASCII text is valid by construction (a cell's bytes are copied as they are).
  const char* p = out.data() + at;
  size_t n = out.size() - at, k = 0;
  uint64_t high = 0;
  for (; k + 8 <= n; k += 8) {
    uint64_t w;
    std::memcpy(&w, p + k, 8);
    high |= w;
  }
  for (; k < n; ++k) high |= uint64_t((unsigned char)p[k]);
  if (high & 0x8080808080808080ULL) {
    spans->resize(spansAt);
    return false;
  }
  return true;
}

}  // namespace leadroster::input
