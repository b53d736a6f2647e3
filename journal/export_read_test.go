package journal_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"hone/journal"
	"hone/journal/gen"
)

// A small valid coach-safe document, edited by the refusal cases.
const validExport = `{
  "format": "hone.export",
  "version": 1,
  "exported_at": "2026-03-01T18:30:00Z",
  "privacy": {"notes": false, "families": "pseudonyms", "dates": "day"},
  "skills": [{"id": "eng.mi", "name": "MI skills", "group": "Engagement", "key_element": "Strength & Family Driven", "archived": false}],
  "key_elements": [],
  "entries": [
    {"id": "e0001", "date": "2026-02-02", "kind": "team-meeting", "phase": 2, "family": "F1", "tags": ["mi"], "ratings": {"eng.mi": 4},
     "reflections": [{"prompt_id": "p1", "prompt": "What went well?", "answer": "The round."}]},
    {"id": "e0002", "date": "2026-02-03", "kind": "check-in", "phase": 0, "tags": [], "ratings": {"eng.mi": 3}, "reflections": []}
  ]
}`

// sampleFeedback is coach feedback as an export carries it, dated by week
// when week: an observed rating beside own ratings, a general note with
// hostile text, an observed rating with none to compare.
func sampleFeedback(week bool) []journal.FeedbackRecord {
	d := exportEnd - 10
	ratings := map[string][]journal.Rating{"eng.mi": {{Date: d - 2, Value: 4}, {Date: d + 1, Value: 3}}}
	return journal.ExportFeedback([]journal.Feedback{
		{ID: "01m89gn0a3gfn1af", Day: d, Skill: "eng.mi", Observed: 3, Note: "Round *worked*", Coach: "Chloe", Received: d + 2},
		{ID: "01m89gn0a3gfn1ag", Day: d - 1, Note: "Note <b>\x1b[31m</b> 日本語", Received: d + 2},
		{ID: "x.y-z_1", Day: d - 40, Skill: "team.facil", Observed: 5, Received: d - 30},
	}, ratings, week)
}

// sampleJournalID is a journal id of the form NewJournalID gives.
const sampleJournalID = "0kz3m8q1w5x7y9a2b4c6d8e0fg"

// An export carries its journal's id; an export of an older hone, without
// one, still reads (TestReadExportValid).
// sampleDrift is the drift analysis of a generated journal of two years as
// of exportEnd, explained with weeks when week is true.
func sampleDrift(week bool) []journal.Drift {
	ratings := map[string][]journal.Rating{}
	for _, e := range gen.Generate(gen.Options{Entries: 400, Seed: 9, Years: 2, End: exportEnd}) {
		for id, v := range e.Ratings {
			ratings[id] = append(ratings[id], journal.Rating{Skill: id, Date: e.Date, EntryID: e.ID, Value: v})
		}
	}
	if week {
		return journal.AnalyzeCatalogWeeks(journal.BuiltinSkills(), ratings, exportEnd)
	}
	return journal.AnalyzeCatalog(journal.BuiltinSkills(), ratings, exportEnd)
}

// TestReadExportCarriedVerdicts holds that an export that carries the
// facilitator's verdicts reads back with them, as Drift gives them (their
// sentences about the facilitator, for the reader), in both date forms,
// and that its re-export carries the same records, in the facilitator's
// own words.
func TestReadExportCarriedVerdicts(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 20, Seed: 3, End: exportEnd})
	since := exportEnd - 30
	for _, week := range []bool{false, true} {
		want := sampleDrift(week)
		opts := journal.ExportOptions{Now: exportNow, WeekDates: week, Since: &since, Drift: want, DriftAsOf: exportEnd}
		data := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), opts))
		x, err := journal.ReadExport(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("week %t: %v", week, err)
		}
		if len(x.Verdicts) != len(want) || !strings.Contains(string(data), `"drift_as_of": `) {
			t.Fatalf("week %t: %d verdicts, want %d", week, len(x.Verdicts), len(want))
		}
		got, err := x.Drift(exportEnd + 400)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range got {
			w := want[i]
			if d.Skill != w.Skill || d.Status != w.Status || d.Stale != w.Stale || d.Explanation != journal.SharedExplanation(w.Explanation) || d.Ratings != w.Ratings {
				t.Errorf("week %t: carried %+v\nwant %+v", week, d, w)
			}
			if week && w.Ratings > 0 && d.LastRated.Week() != w.LastRated.Week() {
				t.Errorf("week %t: last rated %s, want the week of %s", week, d.LastRated, w.LastRated)
			}
		}
		again := exportJSON(t, journal.BuildExport(mustEntries(t, x), x.Catalog(), x.Options()))
		y, err := journal.ReadExport(bytes.NewReader(again))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(x.Verdicts, y.Verdicts) || x.DriftAsOf != y.DriftAsOf {
			t.Errorf("week %t: the re-export carries other verdicts", week)
		}
	}
}

