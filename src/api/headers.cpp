// mapHeaders(provider, headers, {map, options}): spreadsheet column headers to a
// provider's fields, through ONE alias table (below). Matching folds case, spaces,
// punctuation and Latin accents (foldKey). The page and the CLI both call this.
//
// Rules (choices where the issue is silent):
// - Precedence: --map (how 'user') > the provider's own field name (how 'exact',
//   dotted paths too, "custom_fields.x") > an alias (how 'alias'), earlier aliases
//   of a concept ranking first ("Job Title" before "Title").
// - Several columns for one identity field (email, phone, LinkedIn): all are kept,
//   in rank order; the row builder takes the first non-empty cell (Apollo's Mobile /
//   Work Direct / Corporate phones). For any other field the best-ranked column wins
//   and the rest are ignored with a `shared_field` warning (Outlook's "Title" is a
//   salutation next to "Job Title").
// - The concepts (email, first name, company, …) and their header names are
//   here; which field each concept fills is the provider's (Provider::concepts,
//   in its file). A full-name column fills a provider's first/last fields
//   (target "first+last", split at the first space) when no first/last column
//   has a value, or one full-name field; First + Last fill a full-name field
//   (targets "name:first" / "name:last"), joined by a space, when no full name is given.
// - Id fields (format uuid or hexId24) match only their own name, never an
//   alias: a CRM's "Lead ID" / "Record ID" is not the provider's id.
// - Unmatched columns: custom fields where the provider has them (flat on the
//   lead, or <object>.<key> with a snake_key when its fields are snake_case, else camelKey), how
//   'custom' with a `custom_columns` warning listing them; otherwise how 'ignored'
//   with an `ignored_columns` warning.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "api/api.h"
#include "api/lookup.h"
#include "cold.h"
#include "engine/intake.h"
#include "engine/options.h"
#include "json/json_writer.h"
#include "normalize/text.h"
#include "providers/registry.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

// One concept: the provider fields it can fill (first that the provider has and
// whose type is a string wins) and the header names it is known by.
// Sources of the aliases: the column names of HubSpot contact exports, Salesforce
// lead/contact reports, Apollo people exports, LinkedIn Sales Navigator exports
// (via the usual export tools), Clay tables, Google Contacts CSV (old and new
// format), Outlook CSV, and plain spreadsheets.
// The table is constant data: a std::vector per list would be built by code at
// first use (several KB of WebAssembly for these few hundred strings).
// Up to N names, ended by the first null (a list longer than N does not compile).
template <size_t N>
struct Names {
  const char* items[N + 1];  // the last one is always null
  const char* const* begin() const { return items; }
  const char* const* end() const {
    const char* const* e = items;
    while (*e) ++e;
    return e;
  }
  size_t size() const { return size_t(end() - begin()); }
  const char* operator[](size_t i) const { return items[i]; }
};

// The fields a concept fills are the provider's (Provider::concepts, in its file).
struct Concept {
  const char* key;    // the concept; the custom field key when the provider has no field
  Names<29> aliases;  // header names (folded when compared)
};

