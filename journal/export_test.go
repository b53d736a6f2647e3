package journal_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/journal/gen"
)

// Markers planted in what a coach-safe export must never hold.
const (
	markerNote       = "SECRET-NOTE-7f3"
	markerTitle      = "SECRET-TITLE"
	markerFamily     = "FAMILY-CODE-X"
	markerPrivate    = "PRIVATE-REFLECTION"
	markerPrivateAsk = "PRIVATE-PROMPT-9q"
	markerShared     = "SHARED-ANSWER-42"
)

var (
	exportEnd = journal.Date(2026, time.March, 1)
	exportNow = time.Date(2026, time.March, 1, 18, 30, 0, 0, time.UTC)
)

// testJournal returns a generated journal of n entries (seed 11) with
// markers planted in its private fields, plus hand-made edge cases: empty
// fields, unicode, Markdown and HTML in text, private and shared
// reflections, a rating of a skill the catalog lacks, times with
// nanoseconds in another zone. Entries come back shuffled.
func testJournal(t testing.TB, n int) []*journal.Entry {
	t.Helper()
	es := gen.Generate(gen.Options{Entries: n, Seed: 11, End: exportEnd})
	for i, e := range es {
		switch i % 5 {
		case 0:
			e.Notes += "\n" + markerNote
		case 1:
			e.Title = markerTitle + " " + e.Title
		case 2:
			if e.Family != "" {
				e.Family = markerFamily
			}
		case 3:
			e.Reflections = append(e.Reflections, journal.Reflection{PromptID: "gibbs-feelings", Prompt: markerPrivateAsk, Answer: markerPrivate, Shared: false})
		}
	}
	zone := time.FixedZone("UTC+2", 2*3600)
	at := func(day journal.Day, h, nsec int) time.Time {
		return time.Date(1970, 1, 1, h, 7, 9, nsec, zone).AddDate(0, 0, int(day))
	}
	rng := rand.NewChaCha8([32]byte{1})
	edge := []*journal.Entry{
		{Date: exportEnd - 40, Kind: journal.KindOther, Ratings: map[string]int{}},
		{Date: exportEnd - 30, Kind: journal.KindCrisis, Phase: 3, Family: "f-17",
			Title: "Réunion — équipe 🌱 | pipes", Notes: "# Heading\n\n日本語 <script>alert(1)</script>\tTab\u2028line \x1b[31mred\x1b[0m light " + markerNote,
			Ratings: map[string]int{"plan.safety": 2, "custom.skill": 5},
			Reflections: []journal.Reflection{
				{Prompt: "Written on the spot?", Answer: markerShared + " with | pipe and # hash", Shared: true},
				{PromptID: "p2", Prompt: markerPrivateAsk, Answer: markerPrivate + " 🙈", Shared: false},
			},
			Tags: []string{"unicode", "edge-case"}},
		{Date: exportEnd - 30, Kind: journal.KindCheckIn, Family: "F-17", Title: markerTitle, Ratings: map[string]int{"eng.mi": 1}},
	}
	for i, e := range edge {
		e.Created = at(e.Date, 9+i, 123456789*(i+1)%1000000000)
		e.Updated = e.Created.Add(time.Duration(i) * time.Hour)
		var err error
		if e.ID, err = journal.NewID(e.Created, rng); err != nil {
			t.Fatal(err)
		}
	}
	all := append(es, edge...)
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all
}

func exportJSON(t testing.TB, x *journal.Export) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := journal.WriteExportJSON(&b, x); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func assertNoMarkers(t *testing.T, what, out string, es []*journal.Entry) {
	t.Helper()
	for _, m := range []string{markerNote, markerTitle, markerFamily, markerPrivate, markerPrivateAsk, "f-17", "F-17"} {
		if strings.Contains(out, m) {
			t.Errorf("%s holds %q", what, m)
		}
	}
	for _, e := range es {
		if strings.Contains(out, e.ID) {
			t.Fatalf("%s holds the real entry id %s, which encodes its creation time", what, e.ID)
		}
	}
}