func mustEntries(t *testing.T, x *journal.Export) []*journal.Entry {
	t.Helper()
	es, err := x.Entries()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestReadExportJournalID(t *testing.T) {
	in := strings.Replace(validExport, `"version": 1,`, `"version": 1, "journal": "`+sampleJournalID+`",`, 1)
	for _, r := range []io.Reader{strings.NewReader(in), wholeReader{strings.NewReader(in)}} {
		x, err := journal.ReadExport(r)
		if err != nil {
			t.Fatal(err)
		}
		if x.Journal != sampleJournalID || x.Options().Journal != sampleJournalID {
			t.Errorf("journal %q, options %q; want %q", x.Journal, x.Options().Journal, sampleJournalID)
		}
	}
}

func TestReadExportValid(t *testing.T) {
	x, err := journal.ReadExport(strings.NewReader(validExport))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Records) != 2 || x.Full() || x.WeekDates() || len(x.KeyElements) != 1 || x.KeyElements[0].Ratings != 2 {
		t.Errorf("read %+v", x)
	}
	// By hand: prompts after the entries, as hone writes them, or before.
	for _, in := range []string{
		strings.Replace(validExport, "\n  ]\n}", "\n  ],\n  \"prompts\": [{\"id\": \"p1\", \"text\": \"What went well?\", \"tags\": [\"eng.mi\"]}]\n}", 1),
		strings.Replace(validExport, `"key_elements": [],`, `"key_elements": [], "prompts": [{"id": "p1", "text": "What went well?", "tags": ["eng.mi"]}],`, 1),
	} {
		for _, r := range []io.Reader{strings.NewReader(in), wholeReader{strings.NewReader(in)}} {
			x, err := journal.ReadExport(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.CustomPrompts(); len(got) != 1 || got[0].ID != "p1" || got[0].Text != "What went well?" || !reflect.DeepEqual(got[0].Tags, []string{"eng.mi"}) {
				t.Errorf("prompts %+v", got)
			}
		}
	}
}

// readExportRefusal is a document ReadExport refuses, with a part of the
// message it refuses it with.
type readExportRefusal struct {
	name string
	in   string
	want string
}

// readExportRefusals are the documents ReadExport must refuse: every
// check, edited into validExport.
func readExportRefusals() []readExportRefusal {
	edit := func(old, new string) string {
		if !strings.Contains(validExport, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(validExport, old, new, 1)
	}
	full := func(s string) string {
		return strings.Replace(s, `"notes": false, "families": "pseudonyms"`, `"notes": true, "families": "codes"`, 1)
	}
	personal := func(fields string) string {
		return edit(`"key_elements": [],`, `"key_elements": [], "personal": {`+fields+`},`)
	}
	prompts := func(recs string) string {
		return edit(`"key_elements": [],`, `"key_elements": [], "prompts": [`+recs+`],`)
	}
	feedback := func(rec string) string {
		return edit(`"key_elements": [],`, `"key_elements": [], "feedback": [`+rec+`],`)
	}
	verdicts := func(asOf, recs string) string {
		return edit(`"key_elements": [],`, `"key_elements": [], `+asOf+`"drift": [`+recs+`],`)
	}
	const dr = `{"skill": "eng.mi", "name": "MI skills", "status": "watch", "stale": false, "baseline": 3.6, "level": 3.05, "cusum_low": 1.5, "cusum_high": 0, "ratings": 12, "first_rated": "2025-09-01", "last_rated": "2026-02-03", "slope": -0.4, "basis": null, "reference": null, "drift_since": null, "threshold": 3, "evaluated_on": "2026-02-03", "explanation": "Your last 6 ratings average 3.1."}`
	const asOf = `"drift_as_of": "2026-03-01", `
	const fb = `{"id": "f1", "day": "2026-02-02", "skill": "eng.mi", "observed": 3, "note": null, "coach": null, "received": "2026-02-03", "self_mean": 4, "self_count": 1}`
	return []readExportRefusal{
		{"ErrFeedbackObserved", feedback(strings.Replace(fb, `"observed": 3`, `"observed": 7`, 1)), "feedback 1 (id f1): observed: 7 is outside 1-5"},
		{"ErrFeedbackSkill", feedback(strings.Replace(fb, `"skill": "eng.mi"`, `"skill": "eng.my"`, 1)), `feedback 1 (id f1): skill: unknown skill "eng.my"`},
		{"ErrFeedbackDay", feedback(strings.Replace(fb, `"day": "2026-02-02"`, `"day": "2026-W06"`, 1)), `feedback 1 (id f1): day: "2026-W06" is not a date`},
		{"ErrFeedbackReceived", feedback(strings.Replace(fb, `"received": "2026-02-03"`, `"received": ""`, 1)), `feedback 1 (id f1): received: "" is not a date`},
		{"ErrFeedbackSelfMean", feedback(strings.Replace(fb, `"self_mean": 4`, `"self_mean": 9`, 1)), "feedback 1 (id f1): self_mean: 9 is outside 1-5"},
		{"ErrFeedbackSelfMeanNoCount", feedback(strings.Replace(fb, `"self_count": 1`, `"self_count": 0`, 1)), "feedback 1 (id f1): self_mean: present without"},
		{"ErrFeedbackEmpty", feedback(`{"id": "f1", "day": "2026-02-02", "received": "2026-02-03"}`), "feedback 1 (id f1): note: an item needs a note"},
		{"ErrFeedbackTwice", feedback(fb + ", " + fb), "feedback 2 (id f1): id: feedback 1 has the same id"},
		{"ErrFeedbackUnknownField", feedback(strings.Replace(fb, `"self_count": 1`, `"self_count": 1, "mood": 2`, 1)), `unknown field "mood"`},
		{"ErrDriftNoAsOf", verdicts("", dr), "drift_as_of: missing"},
		{"ErrDriftAsOf", verdicts(`"drift_as_of": "March", `, dr), `drift_as_of: "March" is not a date`},
		{"ErrDriftAsOfWeek", verdicts(`"drift_as_of": "2026-W09", `, dr), `drift_as_of: "2026-W09" is not a date`},
		{"ErrDriftSkill", verdicts(asOf, strings.Replace(dr, `"skill": "eng.mi"`, `"skill": "eng.my"`, 1)), `drift 1 (eng.my): skill: "eng.my" is not one of the export's skills`},
		{"ErrDriftStatus", verdicts(asOf, strings.Replace(dr, `"watch"`, `"sinking"`, 1)), `drift 1 (eng.mi): status: "sinking" is not a verdict`},
		{"ErrDriftBasis", verdicts(asOf, strings.Replace(dr, `"basis": null`, `"basis": "month"`, 1)), `basis: "month" is neither`},
		{"ErrDriftLevel", verdicts(asOf, strings.Replace(dr, `"level": 3.05`, `"level": 8`, 1)), `level: 8 is outside the rating scale`},
		{"ErrDriftDate", verdicts(asOf, strings.Replace(dr, `"last_rated": "2026-02-03"`, `"last_rated": "2026-W06"`, 1)), `last_rated: "2026-W06" is not a date`},
		{"ErrDriftFuture", verdicts(asOf, strings.Replace(dr, `"evaluated_on": "2026-02-03"`, `"evaluated_on": "2026-04-03"`, 1)), `evaluated_on: 2026-04-03 is after drift_as_of`},
		{"ErrDriftBeforeFirst", verdicts(asOf, strings.Replace(dr, `"last_rated": "2026-02-03"`, `"last_rated": "2025-02-03"`, 1)), `last_rated: 2025-02-03 is before first_rated`},
		{"ErrDriftNoRatings", verdicts(asOf, strings.Replace(dr, `"ratings": 12`, `"ratings": 0`, 1)), `ratings: first_rated and last_rated`},
		{"ErrDriftExplanationEscape", verdicts(asOf, strings.Replace(dr, `"Your last 6 ratings average 3.1."`, `"Your last \u001b[2J6 ratings"`, 1)), `drift 1 (eng.mi): explanation: holds a line break or control characters`},
		{"ErrDriftNameLines", verdicts(asOf, strings.Replace(dr, `"name": "MI skills"`, `"name": "MI\nskills"`, 1)), `drift 1 (eng.mi): name: holds a line break`},
		{"ErrDriftTwice", verdicts(asOf, dr+", "+dr), `drift 2 (eng.mi): listed twice`},
		{"ErrDriftUnknownField", verdicts(asOf, strings.Replace(dr, `"stale": false`, `"stale": false, "notes": "private"`, 1)), `unknown field "notes"`},
		{"ErrDriftExplanationLong", verdicts(asOf, strings.Replace(dr, `"Your last 6 ratings average 3.1."`, `"`+strings.Repeat("a", 2001)+`"`, 1)), `explanation: 2001 characters is too long`},
		{"ErrDriftWeekDayExport", strings.Replace(verdicts(asOf, dr), `"dates": "day"`, `"dates": "week"`, 1), `"2026-03-01" is not an ISO week`},
		{"ErrEmpty", "  \n", "empty"},
		{"ErrNotJSON", "hello", "not valid JSON"},
		{"ErrTruncated", validExport[:len(validExport)/2], "truncated"},
		{"ErrArray", `[1, 2]`, "array"},
		{"ErrWrongFormat", edit(`"format": "hone.export"`, `"format": "other.export"`), `format is "other.export"`},
		{"ErrNoFormat", edit(`"format": "hone.export",`, ``), `no "format"`},
		{"ErrJrnl", `{"tags": {}, "entries": []}`, "--from jrnl"},
		{"ErrVersion2", edit(`"version": 1`, `"version": 2`), "made by a newer hone (format version 2)"},
		{"ErrVersion0", edit(`"version": 1`, `"version": 0`), "version: 0 is not a version"},
		{"ErrVersionText", edit(`"version": 1`, `"version": "1"`), "version"},
		{"ErrNoVersion", edit(`"version": 1,`, ``), "version: missing"},
		{"ErrJournalID", edit(`"version": 1,`, `"version": 1, "journal": "Not An Id",`), `journal: "Not An Id" is not a journal id`},
		{"ErrJournalIDShort", edit(`"version": 1,`, `"version": 1, "journal": "0123456789abcdefghjkmnpqr",`), `is not a journal id (26 lower-case letters and digits)`},
		{"ErrJournalIDNumber", edit(`"version": 1,`, `"version": 1, "journal": 7,`), `journal: found a JSON number`},
		{"ErrExportedAt", edit(`"2026-03-01T18:30:00Z"`, `"yesterday"`), "not RFC 3339"},
		{"ErrNoExportedAt", edit(`"exported_at": "2026-03-01T18:30:00Z",`, ``), "exported_at: missing"},
		{"ErrUnknownField", edit(`"version": 1,`, `"version": 1, "colour": "red",`), `unknown field "colour"`},
		{"ErrTrailing", validExport + "{}", "after top-level value"},
		{"ErrPrivacyMixed", edit(`"notes": false`, `"notes": true`), "privacy: notes true"},
		{"ErrPrivacyDates", edit(`"dates": "day"`, `"dates": "month"`), `dates "month"`},
		{"ErrFullWeek", full(edit(`"dates": "day"`, `"dates": "week"`)), "full export is dated by day"},
		{"ErrRange", edit(`"privacy"`, `"range": {"since": "2026-03-01", "until": "2026-02-01"}, "privacy"`), "since 2026-03-01 is after until"},
		{"ErrRangeDate", edit(`"privacy"`, `"range": {"since": "March"}, "privacy"`), "range since"},
		{"ErrSkillID", edit(`"id": "eng.mi"`, `"id": "Eng MI"`), "skill 1: skill id"},
		{"ErrSkillTwice", edit(`"archived": false}]`, `"archived": false}, {"id": "eng.mi", "name": "Again"}]`), "skill 2 (eng.mi): listed twice"},
		{"ErrRatingHigh", edit(`{"eng.mi": 4}`, `{"eng.mi": 7}`), "entry 1 (id e0001): rating: eng.mi=7 is outside 1-5"},
		{"ErrRatingZero", edit(`{"eng.mi": 3}`, `{"eng.mi": 0}`), "entry 2 (id e0002): rating: eng.mi=0 is outside 1-5"},
		{"ErrRatingFloat", edit(`{"eng.mi": 4}`, `{"eng.mi": 4.5}`), "entry 1 (id e0001): ratings"},
		{"ErrRatingUnknown", edit(`{"eng.mi": 4}`, `{"eng.my": 4}`), `unknown skill "eng.my"; did you mean eng.mi? (the export's skills list them)`},
		{"ErrDate", edit(`"2026-02-02"`, `"2026-02-30"`), `entry 1 (id e0001): date: "2026-02-30" is not a date`},
		{"ErrDateWeekInDayExport", edit(`"2026-02-02"`, `"2026-W06"`), `entry 1 (id e0001): date: "2026-W06" is not a date`},
		{"ErrDayInWeekExport", edit(`"dates": "day"`, `"dates": "week"`), `entry 1 (id e0001): date: "2026-02-02" is not an ISO week`},
		{"ErrDateOld", edit(`"2026-02-02"`, `"1850-02-02"`), "outside the years 1900 to 2099"},
		{"ErrKind", edit(`"kind": "team-meeting"`, `"kind": "party"`), `kind: "party" is not a kind`},
		{"ErrNoKind", edit(`"kind": "check-in",`, ``), `entry 2 (id e0002): kind: missing`},
		{"ErrPhase", edit(`"phase": 2`, `"phase": 9`), "phase: 9 is not a phase"},
		{"ErrTag", edit(`["mi"]`, `["Not A Tag"]`), `tag: "Not A Tag" is not a tag`},
		{"ErrIDDuplicate", edit(`"id": "e0002"`, `"id": "e0001"`), "entry 2 (id e0001): id: entry 1 has the same id"},
		{"ErrIDForm", edit(`"id": "e0002"`, `"id": "e 2/\u001b"`), `entry 2 (id e 2/): id: "e 2/" is not an entry id`},
		{"ErrFamilyNotPseudonym", edit(`"family": "F1"`, `"family": "Smith"`), `family: "Smith" is not a pseudonym`},
		{"ErrTitleInCoachSafe", edit(`"phase": 2,`, `"phase": 2, "title": "x",`), "title: present in a coach-safe export"},
		{"ErrSharedInCoachSafe", edit(`"answer": "The round."`, `"answer": "The round.", "shared": false`), "reflection 1 shared: present in a coach-safe export"},
		{"ErrStarredFalseInCoachSafe", edit(`"answer": "The round."`, `"answer": "The round.", "starred": false`), `reflection 1 starred: false in a coach-safe export, which carries only "starred": true`},
		{"ErrStarredNotBool", edit(`"answer": "The round."`, `"answer": "The round.", "starred": "yes"`), "starred"},
		{"ErrFullMissingNotes", full(validExport), "id: \"e0001\" is not a hone entry id"},
		{"ErrEmptyPrompt", edit(`"prompt": "What went well?"`, `"prompt": ""`), "reflection 1: the prompt is empty"},
		{"ErrInvalidUTF8", edit(`"The round."`, "\"The \xff round.\""), "not valid UTF-8 (byte"},
		{"ErrHugeNesting", `{"format": "hone.export", "version": 1, "x": ` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}`, "nested too deeply"},
		{"ErrHugeNestingInEntry", edit(`"tags": ["mi"]`, `"tags": `+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)), "nested too deeply"},
		{"ErrPersonalInCoachSafe", edit(`"key_elements": [],`, `"key_elements": [], "personal": {"goals": [], "prompts": [], "watch_list": []},`), "personal: present in a coach-safe export"},
		{"ErrPersonalUnknownField", full(personal(`"goals": [], "prompts": [], "watch_list": [], "mood": 1`)), `unknown field "mood"`},
		{"ErrPersonalGoalSkill", full(personal(`"goals": [{"text": "Listen", "skills": ["eng.my"], "set": "2026-02-02", "done": false}], "prompts": [], "watch_list": []`)), `personal goal 1 skill: unknown skill "eng.my"`},
		{"ErrPersonalGoalText", full(personal(`"goals": [{"text": "", "skills": ["eng.mi"], "set": "2026-02-02", "done": false}], "prompts": [], "watch_list": []`)), `personal goal 1: say what the goal is`},
		{"ErrPersonalGoalSet", full(personal(`"goals": [{"text": "Listen", "skills": ["eng.mi"], "set": "2026-02-30", "done": false}], "prompts": [], "watch_list": []`)), `personal goal 1 set: "2026-02-30" is not a date`},
		{"ErrPersonalGoalClosedOpen", full(personal(`"goals": [{"text": "Listen", "skills": ["eng.mi"], "set": "2026-02-02", "done": false, "closed": "2026-02-09"}], "prompts": [], "watch_list": []`)), `personal goal 1 closed: an open goal`},
		{"ErrPersonalGoalClosedEarly", full(personal(`"goals": [{"text": "Listen", "skills": ["eng.mi"], "set": "2026-02-02", "done": true, "closed": "2026-01-09"}], "prompts": [], "watch_list": []`)), `personal goal 1 closed: 2026-01-09 is before the day the goal was set`},
		{"ErrPersonalPromptID", full(personal(`"goals": [], "prompts": [{"id": "My Prompt", "text": "Why?", "tags": [], "archived": false}], "watch_list": []`)), `personal prompt 1 id: "My Prompt" is not a prompt id`},
		{"ErrPersonalPromptText", full(personal(`"goals": [], "prompts": [{"id": "my-1", "text": "", "tags": [], "archived": false}], "watch_list": []`)), `personal prompt 1 text: a prompt needs its text`},
		{"ErrPersonalPromptTag", full(personal(`"goals": [], "prompts": [{"id": "my-1", "text": "Why?", "tags": ["Not A Tag"], "archived": false}], "watch_list": []`)), `personal prompt 1 tag: "Not A Tag" is not a prompt tag`},
		{"ErrPersonalWatchName", full(personal(`"goals": [], "prompts": [], "watch_list": ["Jo", " "]`)), `personal watch list name 2: a name is needed`},
		{"ErrPromptsInFull", full(edit(`"key_elements": [],`, `"key_elements": [], "prompts": [],`)), "prompts: present in a full export"},
		{"ErrPromptID", prompts(`{"id": "My Prompt", "text": "Why?", "tags": []}`), `prompt 1 id: "My Prompt" is not a prompt id`},
		{"ErrPromptTwice", prompts(`{"id": "my-1", "text": "Why?", "tags": []}, {"id": "my-1", "text": "How?", "tags": []}`), `prompt 2 (my-1): listed twice`},
		{"ErrPromptText", prompts(`{"id": "my-1", "text": "", "tags": []}`), `prompt 1 (my-1) text: a prompt needs its text`},
		{"ErrPromptTag", prompts(`{"id": "my-1", "text": "Why?", "tags": ["Not A Tag"]}`), `prompt 1 (my-1) tag: "Not A Tag" is not a prompt tag`},
		{"ErrPromptNoTags", prompts(`{"id": "my-1", "text": "Why?"}`), `prompt 1 (my-1) tags: missing`},
		{"ErrPromptAnswer", prompts(`{"id": "my-1", "text": "Why?", "tags": [], "answer": "Because."}`), `unknown field "answer"`},
		{"ErrPromptsNotList", edit(`"key_elements": [],`, `"key_elements": [], "prompts": {},`), "prompts"},
		{"ErrTooLong", edit(`"answer": "The round."`, `"answer": "`+strings.Repeat("a", 70<<10)+`"`), "reflection 1 answer: 70 KiB is too long"},
	}
}

func TestReadExportRefuses(t *testing.T) {
	for _, tt := range readExportRefusals() {
		t.Run(tt.name, func(t *testing.T) {
			x, err := journal.ReadExport(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("read %+v, want an error", x)
			}
			if got := journal.ErrorCode(err); got != journal.EINVALID {
				t.Errorf("code %s, want %s (%v)", got, journal.EINVALID, err)
			}
			msg := journal.ErrorMessage(err)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not hold %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") || strings.ContainsRune(msg, 0x1b) {
				t.Errorf("message %q is not one safe line", msg)
			}
		})
	}
}

func TestReadExportReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := journal.ReadExport(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it wrapped", err)
	}
}

// The roll-ups in a file are derived data: ReadExport recomputes them.
func TestReadExportRecomputesRollUps(t *testing.T) {
	in := strings.Replace(validExport, `"key_elements": []`, `"key_elements": [{"key_element": "Lies", "skills": [], "ratings": 99, "mean": 1, "median": 1, "counts": [99, 0, 0, 0, 0]}]`, 1)
	x, err := journal.ReadExport(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(x.KeyElements); !strings.Contains(got, `"ratings":2,"mean":3.5`) || strings.Contains(got, "Lies") {
		t.Errorf("roll-ups %s", got)
	}
}

func FuzzReadExport(f *testing.F) {
	es := gen.Generate(gen.Options{Entries: 12, Seed: 3, End: exportEnd})
	es[2].Notes = "# notes | with <b>html</b> and 日本語"
	es[3].Reflections = append(es[3].Reflections, journal.Reflection{Prompt: "Private?", Answer: "yes", Shared: false})
	es[4].Reflections = append(es[4].Reflections, journal.Reflection{Prompt: "Bring this?", Answer: "starred", Shared: true, Starred: true},
		journal.Reflection{Prompt: "Private star?", Answer: "no", Starred: true})
	since := exportEnd - 20
	for _, opts := range []journal.ExportOptions{
		{Now: exportNow},
		{Now: exportNow, WeekDates: true, Since: &since, Journal: sampleJournalID},
		{Now: exportNow, Full: true, Facilitator: "Sam", Personal: samplePersonal(), Journal: sampleJournalID},
		{Now: exportNow, Journal: sampleJournalID, Feedback: sampleFeedback(false)},
		{Now: exportNow, WeekDates: true, Journal: sampleJournalID, Feedback: sampleFeedback(true)},
		{Now: exportNow, Since: &since, Drift: sampleDrift(false), DriftAsOf: exportEnd},
		{Now: exportNow, Prompts: samplePrompts(), AllPrompts: true},
		{Now: exportNow, Prompts: answeredPrompts()},
		{Now: exportNow, WeekDates: true, Since: &since, Drift: sampleDrift(true), DriftAsOf: exportEnd},
	} {
		f.Add(exportJSON(f, journal.BuildExport(es, journal.BuiltinSkills(), opts)))
	}
	f.Add([]byte(validExport))
	f.Add([]byte(strings.Replace(validExport, `"answer": "The round."`, `"answer": "The round.", "starred": true`, 1)))
	f.Add([]byte(`{"format": "hone.export", "version": 2}`))
	f.Add([]byte(`{"tags": {"@a": 1}, "entries": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := journal.ReadExport(bytes.NewReader(data))
		if err != nil {
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Fatalf("code %s: %v", journal.ErrorCode(err), err)
			}
			return
		}
		// An accepted document re-exports to a document that reads back to
		// the same entries, and from then on to the same bytes.
		back, err := x.Entries()
		if err != nil {
			t.Fatalf("Entries of an accepted export: %v", err)
		}
		once := exportJSON(t, journal.BuildExport(back, x.Catalog(), x.Options()))
		y, err := journal.ReadExport(bytes.NewReader(once))
		if err != nil {
			t.Fatalf("re-export of an accepted document refused: %v\n%s", err, once)
		}
		again, err := y.Entries()
		if err != nil {
			t.Fatal(err)
		}
		if x.Full() {
			p, err := x.PersonalData()
			if err != nil {
				t.Fatalf("PersonalData of an accepted export: %v", err)
			}
			if q, err := y.PersonalData(); err != nil || !reflect.DeepEqual(p, q) {
				t.Fatalf("goals, prompts or watch list changed on re-export (%v):\n%+v\n%+v", err, p, q)
			}
			if len(again) != len(back) {
				t.Fatalf("%d entries, then %d", len(back), len(again))
			}
			byID := map[string]*journal.Entry{}
			for _, e := range back {
				byID[e.ID] = e
			}
			for _, e := range again {
				if o := byID[e.ID]; o == nil || !sameEntry(o, e) {
					t.Fatalf("entry %s changed on re-export:\n%+v\n%+v", e.ID, o, e)
				}
			}
		}
		if p, q := x.CustomPrompts(), y.CustomPrompts(); !reflect.DeepEqual(p, q) {
			t.Fatalf("custom prompts changed on re-export:\n%+v\n%+v", p, q)
		}
		twice := exportJSON(t, journal.BuildExport(again, y.Catalog(), y.Options()))
		if !bytes.Equal(once, twice) {
			t.Fatalf("re-export is not stable:\n%s", firstDiff(once, twice))
		}
	})
}

// wholeReader hides the Seek of a reader, so that ReadExport reads the
// whole file before it decodes it, as it does for every reader that cannot
// go back.
type wholeReader struct{ io.Reader }

// FuzzReadExportStreamed checks that an export decoded as it is read (from
// a reader that can seek) and one read whole are the same: both accepted,
// as the same document, or both refused with the same words.
func FuzzReadExportStreamed(f *testing.F) {
	es := gen.Generate(gen.Options{Entries: 30, Seed: 5, End: exportEnd})
	es[4].Reflections = append(es[4].Reflections, journal.Reflection{Prompt: "Private?", Answer: "yes · 日本語 🙂", Shared: false})
	es[5].Reflections = append(es[5].Reflections, journal.Reflection{Prompt: "Bring this?", Answer: "starred 🙂", Shared: true, Starred: true})
	for _, opts := range []journal.ExportOptions{
		{Now: exportNow, Facilitator: "Ana 🙂", Journal: sampleJournalID},
		{Now: exportNow, WeekDates: true, Feedback: sampleFeedback(true)},
		{Now: exportNow, Full: true, Personal: samplePersonal(), Feedback: sampleFeedback(false)},
		{Now: exportNow, Drift: sampleDrift(false), DriftAsOf: exportEnd},
		{Now: exportNow, WeekDates: true, Drift: sampleDrift(true), DriftAsOf: exportEnd},
		{Now: exportNow, WeekDates: true, Prompts: samplePrompts(), AllPrompts: true},
		{Now: exportNow, Prompts: answeredPrompts()},
	} {
		f.Add(exportJSON(f, journal.BuildExport(es, journal.BuiltinSkills(), opts)))
	}
	for _, tt := range readExportRefusals() {
		f.Add([]byte(tt.in))
	}
	// What the stream leaves to the whole: keys spelt otherwise, keys twice,
	// entries that are not an array, and what is around the document.
	for _, in := range []string{
		strings.Replace(validExport, `"format"`, `"FORMAT"`, 1),
		strings.Replace(validExport, `"entries"`, `"Entries"`, 1),
		strings.Replace(validExport, `"entries"`, `"entr\u0069es"`, 1),
		strings.Replace(validExport, `"key_elements": [],`, `"entr\u0069es": [], "key_elements": [],`, 1),
		strings.Replace(validExport, `"version": 1,`, `"version": 1, "version": 1,`, 1),
		strings.Replace(validExport, `"privacy": {`, `"privacy": {"dates": "week"}, "privacy": {`, 1),
		strings.Replace(validExport, `"key_elements": [],`, `"entries": [], "key_elements": [],`, 1),
		strings.Replace(validExport, `"key_elements": [],`, `"entries": null, "key_elements": [],`, 1),
		`{"format": "hone.export", "version": 1, "exported_at": "2026-03-01T18:30:00Z", "privacy": {"notes": false, "families": "pseudonyms", "dates": "day"}, "entries": null}`,
		`{"entries": [], "skills": null, "format": "hone.export", "version": 1, "exported_at": "2026-03-01T18:30:00Z", "privacy": {"notes": false, "families": "pseudonyms", "dates": "day"}}`,
		`{"format": "hone.export", "version": 1, "exported_at": "2026-03-01T18:30:00Z", "privacy": {"notes": false, "families": "pseudonyms", "dates": "day"}, "entries": {}}`,
		`{"format": "hone.export", "version": 1.0, "exported_at": "2026-03-01T18:30:00Z", "privacy": {"notes": false, "families": "pseudonyms", "dates": "day"}}`,
		"\ufeff" + validExport,
		" \n\t" + validExport + " \n",
		validExport + " x",
		strings.Replace(validExport, `"entries": [`, `"entries": [,`, 1),
		strings.Replace(validExport, `"reflections": []}`, `"reflections": [],}`, 1),
		"null",
		"",
	} {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		streamed, serr := journal.ReadExport(bytes.NewReader(data))
		whole, werr := journal.ReadExport(wholeReader{bytes.NewReader(data)})
		switch {
		case (serr == nil) != (werr == nil):
			t.Fatalf("streamed: %v; read whole: %v", serr, werr)
		case serr != nil:
			if serr.Error() != werr.Error() {
				t.Fatalf("refused otherwise: streamed %q, read whole %q", serr, werr)
			}
		case !reflect.DeepEqual(streamed, whole):
			t.Fatalf("read otherwise:\nstreamed   %s\nread whole %s", mustJSON(streamed), mustJSON(whole))
		}
	})
}