constexpr Concept kConcepts[] = {
    {"email",
     {"Email",
      "E-mail",
      "Email Address",
      "E-mail Address",
      "Work Email",
      "Business Email",
      "Email 1",
      "E-mail 1 - Value",
      "Email 1 Value",
      "Primary Email",
      "Contact Email",
      "Email (Work)",
      "Work Email Address",
      "Person Email",
      "Emails",
      "Mail",
      "Courriel",
      "E-Mail-Adresse",
      "Correo",
      "Correo electrónico",
      "Email Address 1",
      "Personal Email",
      "E-mail 2 Address",
      "Secondary Email",
      "Other Email"}},
    {"firstName",
     {"First Name", "FirstName", "Given Name", "First", "Forename", "FName", "Prénom", "Prenom", "Vorname", "Nombre",
      "Contact First Name", "Person First Name", "Lead First Name"}},
    {"lastName",
     {"Last Name", "LastName", "Surname", "Family Name", "Last", "LName", "Nom", "Nom de famille", "Nachname",
      "Apellido", "Apellidos", "Contact Last Name", "Person Last Name", "Lead Last Name"}},
    {"fullName",
     {"Full Name", "Name", "Contact Name", "Contact", "Person Name", "Lead Name", "Contact Full Name", "Display Name",
      "Full_Name", "Nom complet"}},
    {"company",
     {"Company", "Company Name", "Account Name", "Account", "Organization", "Organisation", "Organization Name",
      "Organization 1 - Name", "Company / Account", "Employer", "Current Company", "Company Name for Emails",
      "Business Name", "Firma", "Entreprise", "Société", "Empresa", "Unternehmen", "Associated Company"}},
    {"title",
     {"Job Title", "Title", "Position", "Role", "Job Position", "Current Title", "Organization Title",
      "Organization 1 - Title", "Job Role", "Designation", "Poste", "Fonction", "Titre", "Berufsbezeichnung", "Cargo",
      "Occupation", "Headline Title"}},
    {"linkedinUrl",
     {"LinkedIn", "LinkedIn URL", "LinkedIn Profile", "LinkedIn Profile URL", "Person Linkedin Url",
      "LinkedIn Profile Link", "LinkedIn Link", "Linkedin Url Profile", "Profile URL", "LinkedIn Bio",
      "LinkedIn Member URL", "Public Profile URL", "Public LinkedIn URL", "Contact LinkedIn", "Li URL",
      "LinkedIn Contact Profile URL", "Contact LinkedIn URL", "LinkedIn Page", "Personal LinkedIn"}},
    {"companyLinkedinUrl",
     {"Company LinkedIn Url", "Company LinkedIn", "Company LinkedIn Page", "Company LinkedIn Profile",
      "Organization LinkedIn", "Account LinkedIn"}},
    {"phone",
     {"Mobile Phone",
      "Mobile",
      "Mobile Phone Number",
      "Cell",
      "Cell Phone",
      "Cellphone",
      "Portable",
      "Work Direct Phone",
      "Direct Phone",
      "Direct Dial",
      "Phone",
      "Phone Number",
      "Telephone",
      "Tel",
      "Telephone Number",
      "Work Phone",
      "Business Phone",
      "Phone 1 - Value",
      "Primary Phone",
      "First Phone",
      "Direct Phone Number",
      "Mobile Number",
      "Phone 1",
      "Téléphone",
      "Telefon",
      "Teléfono",
      "Corporate Phone",
      "Other Phone",
      "Home Phone"}},
    {"website",
     {"Website", "Company Website", "Website URL", "Web Site", "Web Page", "Website 1 - Value", "Homepage",
      "Company URL", "Site Web"}},
    {"domain", {"Domain", "Company Domain", "Company Domain Name", "Website Domain", "Email Domain"}},
    {"country",
     {"Country", "Country/Region", "Country Name", "Country Code", "Mailing Country", "Person Country",
      "Contact Country", "Business Country/Region", "Address 1 - Country", "Location Country", "Nation", "Pays", "Land",
      "País", "Home Country/Region", "Other Country/Region"}},
    {"notes", {"Notes", "Note", "Comments", "Comment", "Description", "Remarks"}},
    {"industry", {"Industry", "Company Industry", "Sector", "Branche", "Secteur"}},
    {"employeeCount",
     {"# Employees", "Employees", "Number of Employees", "No. of Employees", "Employee Count", "Company Size",
      "Headcount", "Company Headcount"}},
    {"annualRevenue", {"Annual Revenue", "Revenue", "Company Revenue"}},
    {"foundedYear", {"Founded Year", "Year Founded", "Founded"}},
    {"technologies", {"Technologies", "Tech Stack", "Technology"}},
    {"companyDescription", {"Company Description", "SEO Description", "Short Description", "About Company"}},
    {"companyCountry", {"Company Country", "Account Country", "HQ Country"}},
    {"seniority", {"Seniority", "Seniority Level"}},
    {"department", {"Department", "Departments", "Organization Department", "Organization 1 - Department"}},
    {"city", {"City", "Mailing City", "Business City", "Person City", "Ville", "Stadt"}},
    {"state",
     {"State", "State/Region", "State/Province", "Mailing State/Province", "Business State", "Region", "Province"}},
    {"timezone", {"Time Zone", "Timezone"}},
};

