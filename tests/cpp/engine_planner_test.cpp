// The planner: identity clusters, foldGmail, row country, maxBodyBytes, batching
// across pushes, intake of bad rows, and option errors.
#include <string>

#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;
using lrtest::runPlanText;

namespace {
const char* kReached = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a"})";
const char* kPuffleEmail = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b","channel":"email"})";

J reachedOpts(const J& extra = J::object()) {
  J o = J::parse(kReached);
  for (auto it = extra.begin(); it != extra.end(); ++it) o[it.key()] = it.value();
  return o;
}

// A valid lead for each provider, distinct per n.
J leadFor(const std::string& provider, int n) {
  std::string s = std::to_string(n);
  if (provider == "magnetite")
    return J{{"companyName", "Acme"}, {"contactName", "C " + s}, {"email", "c" + s + "@acme.com"}};
  if (provider == "sendpilot") return J{{"linkedinUrl", "https://www.linkedin.com/in/p-" + s}};
  return J{{"email", "c" + s + "@acme.com"}};
}
J optionsFor(const std::string& provider) {
  if (provider == "reached") return J::parse(kReached);
  if (provider == "puffle") return J::parse(kPuffleEmail);
  return J{{"campaignId", "camp_1"}};
}
const char* kProviders[] = {"magnetite", "sendpilot", "reached", "sendkit", "puffle"};

// A JSON value nested `depth` levels deep: {"a":{"a":...{}}}.
std::string nested(int depth) {
  std::string s;
  for (int i = 1; i < depth; ++i) s += "{\"a\":";
  s += "{}";
  for (int i = 1; i < depth; ++i) s += "}";
  return s;
}
}  // namespace

// ---------------------------------------------------------------- dedup

TEST(DedupClusters, IssueExampleRowsOneAndTwoBothDuplicateOfZero) {
  Plan p = runPlan("reached", kReached, R"([
      {"email":"x@acme.com"},
      {"email":"x@acme.com","phone":"+15124775071"},
      {"phone":"+15124775071"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "email");
  EXPECT_ROW_DUPLICATE(p.row(2), 0, "phone");
}

TEST(DedupClusters, ClustersNeverMerge) {
  Plan p = runPlan("reached", kReached, R"([
      {"email":"a@acme.com"},
      {"phone":"+15124775071"},
      {"email":"a@acme.com","phone":"+15124775071"},
      {"email":"a@acme.com"},
      {"phone":"+15124775071"},
      {"email":"c@acme.com","phone":"+15124775071"},
      {"email":"c@acme.com"}])");
  lrtest::expectWellFormed(p, 7);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_OK(p.row(1));
  // Row 2 touches both clusters: it is a duplicate of one of them...
  EXPECT_EQ(p.row(2)["status"], "duplicate");
  EXPECT_TRUE(p.row(2)["duplicateOf"] == 0 || p.row(2)["duplicateOf"] == 1) << p.row(2).dump();
  // ...and the two clusters stay apart.
  EXPECT_ROW_DUPLICATE(p.row(3), 0, "email");
  EXPECT_ROW_DUPLICATE(p.row(4), 1, "phone");
  // Clusters grow by their duplicates' new identities.
  EXPECT_ROW_DUPLICATE(p.row(5), 1, "phone");
  EXPECT_ROW_DUPLICATE(p.row(6), 1, "email");
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 1}}));
}

TEST(DedupClusters, ExistingClusterGrowsToo) {
  Plan p = runPlanJson("reached", reachedOpts(J{{"existing", J::parse(R"([{"email":"x@acme.com"}])")}}),
                       J::parse(R"([{"email":"x@acme.com","phone":"+15124775071"},{"phone":"+1 512 477 5071"}])"));
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "email");
  EXPECT_ROW_DUPLICATE(p.row(1), "existing", "phone");
  EXPECT_TRUE(p.requests.empty());
}

TEST(DedupClusters, InvalidRowsNeverEnterTheIndex) {
  // strict: an invalid optional identity makes the row invalid (else it is left out with a warning).
  Plan p = runPlanJson("reached", reachedOpts(J{{"strict", true}}), J::parse(R"([
      {"email":"x@acme.com","phone":"not a phone"},
      {"email":"x@acme.com"},
      {"email":"y@acme.com","lead_id":"nope"},
      {"email":"y@acme.com"}])"));
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_ERROR(p.row(0), "phone", "invalid_phone");
  EXPECT_ROW_OK(p.row(1));
  EXPECT_ROW_ERROR(p.row(2), "lead_id", "invalid_uuid");
  EXPECT_ROW_OK(p.row(3));
}