// A reader that can seek is read again from where it was, not from its
// start, when the stream leaves the document to the whole.
func TestReadExportReadsAgainFromWhereItWas(t *testing.T) {
	in := strings.Replace(validExport, `"format"`, `"FORMAT"`, 1)
	r := strings.NewReader("skip me" + in)
	if _, err := r.Seek(int64(len("skip me")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	x, err := journal.ReadExport(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Records) != 2 {
		t.Errorf("read %d entries, want 2", len(x.Records))
	}
}

// failingSeeker reads data, then fails.
type failingSeeker struct {
	*bytes.Reader
	err error
}

func (f failingSeeker) Read(p []byte) (int, error) {
	n, err := f.Reader.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestReadExportStreamReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := journal.ReadExport(failingSeeker{bytes.NewReader([]byte(validExport)), boom})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it wrapped", err)
	}
}

func TestEntryRecordEntry(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 40, Seed: 9, End: exportEnd})
	for _, opts := range []journal.ExportOptions{{Now: exportNow}, {Now: exportNow, WeekDates: true}, {Now: exportNow, Full: true}} {
		x := journal.BuildExport(es, journal.BuiltinSkills(), opts)
		all, err := x.Entries()
		if err != nil {
			t.Fatal(err)
		}
		for i := range x.Records {
			e, err := x.Records[i].Entry(x.WeekDates())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(e, all[i]) {
				t.Errorf("%+v: entry %d:\n%+v\nEntries gives\n%+v", opts, i, e, all[i])
			}
		}
	}
	bad := journal.EntryRecord{ID: "e1", Date: "2026-02-30"}
	if _, err := bad.Entry(false); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("a bad date: %v", err)
	}
}