// Fields whose values are identities: several columns may feed them (first non-empty wins).
bool isIdentityFormat(Format f) { return f == Format::Email || f == Format::Phone || f == Format::LinkedInProfile; }
bool isIdFormat(Format f) { return f == Format::Uuid || f == Format::HexId24; }

bool usesSnakeCase(const Provider& p) {
  for (const auto& f : p.fields)
    if (f.path.find('_') != std::string_view::npos) return true;
  return false;
}

// A custom field key from a header: "Lead Source" -> leadSource / lead_source.
std::string customKey(std::string_view header, bool snake) {
  std::string out, word;
  auto flush = [&] {
    std::string w = text::foldKey(word);
    word.clear();
    if (w.empty()) return;
    if (out.empty()) {
      out = w;
    } else if (snake) {
      out += '_' + w;
    } else {
      w[0] = text::toUpper(w[0]);
      out += w;
    }
  };
  for (char c : header) {
    if (static_cast<unsigned char>(c) < 0x80 && !text::isAlnum(c))
      flush();
    else
      word += c;
  }
  flush();
  return out;
}

std::string camelToSnake(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += text::toLower(c);
    } else {
      out += c;
    }
  }
  return out;
}

struct Entry {
  std::string header;
  std::string field;      // "" when ignored
  std::string how;        // exact | alias | user | custom | ignored
  std::string part;       // "first" | "last" (contactName) | "" ; "split" for a full name into two fields
  std::string splitLast;  // with part "split": the last-name field
  int rank = 1 << 20;     // lower wins; user 0, exact 1, alias 2+index
  size_t column = 0;
};

// The provider field a concept fills, or "" when the provider has none.
// Returns the path and the part ("", "first", "last", or "split" with splitLast).
bool resolveTarget(const Provider& p, const Concept& c, std::string& field, std::string& part, std::string& splitLast) {
  for (const ConceptField& cf : p.concepts) {
    if (cf.concept != c.key) continue;
    std::string_view t = cf.target;
    size_t plus = t.find('+');
    size_t colon = t.find(':');
    if (plus != std::string_view::npos) {
      std::string_view a = t.substr(0, plus), b = t.substr(plus + 1);
      if (p.field(a) && p.field(b)) {
        field = std::string(a);
        part = "split";
        splitLast = std::string(b);
        return true;
      }
      continue;
    }
    std::string_view path = colon == std::string_view::npos ? t : t.substr(0, colon);
    const FieldSpec* f = p.field(path);
    if (!f || (f->type != FieldType::String && f->type != FieldType::StringArray && f->type != FieldType::Integer &&
               f->type != FieldType::Number))
      continue;
    if (isIdFormat(f->format)) continue;
    field = std::string(path);
    part = colon == std::string_view::npos ? "" : std::string(t.substr(colon + 1));
    splitLast.clear();
    return true;
  }
  return false;
}

// Alias index: folded header -> (concept index, rank).
const std::map<std::string, std::pair<size_t, int>>& aliasIndex() {
  static const std::map<std::string, std::pair<size_t, int>> index = [] {
    std::map<std::string, std::pair<size_t, int>> m;
    for (size_t i = 0; i < std::size(kConcepts); ++i)
      for (size_t j = 0; j < kConcepts[i].aliases.size(); ++j)
        m.emplace(text::foldKey(kConcepts[i].aliases[j]), std::make_pair(i, int(j)));
    return m;
  }();
  return index;
}

Json warning(const char* code, std::string message, const std::vector<std::string>& headers) {
  return Json{{"code", code}, {"message", std::move(message)}, {"headers", headers}};
}

std::string joinQuoted(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += '"' + v[i] + '"';
  }
  return out;
}

}  // namespace