TEST(DedupClusters, ExistingLeadsMatchOnTheirValidIdentities) {
  // options.existing are the campaign's own leads, not rows: each valid identity
  // they carry matches, whatever else they lack; a non-object matches nothing.
  Plan p = runPlanJson(
      "reached", reachedOpts(J{{"existing", J::parse(R"([{"email":"z@acme.com","phone":"bad"}, 7, "w@acme.com"])")}}),
      J::parse(R"([{"email":"z@acme.com"},{"email":"w@acme.com"}])"));
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "email");
  EXPECT_ROW_OK(p.row(1));
}

TEST(DedupClusters, InvalidAndMatchingIsInvalid) {
  Plan p = runPlanJson("reached", reachedOpts(J{{"strict", true}}), J::parse(R"([
      {"email":"x@acme.com"},
      {"email":"x@acme.com","lead_id":"not-a-uuid"}])"));
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_ERROR(p.row(1), "lead_id", "invalid_uuid");
  EXPECT_TRUE(p.row(1)["duplicateOf"].is_null());
  EXPECT_TRUE(p.row(1)["matchedOn"].is_null());
}

TEST(DedupClusters, DedupSpansPushesAndBatchesSpanPushes) {
  J rows = J::array();
  for (int i = 0; i < 230; ++i) rows.push_back(J{{"email", "u" + std::to_string(i % 200) + "@acme.com"}});
  Plan whole = runPlanJson("reached", reachedOpts(), rows);
  Plan chunked = runPlanJson("reached", reachedOpts(), rows, 7);
  lrtest::expectWellFormed(chunked, 230);
  EXPECT_EQ(whole.rows, chunked.rows);
  EXPECT_EQ(whole.requests, chunked.requests);
  EXPECT_EQ(whole.summary, chunked.summary);
  EXPECT_EQ(chunked.summary["ok"], 200);
  EXPECT_EQ(chunked.summary["duplicate"], 30);
  EXPECT_ROW_DUPLICATE(chunked.row(205), 5, "email");
  EXPECT_EQ(chunked.indexes().size(), 2u);
  EXPECT_EQ(chunked.indexes()[0].size(), 100u);
}

TEST(DedupFoldGmail, FoldsOnlyTheDedupKeyAndOnlyWhenAsked) {
  const char* rows = R"([
      {"email":"John.Smith+news@Gmail.com"},
      {"email":"johnsmith@googlemail.com"},
      {"email":"j.o.h.n.s.m.i.t.h@gmail.com"},
      {"email":"john.smith@acme.com"},
      {"email":"johnsmith@acme.com"}])";
  Plan folded = runPlanJson("reached", reachedOpts(J{{"foldGmail", true}}), J::parse(rows));
  lrtest::expectWellFormed(folded, 5);
  EXPECT_ROW_OK(folded.row(0));
  EXPECT_ROW_DUPLICATE(folded.row(1), 0, "email");
  EXPECT_ROW_DUPLICATE(folded.row(2), 0, "email");
  EXPECT_ROW_OK(folded.row(3));  // not a gmail address: dots matter
  EXPECT_ROW_OK(folded.row(4));
  // The value sent is the address lowercased, never folded.
  EXPECT_EQ(folded.row(0)["lead"]["email"], "john.smith+news@gmail.com");
  EXPECT_EQ(folded.request(0)["body"]["leads"][0]["email"], "john.smith+news@gmail.com");

  Plan plain = runPlanJson("reached", reachedOpts(), J::parse(rows));
  for (int i = 0; i < 5; ++i) EXPECT_ROW_OK(plain.row(i));
  Plan off = runPlanJson("reached", reachedOpts(J{{"foldGmail", false}}), J::parse(rows));
  for (int i = 0; i < 5; ++i) EXPECT_ROW_OK(off.row(i));

  // Against existing leads too.
  Plan ex = runPlanJson("puffle",
                        J{{"campaignId", "3f1c2d4e-0000-4000-8000-00000000000b"},
                          {"foldGmail", true},
                          {"existing", J::parse(R"([{"email":"mary.leroy@gmail.com"}])")}},
                        J::parse(R"([{"email":"MaryLeroy+promo@gmail.com"}])"));
  EXPECT_ROW_DUPLICATE(ex.row(0), "existing", "email");
}