// BenchmarkReadExport reads a coach-safe export of 10,000 entries (5 MB)
// as it is read (from a bytes.Reader, as hone reads a file it has read)
// and read whole (from a reader that cannot seek).
func BenchmarkReadExport(b *testing.B) {
	es := gen.Generate(gen.Options{Entries: 10_000, Seed: 1, End: exportEnd})
	data := exportJSON(b, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow}))
	for _, bc := range []struct {
		name string
		r    func() io.Reader
	}{
		{"Streamed10000", func() io.Reader { return bytes.NewReader(data) }},
		{"Whole10000", func() io.Reader { return wholeReader{bytes.NewReader(data)} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := journal.ReadExport(bc.r()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// samplePrompts is a prompt library with custom prompts: one on a skill,
// one in general with text a terminal must not take as it is, an archived
// one (never exported), and built-in ones (never exported as custom).
func samplePrompts() []journal.Prompt {
	return append(journal.BuiltinPrompts()[:2:2],
		journal.Prompt{ID: "my-1", Text: "What did the youth teach me today?", Tags: []string{"eng.mi", "phase:2"}},
		journal.Prompt{ID: "my-2", Text: "Where did I talk more than listen?", Tags: []string{}, Archived: true},
		journal.Prompt{ID: "my-3", Text: "Who <b>spoke</b> \x1b[31mleast, 日本語?", Tags: []string{}})
}

// answeredPrompts are custom prompts under the ids of the built-in ones,
// so that the generated entries' shared reflections answer some of them:
// those a coach-safe export carries without AllPrompts.
func answeredPrompts() []journal.Prompt {
	var out []journal.Prompt
	for _, p := range journal.BuiltinPrompts() {
		p.Builtin, p.Text = false, "Custom: "+p.Text
		out = append(out, p)
	}
	return out
}

// TestExportCarriesCustomPrompts: a coach-safe export carries the custom
// prompts not archived that its shared reflections answer (with
// AllPrompts, every one not archived), each its id, text and tags and
// nothing else: no built-in prompt, no private answer, no prompt answered
// only in private; a full export carries them in "personal" only; both
// read back, streamed or whole, and an export without them reads as one
// with none.
func TestExportCarriesCustomPrompts(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 8, Seed: 3, End: exportEnd})
	for _, e := range es {
		e.Reflections = nil
	}
	es[1].Reflections = []journal.Reflection{{PromptID: "my-1", Prompt: "What did the youth teach me today?", Answer: "PRIVATE-ANSWER-z9"}}
	es[2].Reflections = []journal.Reflection{{PromptID: "my-3", Prompt: "Who <b>spoke</b> \x1b[31mleast, 日本語?", Answer: "SHARED-ANSWER-y2", Shared: true}}
	my1 := journal.Prompt{ID: "my-1", Text: "What did the youth teach me today?", Tags: []string{"eng.mi", "phase:2"}}
	my3 := journal.Prompt{ID: "my-3", Text: "Who <b>spoke</b> \x1b[31mleast, 日本語?", Tags: []string{}}
	for _, tc := range []struct {
		name string
		all  bool
		want []journal.Prompt
	}{
		{"Answered", false, []journal.Prompt{my3}},
		{"All", true, []journal.Prompt{my1, my3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			safe := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow,
				Prompts: samplePrompts(), AllPrompts: tc.all}))
			for _, s := range []string{"PRIVATE-ANSWER-z9", "talk more than listen", journal.BuiltinPrompts()[0].Text} {
				if strings.Contains(string(safe), s) {
					t.Errorf("the coach-safe export holds %q:\n%s", s, safe)
				}
			}
			if !tc.all && strings.Contains(string(safe), "What did the youth teach me") {
				t.Errorf("a prompt answered only in private left without --with-prompts:\n%s", safe)
			}
			for _, r := range []io.Reader{bytes.NewReader(safe), wholeReader{bytes.NewReader(safe)}} {
				x, err := journal.ReadExport(r)
				if err != nil {
					t.Fatal(err)
				}
				if got := x.CustomPrompts(); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("CustomPrompts() = %+v, want %+v", got, tc.want)
				}
			}
			if !strings.Contains(string(safe), "\n  ],\n  \"prompts\": [\n    {\n      \"id\": \""+tc.want[0].ID+"\",\n      \"text\": ") ||
				!strings.HasSuffix(string(safe), "\n  ]\n}\n") {
				t.Errorf("the prompts are not written after the entries as id, text, tags:\n%s", safe)
			}
		})
	}

	full := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow, Full: true,
		Personal: samplePersonal(), Prompts: samplePrompts(), AllPrompts: true}))
	x, err := journal.ReadExport(bytes.NewReader(full))
	if err != nil {
		t.Fatal(err)
	}
	if x.Prompts != nil || strings.Contains(string(full), `"prompts": [`+"\n    {\n      \"id\": \"my-3\"") {
		t.Errorf("a full export carries prompts outside personal: %+v", x.Prompts)
	}
	if got := x.CustomPrompts(); len(got) != 1 || got[0].ID != "my-1" {
		t.Errorf("a full export's CustomPrompts() = %+v, want its personal my-1 (my-2 is archived)", got)
	}

	// Without custom prompts, no "prompts"; an older export reads with none.
	none := exportJSON(t, journal.BuildExport(gen.Generate(gen.Options{Entries: 8, Seed: 3, End: exportEnd}), journal.BuiltinSkills(),
		journal.ExportOptions{Now: exportNow, Prompts: journal.BuiltinPrompts(), AllPrompts: true}))
	if strings.Contains(string(none), `"prompts"`) {
		t.Errorf("an export without custom prompts has \"prompts\"")
	}
	old, err := journal.ReadExport(strings.NewReader(validExport))
	if err != nil || old.CustomPrompts() != nil {
		t.Errorf("an export without prompts: %+v, %v", old.CustomPrompts(), err)
	}
}