func TestExportCoachSafeRedacts(t *testing.T) {
	es := testJournal(t, 300)
	for _, week := range []bool{false, true} {
		x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{WeekDates: week, Now: exportNow, Facilitator: "Sam"})
		out := string(exportJSON(t, x))
		assertNoMarkers(t, "coach-safe JSON", out, es)
		for _, want := range []string{`"F1"`, `"F2"`, markerShared, `"privacy": {`, `"key_elements": [`, `"facilitator": "Sam"`} {
			if !strings.Contains(out, want) {
				t.Errorf("week %t: coach-safe JSON lacks %s", week, want)
			}
		}
		for _, absent := range []string{`"title":`, `"notes": "`, `"created":`, `"updated":`, `"shared":`, `"range":`} {
			if strings.Contains(out, absent) {
				t.Errorf("week %t: coach-safe JSON holds the field %s, which must be absent", week, absent)
			}
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		wantPrivacy := map[string]any{"notes": false, "families": "pseudonyms", "dates": "day"}
		if week {
			wantPrivacy["dates"] = "week"
		}
		if got, _ := json.Marshal(doc["privacy"]); string(got) != mustJSON(wantPrivacy) {
			t.Errorf("privacy = %s, want %s", got, mustJSON(wantPrivacy))
		}
		// Every shared reflection travels, no private one does.
		shared := 0
		for _, e := range es {
			for _, r := range e.Reflections {
				if r.Shared {
					shared++
				}
			}
		}
		got := 0
		for _, r := range x.Records {
			got += len(r.Reflections)
			if r.Title != nil || r.Notes != nil || r.Created != nil || r.Updated != nil {
				t.Fatalf("record %s keeps a private field", r.ID)
			}
		}
		if got != shared {
			t.Errorf("week %t: %d reflections exported, want the %d shared ones", week, got, shared)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var dayDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// In a week-dated export no YYYY-MM-DD remains but the time of the export
// itself ("exported_at" is RFC 3339, SPEC section 7: it dates the export,
// not a meeting).
func TestExportWeekDatesHideDays(t *testing.T) {
	es := testJournal(t, 300)
	since, until := exportEnd-200, exportEnd-3
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{WeekDates: true, Since: &since, Until: &until, Now: exportNow})
	out := string(exportJSON(t, x))
	for _, l := range strings.Split(out, "\n") {
		if dayDate.MatchString(l) && !strings.Contains(l, `"exported_at": "2026-03-01T18:30:00Z"`) {
			t.Errorf("week export holds a day: %s", l)
		}
	}
	if !strings.Contains(out, `"range": {`) || !strings.Contains(out, `"since": "`+since.Week()+`"`) {
		t.Errorf("week export's range is not in weeks")
	}
	week := regexp.MustCompile(`^\d{4}-W\d{2}$`)
	for _, r := range x.Records {
		if !week.MatchString(r.Date) {
			t.Fatalf("date %q is not an ISO week", r.Date)
		}
	}
	var csv bytes.Buffer
	if err := journal.WriteExportCSV(&csv, x); err != nil {
		t.Fatal(err)
	}
	if m := dayDate.FindString(csv.String()); m != "" {
		t.Errorf("week CSV holds the day %s", m)
	}
}

func TestExportOrderFilterAndPseudonyms(t *testing.T) {
	c := journal.BuiltinSkills()
	mk := func(id string, day journal.Day, family string) *journal.Entry {
		return &journal.Entry{ID: id, Date: day, Kind: journal.KindTeamMeeting, Family: family, Ratings: map[string]int{"eng.mi": 3}}
	}
	d := journal.Date(2026, time.January, 10)
	es := []*journal.Entry{
		mk("0000000000000009", d+2, "ZED"),
		mk("0000000000000002", d, "bravo"),
		mk("0000000000000001", d, "Alpha"),
		mk("0000000000000005", d+1, ""),
		mk("0000000000000007", d+1, "alpha"), // the same family as Alpha
		mk("0000000000000003", d-5, "old"),
		mk("0000000000000004", d+9, "late"),
	}
	since, until := d, d+2
	x := journal.BuildExport(es, c, journal.ExportOptions{Since: &since, Until: &until, Now: exportNow})
	var got []string
	for _, r := range x.Records {
		got = append(got, r.ID+" "+r.Date+" "+r.Family)
	}
	want := []string{
		"e0001 2026-01-10 F1", // Alpha
		"e0002 2026-01-10 F2", // bravo
		"e0003 2026-01-11 ",
		"e0004 2026-01-11 F1", // alpha
		"e0005 2026-01-12 F3", // ZED
	}
	if !slices.Equal(got, want) {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if x.Range == nil || x.Range.Since != "2026-01-10" || x.Range.Until != "2026-01-12" {
		t.Errorf("range = %+v", x.Range)
	}
	out := string(exportJSON(t, x))
	if !strings.Contains(out, "{\n      \"id\": \"e0003\",\n      \"date\": \"2026-01-11\",\n      \"kind\": \"team-meeting\",\n      \"phase\": 0,\n      \"tags\": [],") {
		t.Errorf("an entry without a family should have no family field:\n%s", out)
	}

	// Only Until: the range has no since.
	x = journal.BuildExport(es, c, journal.ExportOptions{Until: &until, Now: exportNow})
	if x.Range == nil || x.Range.Since != "" || len(x.Records) != 6 {
		t.Errorf("until only: range %+v, %d records", x.Range, len(x.Records))
	}
	if out := string(exportJSON(t, x)); strings.Contains(out, `"since"`) {
		t.Errorf("an unset bound should be absent")
	}
}

func TestExportFullKeepsEverything(t *testing.T) {
	es := testJournal(t, 50)
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, WeekDates: true, Now: exportNow})
	out := string(exportJSON(t, x))
	for _, want := range []string{markerNote, markerTitle, markerFamily, markerPrivate, markerShared, `"shared": false`, `"created": "`,
		`"notes": true`, `"families": "codes"`, `"dates": "day"`, `"f-17"`, `"F-17"`} {
		if !strings.Contains(out, want) {
			t.Errorf("full export lacks %s", want)
		}
	}
	// Full exports keep the real ids and use the shape of FullRecord.
	for _, e := range es {
		if !strings.Contains(out, `"id": "`+e.ID+`"`) {
			t.Fatalf("full export lacks entry %s", e.ID)
		}
	}
	for _, e := range es {
		i := slices.IndexFunc(x.Records, func(r journal.EntryRecord) bool { return r.ID == e.ID })
		if got, want := mustJSON(x.Records[i]), mustJSON(journal.FullRecord(e)); got != want {
			t.Fatalf("full export's record differs from FullRecord:\n%s\n%s", got, want)
		}
	}
	// The catalog lacks custom.skill: it is listed by its id.
	if !strings.Contains(out, `"id": "custom.skill",`+"\n"+`      "name": "custom.skill"`) {
		t.Errorf("a rated skill missing from the catalog is not listed")
	}
}

// A full export read back, turned into entries and exported again gives the
// same bytes.
func TestExportFullRoundTrip(t *testing.T) {
	es := testJournal(t, 400)
	c := journal.BuiltinSkills()
	c[3].Archived = true
	c = append(c, journal.Skill{ID: "own.skill", Name: "My own | skill", Group: "Mine", KeyElement: "Personal growth"})
	since := exportEnd - 300
	for _, opts := range []journal.ExportOptions{
		{Full: true, Now: exportNow, Facilitator: "Sam Rivera"},
		{Full: true, Now: exportNow, Since: &since},
		{Full: true, Now: exportNow.Add(123456789), Facilitator: strings.Repeat("Name\x1b[2J ", 40)},
	} {
		first := exportJSON(t, journal.BuildExport(es, c, opts))
		x, err := journal.ReadExport(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("ReadExport: %v", err)
		}
		back, err := x.Entries()
		if err != nil {
			t.Fatal(err)
		}
		second := exportJSON(t, journal.BuildExport(back, x.Catalog(), x.Options()))
		if !bytes.Equal(first, second) {
			t.Fatalf("round trip changed the export:\n%s", firstDiff(first, second))
		}
		// And the entries themselves came back whole.
		byID := map[string]*journal.Entry{}
		for _, e := range es {
			byID[e.ID] = e
		}
		for _, e := range back {
			o := byID[e.ID]
			if o == nil {
				t.Fatalf("entry %s was not in the journal", e.ID)
			}
			if !sameEntry(o, e) {
				t.Fatalf("entry %s changed:\n%+v\n%+v", e.ID, o, e)
			}
		}
	}
}

func sameEntry(a, b *journal.Entry) bool {
	return a.ID == b.ID && a.Date == b.Date && a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) &&
		a.Kind == b.Kind && a.Phase == b.Phase && a.Family == b.Family && a.Title == b.Title && a.Notes == b.Notes &&
		mapsEqual(a.Ratings, b.Ratings) && slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Reflections, b.Reflections)
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "first:\n" + string(a[from:min(len(a), i+200)]) + "\nsecond:\n" + string(b[from:min(len(b), i+200)])
}