TEST(PlannerCountry, RowCountryIsThePhoneDefaultRegionAheadOfTheOption) {
  Plan p = runPlan("puffle", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b","defaultCountry":"US"})", R"([
      {"email":"a@acme.com","phone":"07.53.71.43.02","country":"FR"},
      {"email":"b@acme.com","phone":"(303) 514-0233"},
      {"email":"c@acme.com","phone":"+1 512-477-5071","country":"FR"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_EQ(p.row(0)["lead"]["phone"], "+33753714302");
  EXPECT_EQ(p.row(1)["lead"]["phone"], "+13035140233");
  EXPECT_EQ(p.row(2)["lead"]["phone"], "+15124775071");  // an explicit + wins over any region
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(p.row(i)["lead"].contains("country"));
  // Without any region the national number cannot be made E.164; the row's country is enough.
  p = runPlan("puffle", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b"})",
              R"([{"email":"a@acme.com","phone":"07.53.71.43.02"},
                  {"email":"b@acme.com","phone":"07.53.71.43.02","country":"FR"}])");
  // (phone is optional for puffle: left out with a warning, issue 7)
  EXPECT_EQ(p.row(0)["status"], "ok");
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "phone", "invalid_phone")) << p.row(0).dump();
  EXPECT_FALSE(p.row(0)["lead"].contains("phone"));
  EXPECT_ROW_OK(p.row(1));
  EXPECT_EQ(p.row(1)["lead"]["phone"], "+33753714302");
}

// ---------------------------------------------------------------- maxBodyBytes

namespace {
size_t bodyBytes(const J& request) { return request["body"].dump().size(); }
}  // namespace

TEST(PlannerMaxBodyBytes, SplitsRequestsByCompactBodyBytes) {
  J rows = J::array();
  for (int i = 0; i < 40; ++i)
    rows.push_back(J{{"email", "user" + std::to_string(i) + "@acme.com"}, {"first_name", std::string(i % 7 * 5, 'n')}});
  const size_t cap = 300;
  Plan p = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", cap}}), rows);
  lrtest::expectWellFormed(p, 40);
  EXPECT_EQ(p.summary["ok"], 40);
  ASSERT_GT(p.requests.size(), 3u);
  for (size_t k = 0; k < p.requests.size(); ++k) {
    EXPECT_LE(bodyBytes(p.request(k)), cap) << k;
    // Greedy: the next request's first lead would not have fitted.
    if (k + 1 < p.requests.size()) {
      size_t next = p.request(k + 1)["body"]["leads"][0].dump().size();
      EXPECT_GT(bodyBytes(p.request(k)) + 1 + next, cap) << k;
    }
  }
  // Without the cap: one request of 40.
  EXPECT_EQ(runPlanJson("reached", reachedOpts(), rows).requests.size(), 1u);
}

TEST(PlannerMaxBodyBytes, BatchSizeStillApplies) {
  J rows = J::array();
  for (int i = 0; i < 10; ++i) rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan p = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", 100000}, {"batchSize", 3}}), rows);
  EXPECT_EQ(p.indexes().size(), 4u);
}

TEST(PlannerMaxBodyBytes, ALeadThatAloneExceedsIsTooLong) {
  J big = J{{"email", "big@acme.com"}, {"first_name", std::string(150, 'b')}};
  // {"leads":[<lead>]}
  const size_t exact = 10 + big.dump().size() + 2;
  J rows = J::array({J{{"email", "a@acme.com"}}, big, J{{"email", "c@acme.com"}}});

  Plan fits = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", exact}}), rows);
  lrtest::expectWellFormed(fits, 3);
  EXPECT_ROW_OK(fits.row(1));
  bool alone = false;
  for (const auto& q : fits.requests)
    if (q["indexes"] == J::array({1})) {
      alone = true;
      EXPECT_EQ(bodyBytes(q), exact);
    }
  EXPECT_TRUE(alone);

  Plan over = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", exact - 1}}), rows);
  lrtest::expectWellFormed(over, 3);
  EXPECT_ROW_OK(over.row(0));
  EXPECT_ROW_ERROR(over.row(1), "", "too_long");
  EXPECT_ROW_OK(over.row(2));
  EXPECT_EQ(over.summary["invalid"], 1);
}

TEST(PlannerMaxBodyBytes, MagnetiteBodyIsTheLead) {
  J lead =
      J{{"companyName", "Acme"}, {"contactName", "John"}, {"email", "john@acme.com"}, {"notes", std::string(100, 'x')}};
  J sent = lead;
  sent["domain"] = "acme.com";
  const size_t exact = sent.dump().size();
  Plan ok = runPlanJson("magnetite", J{{"campaignId", "c"}, {"maxBodyBytes", exact}}, J::array({lead}));
  EXPECT_ROW_OK(ok.row(0));
  EXPECT_EQ(bodyBytes(ok.request(0)), exact);
  Plan bad = runPlanJson("magnetite", J{{"campaignId", "c"}, {"maxBodyBytes", exact - 1}}, J::array({lead}));
  EXPECT_ROW_ERROR(bad.row(0), "", "too_long");
  EXPECT_TRUE(bad.requests.empty());
}

