#include "engine/lead.h"

#include <algorithm>
#include <cstring>

#include "json/json_reader.h"
#include "normalize/text.h"
#include "engine/check_lead.h"

namespace leadroster {

const LeadField* Lead::find(std::string_view key) const {
  if (!(seen_ & keyBit(key))) return nullptr;
  for (size_t i = 0; i < n_; ++i)
    if (text::sameBytes(fields_[i].key, key)) return &fields_[i];
  return nullptr;
}

const std::string* Lead::string(std::string_view key) const {
  const LeadField* f = find(key);
  return f && f->isString ? &f->value : nullptr;
}

LeadField& Lead::slot(std::string_view key) {
  uint64_t bit = keyBit(key);
  if (seen_ & bit)
    for (size_t i = 0; i < n_; ++i)
      if (text::sameBytes(fields_[i].key, key)) return fields_[i];
  seen_ |= bit;
  if (n_ == fields_.size()) {
    if (fields_.capacity() == 0) fields_.reserve(12);
    fields_.emplace_back();
  }
  LeadField& f = fields_[n_++];
  if (f.keyJson.empty() || !text::sameBytes(f.key, key)) {  // rows in one file tend to repeat their columns
    f.key.assign(key);
    f.keyJson.clear();
    appendJsonString(f.keyJson, key);
    f.keyJson += ':';
  }
  f.value.clear();
  f.isString = true;
  f.isView = false;
  return f;
}

void Lead::setString(std::string_view key, std::string value) {
  LeadField& f = slot(key);
  f.value = std::move(value);
  f.isString = true;
  f.isView = false;
}

void Lead::setJson(std::string_view key, std::string json) {
  LeadField& f = slot(key);
  f.value = std::move(json);
  f.isString = false;
  f.isView = false;
}

void Lead::setJsonView(std::string_view key, std::string_view json) {
  LeadField& f = slot(key);
  f.view = json;
  f.isView = true;
  f.isString = false;
}

void Lead::own() {
  for (size_t i = 0; i < n_; ++i) {
    LeadField& f = fields_[i];
    if (!f.isView) continue;
    f.value.assign(f.view.data(), f.view.size());
    f.isView = false;
  }
}

void Lead::erase(std::string_view key) {
  for (size_t i = 0; i < n_; ++i)
    if (text::sameBytes(fields_[i].key, key)) {
      // keep the slot (and its memory) past the end
      std::rotate(fields_.begin() + long(i), fields_.begin() + long(i) + 1, fields_.begin() + long(n_));
      --n_;
      return;
    }
}

void Lead::appendJson(std::string& out) const {
  JsonOut o(out);
  o.put('{');
  for (size_t i = 0; i < n_; ++i) {
    const LeadField& f = fields_[i];
    if (i) o.put(',');
    o.put(f.keyJson);
    if (f.isString)
      o.putString(f.value);
    else
      o.put(f.rawJson());
  }
  o.put('}');
}

std::string Lead::json() const {
  std::string out;
  size_t size = 2;
  for (size_t i = 0; i < n_; ++i) size += fields_[i].key.size() + fields_[i].rawJson().size() + 8;
  out.reserve(size);
  appendJson(out);
  return out;
}

bool leadHasPath(const Lead& lead, std::string_view path) {
  size_t dot = path.find('.');
  const LeadField* f = lead.find(path.substr(0, dot));
  if (!f) return false;
  if (dot == std::string_view::npos) return true;
  if (f->isString) return false;
  Result<json::Value> parsed = json::parse(f->rawJson());
  if (!parsed) return false;
  json::Value v = parsed.value();
  path.remove_prefix(dot + 1);
  while (true) {
    if (!v.isObject()) return false;
    dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    json::Value found;
    bool hit = false;
    json::forEachMember(v, [&](std::string_view k, const json::Value& child) {
      if (k == part) {
        found = child;
        hit = true;
        return false;
      }
      return true;
    });
    if (!hit || found.isNull()) return false;
    if (dot == std::string_view::npos) return true;
    v = found;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace leadroster