std::string headerAliases() {
  Json out = Json::array();
  for (const auto& c : kConcepts) {
    Json targets = Json::array(), aliases = Json::array();
    for (const Provider* p : allProviders())
      for (const ConceptField& cf : p->concepts)
        if (cf.concept == c.key && std::find(targets.begin(), targets.end(), std::string(cf.target)) == targets.end())
          targets.push_back(std::string(cf.target));
    for (auto a : c.aliases) aliases.push_back(a);
    out.push_back(Json{{"concept", c.key}, {"targets", targets}, {"aliases", aliases}});
  }
  return dumpJson(out);
}

std::string mapHeaders(std::string_view providerId, std::string_view headersJson, std::string_view argsJson) {
  Result<Json> parsedHeaders = parseDocument(headersJson);
  Json headers = parsedHeaders ? std::move(parsedHeaders.value()) : Json();
  if (!parsedHeaders || !headers.is_array())
    return fatalJson(Error{code::invalid_type, "headers must be an array of strings", {}});
  for (const auto& h : headers)
    if (!h.is_string()) return fatalJson(Error{code::invalid_type, "headers must be an array of strings", {}});
  Json args;
  if (!argsJson.empty()) {
    Result<Json> parsedArgs = parseDocument(argsJson);
    if (!parsedArgs) return fatalJson(Error{code::invalid_type, "options: " + parsedArgs.error().message, {}});
    args = std::move(parsedArgs.value());
  }
  if (!args.is_null() && !args.is_object())
    return fatalJson(Error{code::invalid_type, "the third argument must be an object {map, options}", {}});
  Json optionsJson = args.is_object() && args.contains("options") ? args["options"] : Json();
  Result<Configured> configured = resolveProvider(providerId, optionsJson.is_null() ? "" : dumpJson(optionsJson));
  if (!configured) return fatalJson(configured.error());
  const Provider& provider = *configured.value().provider;
  const PlanOptions& o = configured.value().options;
  const bool snake = usesSnakeCase(provider);
  const bool hasCustom = provider.extraFieldsAreCustom || !provider.customFieldsObject.empty();
  const std::string customPrefix =
      provider.customFieldsObject.empty() ? "" : std::string(provider.customFieldsObject) + ".";

  // User map: folded header -> field ("" / "-" = ignore).
  std::map<std::string, std::string> userMap;
  if (args.is_object() && args.contains("map") && !args["map"].is_null()) {
    const Json& m = args["map"];
    if (!m.is_object())
      return fatalJson(Error{code::invalid_type, "map must be an object {\"Header\": \"field\"}", {}});
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (!it.value().is_string())
        return fatalJson(Error{code::invalid_type, "map[\"" + it.key() + "\"] must be a field name string", {}});
      std::string field = it.value().get<std::string>();
      if (!field.empty() && field != "-") {
        const FieldSpec* f = provider.field(field);
        bool custom = false;
        if (!f && !customPrefix.empty() && field.rfind(customPrefix, 0) == 0 && field.size() > customPrefix.size())
          custom = true;
        if (!f && provider.extraFieldsAreCustom && field.find('.') == std::string::npos) custom = true;
        if (!f && !custom)
          return fatalJson(Error{code::invalid_value,
                                 "map: " + text::quoteForMessage(field) + " is not a field of " +
                                     std::string(provider.id) +
                                     (hasCustom ? " (nor a custom field name it accepts)" : ""),
                                 {}});
        if (f && (f->type == FieldType::Object || f->type == FieldType::FreeObject))
          return fatalJson(Error{code::invalid_value,
                                 "map: " + field + " is an object; map a column to one of its fields (" + field + ".x)",
                                 {}});
      }
      userMap[text::foldKey(it.key())] = field;
    }
  }

  std::vector<Entry> entries;
  for (size_t col = 0; col < headers.size(); ++col) {
    Entry e;
    e.header = headers[col].get<std::string>();
    e.column = col;
    std::string key = text::foldKey(e.header);
    auto um = userMap.find(key);
    if (um != userMap.end()) {
      if (um->second.empty() || um->second == "-") {
        e.how = "ignored";
      } else {
        e.field = um->second;
        e.how = "user";
        e.rank = 0;
      }
      entries.push_back(e);
      continue;
    }
    // The provider's own name (case/space/punctuation-insensitive), dotted paths too.
    std::string trimmed(text::trim(e.header));
    for (const auto& f : provider.fields) {
      if (f.type == FieldType::Object || f.type == FieldType::FreeObject) continue;
      bool same = isIdFormat(f.format) ? text::equalsIgnoreCase(trimmed, f.path) : text::foldKey(f.path) == key;
      if (same && !key.empty()) {
        e.field = std::string(f.path);
        e.how = "exact";
        e.rank = 1;
        // A provider name that is also an alias keeps the alias's rank ("Title" after "Job Title").
        auto a = aliasIndex().find(key);
        std::string field, part, splitLast;
        if (a != aliasIndex().end() && resolveTarget(provider, kConcepts[a->second.first], field, part, splitLast) &&
            field == e.field && part.empty())
          e.rank = 2 + a->second.second;
        break;
      }
    }
    // A column under the provider's custom-fields object: "custom_fields.industry".
    if (e.how.empty() && !customPrefix.empty() && trimmed.size() > customPrefix.size() &&
        trimmed.compare(0, customPrefix.size(), customPrefix) == 0) {
      e.field = trimmed;
      e.how = "exact";
      e.rank = 1;
    }
    // A free-object field's member: "researchData.x" etc.
    if (e.how.empty()) {
      size_t dot = trimmed.find('.');
      if (dot != std::string::npos) {
        const FieldSpec* parent = provider.field(std::string_view(trimmed).substr(0, dot));
        if (parent && parent->type == FieldType::FreeObject) {
          e.field = trimmed;
          e.how = "exact";
          e.rank = 1;
        }
      }
    }
    if (e.how.empty()) {
      auto a = aliasIndex().find(key);
      if (a != aliasIndex().end()) {
        const Concept& c = kConcepts[a->second.first];
        std::string field, part, splitLast;
        if (resolveTarget(provider, c, field, part, splitLast)) {
          e.field = field;
          e.part = part;
          e.splitLast = splitLast;
          e.how = "alias";
          e.rank = 2 + a->second.second;
        } else if (hasCustom) {
          e.field = customPrefix + (snake ? camelToSnake(c.key) : std::string(c.key));
          e.how = "custom";
        } else {
          e.how = "ignored";
        }
      }
    }
    if (e.how.empty()) {
      std::string k = customKey(e.header, snake);
      if (hasCustom && !k.empty()) {
        e.field = customPrefix + k;
        e.how = "custom";
      } else {
        e.how = "ignored";
      }
    }
    entries.push_back(e);
  }

  Json warnings = Json::array();
  // One column per non-identity field (best rank wins, ties: the leftmost); the
  // others ignored. A custom key two columns share: the later one takes its own name.
  {
    std::map<std::string, std::vector<size_t>> byTarget;  // field[:part] -> entries
    for (size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      if (e.field.empty()) continue;
      std::string target = e.field + (e.part == "first" || e.part == "last" ? ":" + e.part : "");
      if (e.part == "split") target = e.field + "+split";
      byTarget[target].push_back(i);
    }
    for (auto& [target, idx] : byTarget) {
      if (idx.size() < 2) continue;
      std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return entries[a].rank < entries[b].rank; });
      const FieldSpec* f = provider.field(entries[idx[0]].field);
      std::vector<std::string> names;
      for (size_t i : idx) names.push_back(entries[i].header);
      if (f && isIdentityFormat(f->format)) {
        warnings.push_back(warning("shared_field",
                                   joinQuoted(names) + " all map to " + entries[idx[0]].field +
                                       ": on each row the first non-empty one, in this order, is used",
                                   names));
        continue;
      }
      std::vector<std::string> dropped;
      for (size_t k = 1; k < idx.size(); ++k) {
        Entry& e = entries[idx[k]];
        if (e.how == "custom") {
          // Two columns for one custom key ("Phone Number", "Mobile Phone Number" on
          // flat custom fields): the later one keeps its own name as its key, when free.
          std::string own = customPrefix + customKey(e.header, snake);
          bool taken = false;
          for (const auto& other : entries) taken |= other.field == own;
          if (!taken && own != customPrefix) {
            e.field = own;
            continue;
          }
        }
        dropped.push_back(e.header);
        e.how = "ignored";
        e.field.clear();
        e.part.clear();
        e.splitLast.clear();
      }
      if (dropped.empty()) continue;
      warnings.push_back(warning("shared_field",
                                 joinQuoted(dropped) + " left out: " + text::quoteForMessage(entries[idx[0]].header) +
                                     " already maps to " + entries[idx[0]].field,
                                 dropped));
    }
  }

  // What each field gets, for `missing` and for the full-name fallback rules.
  std::set<std::string> supplied;
  for (const auto& e : entries) {
    if (e.field.empty()) continue;
    if (e.part == "split") {
      supplied.insert(e.field);
      supplied.insert(e.splitLast);
    } else {
      supplied.insert(e.field);
    }
  }

  Json mapping = Json::array();
  std::vector<std::string> customHeaders, ignoredHeaders;
  // In column order; `rank` orders the columns of one field (lower first).
  for (const Entry& e : entries) {
    Json m = {{"header", e.header},
              {"column", e.column},
              {"field", e.field.empty() ? Json(nullptr) : Json(e.field)},
              {"how", e.how},
              {"rank", e.rank}};
    if (e.part == "split") {
      m["split"] = Json{{"first", e.field}, {"last", e.splitLast}};
    } else if (!e.part.empty()) {
      m["part"] = e.part;
    }
    mapping.push_back(std::move(m));
    if (e.how == "custom") customHeaders.push_back(e.header);
    if (e.how == "ignored") ignoredHeaders.push_back(e.header);
  }
  if (!customHeaders.empty())
    warnings.push_back(
        warning("custom_columns",
                joinQuoted(customHeaders) + " match no " + std::string(provider.id) +
                    " field and will be sent as custom fields" +
                    (customPrefix.empty() ? "" : " (under " + std::string(provider.customFieldsObject) + ")") +
                    "; use --map \"Header=field\" or \"Header=-\" to change that",
                customHeaders));
  // Ignored by the user's map ("-") are not warned about; the others are.
  std::vector<std::string> warnIgnored;
  for (const auto& h : ignoredHeaders)
    if (!userMap.count(text::foldKey(h))) warnIgnored.push_back(h);
  if (!warnIgnored.empty())
    warnings.push_back(warning("ignored_columns",
                               joinQuoted(warnIgnored) + " match no " + std::string(provider.id) +
                                   " field and are not sent; use --map \"Header=field\" to map one",
                               warnIgnored));

  // Required fields and identities no column supplies.
  Json missing = Json::array();
  for (const auto& f : provider.fields) {
    if (!f.required || f.path.find('.') != std::string_view::npos) continue;
    if (supplied.count(std::string(f.path))) continue;
    missing.push_back(Json{{"anyOf", Json::array({std::string(f.path)})},
                           {"message", std::string(f.path) + " is required and no column supplies it"}});
  }
  IdentityRules rules = provider.identity(o);
  if (!rules.anyOf.empty()) {
    bool any = false;
    Json names = Json::array();
    std::string list;
    for (auto f : rules.anyOf) {
      any |= supplied.count(std::string(f)) > 0;
      names.push_back(std::string(f));
      list += (list.empty() ? "" : ", ") + std::string(f);
    }
    if (!any)
      missing.push_back(Json{{"anyOf", names},
                             {"message", "no column supplies an identity (" + list + "): every row will be invalid"}});
  }
  if (!missing.empty()) {
    std::string text;
    for (const auto& m : missing) text += (text.empty() ? "" : "; ") + m["message"].get<std::string>();
    warnings.push_back(warning("missing_columns", text, {}));
  }
  return dumpJson(Json{{"mapping", mapping}, {"missing", missing}, {"warnings", warnings}});
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