TEST(PlannerMaxBodyBytes, SendpilotEnvelopeCounts) {
  J lead = J{{"linkedinUrl", "https://www.linkedin.com/in/someone"}};
  const size_t exact = std::string(R"({"campaignId":"camp_long_name","leads":[)").size() + lead.dump().size() + 2;
  Plan ok =
      runPlanJson("sendpilot", J{{"campaignId", "camp_long_name"}, {"maxBodyBytes", exact}}, J::array({lead, lead}));
  EXPECT_ROW_OK(ok.row(0));
  EXPECT_EQ(bodyBytes(ok.request(0)), exact);
  Plan bad =
      runPlanJson("sendpilot", J{{"campaignId", "camp_long_name"}, {"maxBodyBytes", exact - 1}}, J::array({lead}));
  EXPECT_ROW_ERROR(bad.row(0), "", "too_long");
}

TEST(PlannerMaxBodyBytes, CountsUtf8Bytes) {
  J rows = J::array();
  for (int i = 0; i < 12; ++i)
    rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}, {"first_name", "Zoë Ångström ✓ 名前"}});
  Plan p = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", 250}}), rows);
  lrtest::expectWellFormed(p, 12);
  EXPECT_EQ(p.summary["ok"], 12);
  for (const auto& q : p.requests) EXPECT_LE(bodyBytes(q), 250u) << q["body"].dump();
}

TEST(PlannerMaxBodyBytes, BodiesAreCompactJsonWhateverTheRowSpelling) {
  // Free JSON and custom fields written with spaces and optional escapes: the body
  // is compact JSON and maxBodyBytes counts its compact bytes.
  std::string rowText = R"([{"companyName":"A","contactName":"B","email":"b@acme.com",
      "researchData":{ "a" : 1 ,  "b" : [ 1 , 2 ] , "c" : "x\/y\u00e9" , "d" : { } },
      "company":{ "technologies" : [ "AWS" , "GCP" ] }}])";
  J sent = J::parse(R"({"companyName":"A","contactName":"B","email":"b@acme.com",
      "researchData":{"a":1,"b":[1,2],"c":"x/yé","d":{}},"company":{"technologies":["AWS","GCP"]},"domain":"acme.com"})");
  const size_t exact = sent.dump().size();
  for (size_t cap : {exact, exact - 1}) {
    SCOPED_TRACE(cap);
    auto created =
        lrtest::createPlanner("magnetite", J{{"campaignId", "c"}, {"emitBodies", true}, {"maxBodyBytes", cap}}.dump());
    ASSERT_TRUE(created) << created.error().message;
    auto& planner = created.value();
    std::string rows = planner->pushJsonArray(rowText);
    J r = lrtest::parse(rows), f = lrtest::parse(planner->finish());
    if (cap == exact) {
      EXPECT_ROW_OK(r["rows"][0]);
      ASSERT_EQ(r["requests"].size() + f["requests"].size(), 1u);  // magnetite: sent as soon as read
      EXPECT_EQ(r["requests"][0]["body"], sent);
      // The text itself is compact: the row's lead and the request body.
      size_t first = rows.find(sent.dump());
      ASSERT_NE(first, std::string::npos) << rows;
      EXPECT_NE(rows.find(sent.dump(), first + 1), std::string::npos) << rows;
    } else {
      EXPECT_ROW_ERROR(r["rows"][0], "", "too_long");
    }
  }
  // Sendpilot's flat custom arrays too.
  auto created = lrtest::createPlanner("sendpilot", R"({"campaignId":"c","emitBodies":true})");
  ASSERT_TRUE(created) << created.error().message;
  auto& planner = created.value();
  planner->pushJsonArray(R"([{"linkedinUrl":"https://www.linkedin.com/in/a","tags":[ "x" , 2 , true ]}])");
  std::string fin = planner->finish();
  EXPECT_NE(fin.find(R"("tags":["x",2,true])"), std::string::npos) << fin;
}

TEST(PlannerMaxBodyBytes, TooLongRowsNeverEnterTheIndex) {
  J big = J{{"email", "x@acme.com"}, {"first_name", std::string(150, 'b')}};
  Plan p = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", 100}}), J::array({big, J{{"email", "x@acme.com"}}}));
  EXPECT_ROW_ERROR(p.row(0), "", "too_long");
  EXPECT_ROW_OK(p.row(1));
}