// A coach-safe export gives back what review mode needs: dates and ratings,
// in the order of the drift rule; week dates give Mondays.
func TestExportEntriesCoachSafe(t *testing.T) {
	es := testJournal(t, 200)
	c := journal.BuiltinSkills()
	for _, week := range []bool{false, true} {
		data := exportJSON(t, journal.BuildExport(es, c, journal.ExportOptions{WeekDates: week, Now: exportNow}))
		x, err := journal.ReadExport(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		back, err := x.Entries()
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != len(es) {
			t.Fatalf("%d entries, want %d", len(back), len(es))
		}
		sorted := slices.Clone(es)
		slices.SortStableFunc(sorted, func(a, b *journal.Entry) int {
			if a.Date != b.Date {
				return int(a.Date - b.Date)
			}
			return strings.Compare(a.ID, b.ID)
		})
		for i, e := range back {
			o := sorted[i]
			want := o.Date
			if week {
				want = o.Date - journal.Day((int(o.Date.Time().Weekday())+6)%7)
			}
			if e.Date != want || !mapsEqual(e.Ratings, o.Ratings) || e.Kind != o.Kind || e.Phase != o.Phase {
				t.Fatalf("week %t: entry %d: got %s %v, want %s %v", week, i, e.Date, e.Ratings, want, o.Ratings)
			}
			if e.Title != "" || e.Notes != "" || !e.Created.IsZero() {
				t.Fatalf("coach-safe entry came back with private fields")
			}
			for _, r := range e.Reflections {
				if !r.Shared {
					t.Fatalf("coach-safe reflections are shared")
				}
			}
		}
		if _, err := x.Drift(exportEnd); err != nil {
			t.Fatal(err)
		}
		// Rebuilding a coach-safe export from its own entries changes nothing.
		again := exportJSON(t, journal.BuildExport(back, x.Catalog(), x.Options()))
		if !bytes.Equal(again, data) {
			t.Fatalf("week %t: coach-safe export is not a fixed point:\n%s", week, firstDiff(data, again))
		}
	}
}

func TestRollUpKeyElements(t *testing.T) {
	skills := []journal.SkillRecord{
		{ID: "own.a", Name: "A", KeyElement: "Own element"},
		{ID: "team.facil", Name: "Facil", KeyElement: journal.KeyTeamwork},
		{ID: "eng.mi", Name: "MI", KeyElement: journal.KeyStrengthFamily},
		{ID: "eng.voice", Name: "Voice", KeyElement: journal.KeyStrengthFamily},
		{ID: "x.none", Name: "None"},
	}
	recs := []journal.EntryRecord{
		{Ratings: map[string]int{"eng.mi": 4, "eng.voice": 2, "team.facil": 5}},
		{Ratings: map[string]int{"eng.mi": 5, "unlisted": 1}},
		{Ratings: map[string]int{"eng.mi": 4}},
	}
	got := mustJSON(journal.RollUpKeyElements(skills, recs))
	want := `[{"key_element":"Strength \u0026 Family Driven","skills":["eng.mi","eng.voice"],"ratings":4,"mean":3.75,"median":4,"counts":[0,1,0,2,1]},` +
		`{"key_element":"Effective Teamwork","skills":["team.facil"],"ratings":1,"mean":5,"median":5,"counts":[0,0,0,0,1]},` +
		`{"key_element":"Own element","skills":["own.a"],"ratings":0,"mean":null,"median":null,"counts":[0,0,0,0,0]},` +
		`{"key_element":"","skills":["x.none"],"ratings":0,"mean":null,"median":null,"counts":[0,0,0,0,0]}]`
	if got != want {
		t.Errorf("roll-ups:\n%s\nwant:\n%s", got, want)
	}
	recs = append(recs, journal.EntryRecord{Ratings: map[string]int{"eng.voice": 1}})
	ke := journal.RollUpKeyElements(skills, recs)[0]
	if *ke.Median != 4 || *ke.Mean != 3.2 { // 1 2 4 4 5
		t.Errorf("median %v mean %v, want 4 and 3.2", *ke.Median, *ke.Mean)
	}
	recs = append(recs, journal.EntryRecord{Ratings: map[string]int{"eng.voice": 3}})
	ke = journal.RollUpKeyElements(skills, recs)[0]
	if *ke.Median != 3.5 || *ke.Mean != 3.17 { // 1 2 3 4 4 5
		t.Errorf("median %v mean %v, want 3.5 and 3.17", *ke.Median, *ke.Mean)
	}
}

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in   string
		want journal.Day
		ok   bool
	}{
		{"2026-W10", journal.Date(2026, time.March, 2), true},
		{"2026-W01", journal.Date(2025, time.December, 29), true},
		{"2020-W53", journal.Date(2020, time.December, 28), true},
		{"2021-W53", 0, false},
		{"2026-W00", 0, false},
		{"2026-W1", 0, false},
		{"2026W10", 0, false},
		{"1899-W10", 0, false},
		{"2026-w10", 0, false},
		{"２０２６-W10", 0, false},
	}
	for _, tt := range tests {
		got, err := journal.ParseWeek(tt.in)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("ParseWeek(%q) = %s, %v; want %s, ok %t", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("ParseWeek(%q): code %s", tt.in, journal.ErrorCode(err))
		}
	}
	for d := journal.Date(2019, 1, 1); d < journal.Date(2031, 1, 1); d++ {
		monday, err := journal.ParseWeek(d.Week())
		if err != nil || monday.Week() != d.Week() || monday > d || d-monday > 6 {
			t.Fatalf("%s: week %s gives %s, %v", d, d.Week(), monday, err)
		}
	}
}

