// CSV cells to a lead, as JSON text the planner reads: the header mapping
// (api::mapHeaders' answer: which column feeds which field, rank order, name
// parts and splits) and the cell typing of the provider's field types. This is
// the C++ form of npm/lib/rows.mjs (leadMapper/typed/setPath), kept to give
// the same leads; tests/js/input-differential.test.mjs compares the two.
//
// - A field takes the first of its columns (rank order) whose cell is not
//   blank; a field whose columns are all blank but not empty gets the last
//   such cell as written (the engine trims it to "absent"); empty = absent.
// - Typing (only when the trimmed cell reads exactly as the type, else the
//   string is kept and the engine reports invalid_type): integer
//   /^[+-]?\d+$/, number /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/ (written
//   as JavaScript writes the Number), boolean true/false in any case,
//   stringArray split on ';' (or ',' when there is no ';'), items trimmed,
//   empty items dropped. Other fields keep the cell as written.
// - A dotted field ("custom_fields.industry") nests objects; setting a path
//   through a value that is not an object replaces it with an object.
// - first/last name parts join with one space when the field has no value
//   yet; a split column ("Full Name" on a provider with first/last) fills
//   first and last from its first space (white space runs collapsed).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "json/json_reader.h"
#include "json/json_writer.h"
#include "providers/provider.h"

namespace leadroster::input {

// JavaScript's Number(text) written as JSON.stringify writes it ("null" when not finite).
std::string jsNumberJson(std::string_view text);

// A top-level member of a written lead, as offsets into the text it was
// appended to (turned into json::Member views once that text stops growing).
struct MemberSpan {
  size_t keyAt, keyLen, valueAt, valueLen;
  json::Type type;
  bool keyEscaped, valueEscaped;
};

class LeadWriter {
 public:
  // mapping: the "mapping" array of api::mapHeaders' answer.
  LeadWriter(const Provider& provider, const Json& mapping);
  // Appends the lead of one record's cells as a JSON object. With `spans`:
  // when the lead needs no parse to be read (its text is ASCII and its paths
  // shallow, so it is valid JSON by construction), its top-level members are
  // appended there as json::parse would collect them, and true is returned;
  // false: the text must be parsed (nothing appended to spans).
  bool write(const std::vector<std::string_view>& cells, std::string& out, std::vector<MemberSpan>* spans = nullptr);

 private:
  enum class Kind : uint8_t { Plain, Integer, Number, Boolean, List };
  // A field's path as interned keys (ids into keys_): rows compare ids, not strings.
  struct Path {
    std::vector<uint32_t> parts;
    uint32_t full;  // the whole dotted path as one key (hasTop: never an own key when dotted)
  };
  struct PlainField {
    Path path;
    Kind kind;
    std::vector<size_t> columns;
  };
  struct PartField {
    Path path;
    std::vector<size_t> first, last;
  };
  struct Split {
    Path first, last;
    size_t column;
  };
  // One row's lead: an ordered tree (keys in the order first set, as a JS object).
  struct Node {
    uint32_t key = 0;
    bool object = false;
    std::string value;     // JSON text when !object
    bool escaped = false;  // a string value with backslash escapes
    std::vector<size_t> children;
  };
  struct Key {
    std::string json;  // "key": (quoted, with the colon)
    int64_t index;     // an array index key ("0", "17"): JavaScript orders these first; else -1
    bool escaped;      // the key's JSON has backslash escapes
  };
  uint32_t intern(const std::string& key);
  Path pathOf(const std::string& full);
  // Sets the value at `path` to `json` (swapped in: `json` gets the node's old buffer).
  void set(const Path& path, std::string& json, bool escaped);
  void setString(const Path& path, std::string_view text);
  size_t fresh(uint32_t key, bool object);
  bool hasTop(uint32_t key) const;
  void emit(size_t node, JsonOut& out, std::vector<MemberSpan>* spans = nullptr) const;
  size_t child(size_t parent, uint32_t key);

  std::vector<std::string> keyNames_;  // interned keys, by id (0: the lead itself, "")
  std::vector<Key> keys_;
  bool anyIndexKey_ = false;
  bool deepPaths_ = false;  // a path of more levels than the member spans are kept for
  std::vector<PlainField> plain_;
  std::vector<PartField> parts_;
  std::vector<Split> splits_;
  std::vector<Node> nodes_;  // scratch, node 0 the lead; nodes_[0, used_) in use
  size_t used_ = 0;
  std::string scratch_;  // one value's JSON
};

}  // namespace leadroster::input