TEST(PlannerMaxBodyBytes, TooLongAndMatchingIsInvalid) {
  J big = J{{"email", "x@acme.com"}, {"first_name", std::string(150, 'b')}};
  Plan p = runPlanJson("reached", reachedOpts(J{{"maxBodyBytes", 100}}), J::array({J{{"email", "x@acme.com"}}, big}));
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_ERROR(p.row(1), "", "too_long");
  EXPECT_TRUE(p.row(1)["duplicateOf"].is_null());
}

// ---------------------------------------------------------------- intake

TEST(IntakeRows, NonObjectRowIsInvalidTypeWithNullField) {
  for (const char* provider : kProviders) {
    SCOPED_TRACE(provider);
    J rows = J::array(
        {leadFor(provider, 0), 42, "a string", nullptr, J::array({leadFor(provider, 1)}), true, leadFor(provider, 2)});
    Plan p = runPlanJson(provider, optionsFor(provider), rows);
    lrtest::expectWellFormed(p, 7);
    EXPECT_ROW_OK(p.row(0));
    for (int i = 1; i <= 5; ++i) {
      EXPECT_ROW_ERROR(p.row(i), "", "invalid_type");
      ASSERT_EQ(p.row(i)["errors"].size(), 1u);
      EXPECT_TRUE(p.row(i)["errors"][0]["field"].is_null());
    }
    EXPECT_ROW_OK(p.row(6));
  }
}

TEST(IntakeRows, InvalidJsonRowIsInvalidOthersUnaffected) {
  Plan p = runPlanText("reached", J::parse(kReached), R"([
      {"email":"a@acme.com"},
      {"email": },
      nope,
      {"email":"c@acme.com"} trailing,
      {'email':'d@acme.com'},
      {"email":"e@acme.com"}])");
  lrtest::expectWellFormed(p, 6);
  EXPECT_ROW_OK(p.row(0));
  for (int i = 1; i <= 4; ++i) EXPECT_ROW_ERROR(p.row(i), "", "invalid_type");
  EXPECT_ROW_OK(p.row(5));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 5}}));
}

TEST(IntakeRows, InvalidUtf8RowIsInvalid) {
  std::string text =
      "[{\"email\":\"a@acme.com\"},{\"email\":\"b@acme.com\",\"first_name\":\"\xC3\x28\"},"
      "{\"email\":\"c@acme.com\"}]";
  Plan p = runPlanText("reached", J::parse(kReached), text);
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(1)["status"], "invalid");
  EXPECT_ROW_OK(p.row(2));
}

TEST(IntakeRows, NestingDeeperThan64IsInvalid) {
  auto rowWithResearch = [](int rowDepth) {
    // The row object is level 1; researchData (free JSON) holds the rest.
    return std::string(R"({"companyName":"A","contactName":"B","email":"b@acme.com","researchData":)") +
           nested(rowDepth - 1) + "}";
  };
  std::string text = "[" + rowWithResearch(64) + "," + rowWithResearch(65) + "," + rowWithResearch(100000) +
                     R"(,{"companyName":"A","contactName":"C","email":"c@acme.com"}])";
  Plan p = runPlanText("magnetite", J{{"campaignId", "c"}}, text);
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_ERROR(p.row(1), "", "invalid_type");
  EXPECT_ROW_ERROR(p.row(2), "", "invalid_type");
  EXPECT_ROW_OK(p.row(3));
}

TEST(IntakeRows, ChunkThatIsNotAnArrayIsFatal) {
  for (const char* text : {R"({"email":"a@acme.com"})", "not json", R"([{"email":"a@acme.com"})", "",
                           R"([{"email":"a@acme.com"}] extra)", "[1,,2]"}) {
    SCOPED_TRACE(text);
    Plan p = runPlanText("reached", J::parse(kReached), text);
    EXPECT_EQ(p.fatals.size(), 1u);
    EXPECT_TRUE(p.rows.empty());
  }
}

TEST(IntakeRows, EmptyArrayAndByteOrderMark) {
  Plan p = runPlanText("reached", J::parse(kReached), "[]");
  lrtest::expectWellFormed(p, 0);
  EXPECT_TRUE(p.requests.empty());
  p = runPlanText("reached", J::parse(kReached), "\xEF\xBB\xBF[{\"email\":\"a@acme.com\"}]");
  lrtest::expectWellFormed(p, 1);
  EXPECT_ROW_OK(p.row(0));
}