func TestNormalizeFacilitator(t *testing.T) {
	hundred := strings.Repeat("é", journal.MaxFacilitator)
	for name, c := range map[string]struct {
		in, want string
		code     string
	}{
		"OK":             {in: "Sam Rivera", want: "Sam Rivera"},
		"Spaces":         {in: "  Sam \t  Rivera ", want: "Sam Rivera"},
		"Controls":       {in: "Sam\x1b[2J Rivera\u202e", want: "Sam Rivera"},
		"Empty":          {in: "   ", want: ""},
		"Longest":        {in: hundred, want: hundred},
		"ErrTooLong":     {in: hundred + "x", code: journal.EINVALID},
		"ErrMultiLine":   {in: "Sam\nRivera", code: journal.EINVALID},
		"ErrCarriageRet": {in: "Sam\rRivera", code: journal.EINVALID},
		"ErrNotUTF8":     {in: "Sam\xff", code: journal.EINVALID},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := journal.NormalizeFacilitator(c.in)
			if code := journal.ErrorCode(err); code != c.code {
				t.Fatalf("NormalizeFacilitator(%q) error %v, want code %q", c.in, err, c.code)
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "facilitator: ") {
					t.Errorf("the error %q does not name the field", err)
				}
				return
			}
			if got != c.want {
				t.Errorf("NormalizeFacilitator(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