// TestCarriedVerdictsFindTheirLevelSet: a verdict carried in an export
// names its level but not the ratings it is the mean of; when the export
// holds them all (and they give that level), Drift gives their number and
// first day, so that a chart draws the level over them as for a verdict
// analysed at home. An export whose range cuts into them leaves both unset
// rather than guess. They were never set: review's and the report's charts
// drew no level line for a carried verdict.
func TestCarriedVerdictsFindTheirLevelSet(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 400, Seed: 7, End: exportEnd})
	c := journal.BuiltinSkills()
	ratings := map[string][]journal.Rating{}
	for _, e := range es {
		for id, v := range e.Ratings {
			ratings[id] = append(ratings[id], journal.Rating{Skill: id, Date: e.Date, EntryID: e.ID, Value: v})
		}
	}
	want := journal.AnalyzeCatalog(c, ratings, exportEnd)
	for _, tc := range []struct {
		name  string
		since journal.Day
		found bool
	}{{"Whole", 0, true}, {"CutIntoTheLevelSet", exportEnd - 10, false}} {
		t.Run(tc.name, func(t *testing.T) {
			opts := journal.ExportOptions{Now: exportNow, Drift: want, DriftAsOf: exportEnd}
			if tc.since != 0 {
				opts.Since = &tc.since
			}
			x, err := journal.ReadExport(bytes.NewReader(exportJSON(t, journal.BuildExport(es, c, opts))))
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.Drift(exportEnd)
			if err != nil {
				t.Fatal(err)
			}
			levels := 0
			for i, d := range got {
				w := want[i]
				if !w.Level.Valid {
					continue
				}
				levels++
				if tc.found && (d.Recent != w.Recent || d.LevelFrom != w.LevelFrom) {
					t.Errorf("%s: carried level set of %d from %s, want %d from %s", d.Skill, d.Recent, d.LevelFrom, w.Recent, w.LevelFrom)
				}
				if !tc.found && d.Recent != 0 {
					t.Errorf("%s: a level set of %d found in an export cut 10 days back", d.Skill, d.Recent)
				}
			}
			if levels < 5 {
				t.Fatalf("only %d verdicts with a level: the test proves little", levels)
			}
		})
	}
}