TEST(IntakeRows, NdjsonRows) {
  auto created =
      lrtest::createPlanner("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","emitBodies":true})");
  ASSERT_TRUE(created) << created.error().message;
  auto& planner = created.value();
  J a = lrtest::parse(
      planner->pushNdjson("{\"email\":\"a@acme.com\"}\n\n  {bad json}\n[1]\n{\"email\":\"A@acme.com\"}\r\n"));
  ASSERT_EQ(a["rows"].size(), 4u);
  EXPECT_ROW_OK(a["rows"][0]);
  EXPECT_ROW_ERROR(a["rows"][1], "", "invalid_type");
  EXPECT_ROW_ERROR(a["rows"][2], "", "invalid_type");
  EXPECT_ROW_DUPLICATE(a["rows"][3], 0, "email");
  J b = lrtest::parse(planner->pushJsonArray(R"([{"email":"b@acme.com"}])"));
  EXPECT_EQ(b["rows"][0]["index"], 4);  // indexes continue across pushes
  J f = lrtest::parse(planner->finish());
  EXPECT_EQ(f["summary"],
            J::parse(R"({"total":5,"ok":2,"invalid":2,"duplicate":1,"requests":1,"minDurationSeconds":0})"));
  EXPECT_EQ(f["requests"][0]["indexes"], J::parse("[0,4]"));
  // A finished planner takes no more rows.
  EXPECT_EQ(lrtest::fatalOf(lrtest::parse(planner->pushJsonArray("[]"))), "invalid_state/");
  EXPECT_EQ(lrtest::fatalOf(lrtest::parse(planner->pushNdjson("{}"))), "invalid_state/");
}

// ---------------------------------------------------------------- output shape

TEST(PlannerOutput, RowsAndRequestsShape) {
  Plan p = runPlanJson("reached", reachedOpts(), J::parse(R"([{"email":"a@acme.com"},{"email":"a@acme.com"},{}])"));
  lrtest::expectWellFormed(p, 3);
  EXPECT_EQ(p.summary, J::parse(R"({"total":3,"ok":1,"invalid":1,"duplicate":1,"requests":1,"minDurationSeconds":0})"));
  const J& q = p.request(0);
  for (const char* k : {"method", "path", "headers", "indexes", "body"}) EXPECT_TRUE(q.contains(k)) << k;
  // Without emitBodies the body is left to the caller (the JS wrapper assembles it).
  Plan nob = runPlanJson("reached", reachedOpts(J{{"emitBodies", false}}), J::parse(R"([{"email":"a@acme.com"}])"));
  EXPECT_FALSE(nob.request(0).contains("body"));
  EXPECT_EQ(nob.request(0)["envelope"], J::object());
}

TEST(PlannerOutput, EveryProviderSendsEachOkRowOnce) {
  for (const char* provider : kProviders) {
    SCOPED_TRACE(provider);
    J rows = J::array();
    for (int i = 0; i < 30; ++i) rows.push_back(leadFor(provider, i % 25));
    Plan p = runPlanJson(provider, optionsFor(provider), rows, 4);
    lrtest::expectWellFormed(p, 30);
    EXPECT_EQ(p.summary["ok"], 25);
    EXPECT_EQ(p.summary["duplicate"], 5);
    // The bodies carry exactly the ok rows' leads, in order.
    J sent = J::array();
    for (const auto& q : p.requests)
      for (const auto& l : lrtest::sentLeads(q)) sent.push_back(l);
    J want = J::array();
    for (const auto& r : p.rows)
      if (r["status"] == "ok") want.push_back(r["lead"]);
    EXPECT_EQ(sent, want);
  }
}

// ---------------------------------------------------------------- options

TEST(PlannerOptions, DefaultCountryTakesNamesAndAlpha3) {
  for (const char* c : {"USA", "United States", "fr", "FRA", "France"})
    EXPECT_EQ(lrtest::plannerError(
                  "reached", std::string(R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","defaultCountry":")") +
                                 c + "\"}"),
              "")
        << c;
}

TEST(PlannerOptions, BadArgumentsNameTheArgument) {
  struct Case {
    const char* provider;
    const char* options;
    const char* names;  // text the message must contain
  };
  const Case cases[] = {
      {"hubspot", R"({"campaignId":"c"})", "provider"},
      {"", R"({"campaignId":"c"})", "provider"},
      {"Reached", R"({"campaignId":"c"})", "provider"},
      {"sendkit", "{not json", "options"},
      {"sendkit", "[1,2]", "options"},
      {"sendkit", "{}", "campaignId"},
      {"sendkit", R"({"campaignId":""})", "campaignId"},
      {"sendkit", R"({"campaignId":5})", "campaignId"},
      {"sendkit", R"({"campaignId":"a\nb"})", "campaignId"},
      {"reached", R"({"campaignId":"not-a-uuid"})", "campaignId"},
      {"puffle", R"({"campaignId":"3f1c2d4e-0000-4000-8000"})", "campaignId"},
      {"sendkit", R"({"campaignId":"c","defaultCountry":"XX"})", "defaultCountry"},
      {"sendkit", R"({"campaignId":"c","defaultCountry":"Narnia"})", "defaultCountry"},
      {"sendkit", R"({"campaignId":"c","defaultCountry":1})", "defaultCountry"},
      {"puffle", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b","channel":"sms"})", "channel"},
      {"sendkit", R"({"campaignId":"c","batchSize":0})", "batchSize"},
      {"sendkit", R"({"campaignId":"c","batchSize":2.5})", "batchSize"},
      {"sendkit", R"({"campaignId":"c","batchSize":"10"})", "batchSize"},
      {"sendkit", R"({"campaignId":"c","batchSize":1e30})", "batchSize"},
      {"sendkit", R"({"campaignId":"c","batchSize":-1e30})", "batchSize"},
      {"sendpilot", R"({"campaignId":"c","batchSize":101})", "batchSize"},
      {"magnetite", R"({"campaignId":"c","batchSize":2})", "batchSize"},
      {"reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","batchSize":10001})", "batchSize"},
      {"sendkit", R"({"campaignId":"c","maxBodyBytes":10})", "maxBodyBytes"},
      {"sendkit", R"({"campaignId":"c","maxBodyBytes":"1000"})", "maxBodyBytes"},
      {"sendkit", R"({"campaignId":"c","maxBodyBytes":-5})", "maxBodyBytes"},
      {"sendkit", R"({"campaignId":"c","template":["Hi"]})", "template"},
      {"sendkit", R"({"campaignId":"c","foldGmail":"yes"})", "foldGmail"},
      {"sendkit", R"({"campaignId":"c","existing":{"email":"a@b.co"}})", "existing"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.provider) + " " + c.options);
    std::string f = lrtest::plannerFailure(c.provider, c.options);
    ASSERT_NE(f.find('/'), std::string::npos) << "no error for " << c.options;
    EXPECT_GT(f.find('/'), 0u) << f;  // a code
    // the option to blame (none for the provider or the options text as a whole)
    std::string names = c.names;
    EXPECT_EQ(f.substr(f.find('/') + 1), names == "provider" || names == "options" ? "" : names) << f;
    std::string e = lrtest::plannerError(c.provider, c.options);
    EXPECT_NE(e.find(c.names), std::string::npos) << e;  // and the message names it
  }
}

TEST(PlannerOptions, AcceptedOptions) {
  const char* ok[] = {
      R"({"campaignId":"c"})",
      R"({"campaignId":"c","defaultCountry":"us"})",
      R"({"campaignId":"c","defaultCountry":""})",
      R"({"campaignId":"c","batchSize":10.0})",
      R"({"campaignId":"c","maxBodyBytes":64})",
      R"({"campaignId":"c","emitBodies":false})",
      R"({"campaignId":"c","batchSize":null,"template":null})",
      R"({"campaignId":"c","existing":[]})",
  };
  for (const char* o : ok) EXPECT_EQ(lrtest::plannerError("sendkit", o), "") << o;
  EXPECT_EQ(lrtest::plannerFailure("sendkit", R"({"campaignId":"c","maxBodyBytes":63})"), "invalid_value/maxBodyBytes");
}

// An option name the engine does not know is refused (a typo would otherwise
// be silently ignored), with code unknown_option and the option named.
TEST(PlannerOptions, UnknownOptionsAreRefused) {
  for (auto [o, name] : {std::pair{R"({"campaignId":"c","someFutureOption":{"x":1}})", "someFutureOption"},
                         std::pair{R"({"campaignId":"c","batchsize":5})", "batchsize"},
                         std::pair{R"({"campaignId":"c","bogusOption":null})", "bogusOption"}}) {
    auto r = lrtest::createPlanner("sendkit", o);
    ASSERT_FALSE(r) << o;
    EXPECT_EQ(r.error().code, "unknown_option") << o;
    EXPECT_EQ(r.error().option, name) << o;
    EXPECT_NE(r.error().message.find(r.error().option), std::string::npos) << r.error().message;
  }
  auto wrongType = lrtest::createPlanner("sendkit", R"({"campaignId":"c","batchSize":"5"})");
  EXPECT_EQ(wrongType.error().code, "invalid_type");
  EXPECT_EQ(wrongType.error().option, "batchSize");
  auto outOfRange = lrtest::createPlanner("sendkit", R"({"campaignId":"c","batchSize":1000000})");
  EXPECT_EQ(outOfRange.error().code, "invalid_value");
  EXPECT_EQ(outOfRange.error().option, "batchSize");
  auto missing = lrtest::createPlanner("sendkit", "{}");
  EXPECT_EQ(missing.error().code, "missing_field");
  EXPECT_EQ(missing.error().option, "campaignId");
}

TEST(PlannerOptions, LowercaseDefaultCountryWorks) {
  Plan p = runPlan("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","defaultCountry":"fr"})",
                   R"([{"phone":"06 98 76 54 32"}])");
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["phone"], "+33698765432");
}

// ---------------------------------------------------------------- single lead check (api.h)

TEST(PlannerValidator, SingleLeadCheckMatchesThePlanRules) {
  auto created = leadroster::api::LeadValidator::create("reached", R"({"defaultCountry":"US"})");
  ASSERT_TRUE(created) << created.error().message;
  auto& v = created.value();
  J ok = lrtest::parse(v->check(R"({"phone":"(303) 514-0233","firstName":"X"})"));
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["lead"], J::parse(R"({"phone":"+13035140233"})"));
  EXPECT_TRUE(lrtest::hasProblem(ok["warnings"], "firstName", "unknown_field"));
  J bad = lrtest::parse(v->check(R"({"title":"x"})"));
  EXPECT_EQ(bad["ok"], false);
  EXPECT_TRUE(lrtest::hasProblem(bad["errors"], "", "missing_identity"));
  J notObject = lrtest::parse(v->check("[1]"));
  EXPECT_TRUE(lrtest::hasProblem(notObject["errors"], "", "invalid_type"));
  J notJson = lrtest::parse(v->check("{oops"));
  EXPECT_TRUE(lrtest::hasProblem(notJson["errors"], "", "invalid_type"));
  auto unknown = leadroster::api::LeadValidator::create("nope", "{}");
  EXPECT_FALSE(unknown);
  EXPECT_EQ(unknown.value(), nullptr);
  EXPECT_EQ(unknown.error().code, "unknown_provider");
  EXPECT_NE(unknown.error().message.find("provider"), std::string::npos);
}

// ---------------------------------------------------------------- suppression

TEST(Suppression, ASuppressedLeadIsNeverPlannedWhateverElseItIs) {
  J entries = J::parse(R"([{"kind":"email","value":"Ann@Acme.com"},{"kind":"domain","value":"blocked.io"},
                          {"kind":"phone","value":"+15124775071"}])");
  Plan p = runPlanJson("reached", reachedOpts(J{{"suppressed", entries}}), J::parse(R"([
      {"email":"ann@acme.com"},
      {"email":"bo@mail.blocked.io"},
      {"email":"cy@acme.com","phone":"+1 512 477 5071"},
      {"email":"cy@acme.com"},
      {"email":"di@notblocked.io"},
      {"email":"ann@acme.com","first_name":"again"}])"));
  ASSERT_EQ(p.rows.size(), 6u);
  EXPECT_EQ(p.statuses(),
            (std::vector<std::string>{"suppressed", "suppressed", "suppressed", "ok", "ok", "suppressed"}));
  EXPECT_EQ(p.row(0)["suppressedBy"], 0);  // the email, compared lowercased
  EXPECT_EQ(p.row(1)["suppressedBy"], 1);  // a domain matches the emails under it
  EXPECT_EQ(p.row(2)["suppressedBy"], 2);  // the phone, as normalized
  // a suppressed row joins no cluster: the next row of the same person is not its duplicate
  EXPECT_EQ(p.row(3)["duplicateOf"], nullptr);
  EXPECT_EQ(p.summary["suppressed"], 4);
  EXPECT_EQ(p.summary["ok"], 2);
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{3, 4}}));
}

TEST(Suppression, NoEntriesNoSuppressedCountAndBadEntriesAreRefused) {
  Plan plain = runPlanJson("reached", reachedOpts(), J::parse(R"([{"email":"ann@acme.com"}])"));
  EXPECT_FALSE(plain.summary.contains("suppressed"));
  Plan empty = runPlanJson("reached", reachedOpts(J{{"suppressed", J::array()}}), J::parse(R"([{"email":"a@b.com"}])"));
  EXPECT_EQ(empty.summary["suppressed"], 0);
  for (auto [entries, expected] : {std::pair{R"([{"kind":"ip","value":"1.2.3.4"}])", "invalid_value"},
                                   std::pair{R"(["ann@acme.com"])", "invalid_type"},
                                   std::pair{R"({"kind":"email","value":"a@b.com"})", "invalid_type"}}) {
    auto created = lrtest::createPlanner("reached", reachedOpts(J{{"suppressed", J::parse(entries)}}).dump());
    ASSERT_FALSE(created) << entries;
    EXPECT_EQ(created.error().code, expected) << entries;
    EXPECT_EQ(created.error().option, "suppressed") << entries;
  }
}
