package journal_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// referenceExportJSON writes x through encoding/json, as WriteExportJSON
// did before it wrote records itself: the bytes it must still write.
func referenceExportJSON(t testing.TB, x *journal.Export) []byte {
	t.Helper()
	y := *x
	if y.Skills == nil {
		y.Skills = []journal.SkillRecord{}
	}
	if y.KeyElements == nil {
		y.KeyElements = []journal.KeyElementRecord{}
	}
	if y.Records == nil {
		y.Records = []journal.EntryRecord{}
	}
	var b bytes.Buffer
	if err := journal.WriteJSON(&b, &y); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sliceSource is an EntrySource over entries in memory: those within the
// bounds, in export order.
type sliceSource struct {
	es      []*journal.Entry
	tallied int // how many times Tally ran
}

func newSliceSource(es []*journal.Entry, opts journal.ExportOptions) *sliceSource {
	var sel []*journal.Entry
	for _, e := range es {
		if (opts.Since == nil || e.Date >= *opts.Since) && (opts.Until == nil || e.Date <= *opts.Until) {
			sel = append(sel, e)
		}
	}
	slices.SortFunc(sel, func(a, b *journal.Entry) int {
		if a.Date != b.Date {
			return int(a.Date - b.Date)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return &sliceSource{es: sel}
}

func (s *sliceSource) Tally() (*journal.RatingTally, error) {
	s.tallied++
	var t journal.RatingTally
	for _, e := range s.es {
		t.Add(e.Ratings)
	}
	return &t, nil
}

func (s *sliceSource) Each(fn func(*journal.Entry) error) error {
	for _, e := range s.es {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// exportCases are the kinds of export the streaming path must write as
// BuildExport and WriteExportJSON do.
func exportCases() map[string]journal.ExportOptions {
	since, until := exportEnd-700, exportEnd-100
	late, recent := exportEnd+30, exportEnd-20
	return map[string]journal.ExportOptions{
		"CoachSafe":          {Now: exportNow},
		"CoachSafeRange":     {Now: exportNow, Since: &since, Until: &until, Facilitator: "Sam <Rivera> & co", Personal: samplePersonal(), Journal: sampleJournalID},
		"CoachSafeWeekDates": {Now: exportNow, WeekDates: true, Since: &since},
		"CoachSafeNone":      {Now: exportNow, Since: &late},
		"CoachSafeFeedback":  {Now: exportNow, WeekDates: true, Journal: sampleJournalID, Feedback: sampleFeedback(true)},
		"CoachSafePrompts":   {Now: exportNow, Since: &since, Prompts: samplePrompts(), AllPrompts: true},
		"CoachSafeAnswered":  {Now: exportNow, WeekDates: true, Since: &recent, Prompts: answeredPrompts()},
		"FullPrompts":        {Full: true, Now: exportNow, Personal: samplePersonal(), Prompts: samplePrompts(), AllPrompts: true},
		"Full":               {Full: true, Now: exportNow.Add(123456789)},
		"FullRange":          {Full: true, Now: exportNow, Since: &since, Until: &until, Facilitator: "Sam", Personal: samplePersonal(), Journal: sampleJournalID},
		"FullUntil":          {Full: true, Now: exportNow, Until: &until, WeekDates: true},
	}
}

// TestWriteExportJSONMatchesEncodingJSON: the records WriteExportJSON
// writes itself are encoding/json's bytes, for exports built from a
// journal and for documents with what BuildExport never makes (nil lists,
// missing flags).
func TestWriteExportJSONMatchesEncodingJSON(t *testing.T) {
	es := testJournal(t, 3000)
	c := journal.BuiltinSkills()
	c[3].Archived = true
	for name, opts := range exportCases() {
		t.Run(name, func(t *testing.T) {
			x := journal.BuildExport(es, c, opts)
			if got, want := exportJSON(t, x), referenceExportJSON(t, x); !bytes.Equal(got, want) {
				t.Fatalf("WriteExportJSON differs from encoding/json:\n%s", firstDiff(got, want))
			}
		})
	}
	t.Run("Odd", func(t *testing.T) {
		yes := true
		text := "x"
		created := time.Date(2026, 3, 1, 9, 30, 0, 120, time.FixedZone("", -5*3600))
		x := &journal.Export{Format: journal.ExportFormat, Version: 1, Records: []journal.EntryRecord{
			{ID: "a"},
			{ID: "b", Tags: []string{}, Ratings: map[string]int{}, Reflections: []journal.ReflectionRecord{}},
			{ID: "c", Title: &text, Tags: []string{"", "x"}, Ratings: map[string]int{"b": -1, "a": 99, "é": 0},
				Reflections: []journal.ReflectionRecord{{}, {Starred: &yes}, {Shared: &yes, Prompt: "\u2028"}}, Created: &created},
		}}
		if got, want := exportJSON(t, x), referenceExportJSON(t, x); !bytes.Equal(got, want) {
			t.Fatalf("WriteExportJSON differs from encoding/json:\n%s", firstDiff(got, want))
		}
	})
}

// TestWriteExportJSONFromMatchesBuildExport: the streaming export writes
// the very bytes of BuildExport and WriteExportJSON, full and coach-safe,
// with ranges and week dates, and says what it holds.
func TestWriteExportJSONFromMatchesBuildExport(t *testing.T) {
	es := testJournal(t, 3000)
	c := journal.BuiltinSkills()
	c = append(c, journal.Skill{ID: "own.skill", Name: "Own", KeyElement: "Personal growth"})
	for name, opts := range exportCases() {
		t.Run(name, func(t *testing.T) {
			x := journal.BuildExport(es, c, opts)
			want := exportJSON(t, x)
			src := newSliceSource(es, opts)
			var got bytes.Buffer
			head, n, err := journal.WriteExportJSONFrom(&got, src, c, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("streamed export differs:\n%s", firstDiff(got.Bytes(), want))
			}
			if n != x.Counts() || n.Entries != len(src.es) || src.tallied != 1 {
				t.Errorf("counts %+v, want %+v (%d entries, tallied %d times)", n, x.Counts(), len(src.es), src.tallied)
			}
			if head.Journal != opts.Journal || (opts.Journal != "") != bytes.Contains(got.Bytes(), []byte(`"journal": "`+opts.Journal+`"`)) {
				t.Errorf("journal %q, want %q in the head and the document", head.Journal, opts.Journal)
			}
			if head.Records != nil || head.Privacy != x.Privacy || head.Full() != opts.Full || !slices.Equal(head.Skills, x.Skills) {
				t.Errorf("head %+v", head)
			}
			// The prompts carried: answered ones only, unless all.
			if !reflect.DeepEqual(head.Prompts, x.Prompts) || (name == "CoachSafeAnswered" || name == "CoachSafePrompts") != (len(x.Prompts) > 0) {
				t.Errorf("prompts %+v, built %+v", head.Prompts, x.Prompts)
			}
			if name == "CoachSafeAnswered" {
				for _, p := range x.Prompts {
					if !slices.ContainsFunc(x.Records, func(r journal.EntryRecord) bool {
						return slices.ContainsFunc(r.Reflections, func(f journal.ReflectionRecord) bool { return f.PromptID == p.ID })
					}) || len(x.Prompts) == len(answeredPrompts()) {
						t.Fatalf("prompt %s carried without a shared reflection answering it (%d of %d carried)", p.ID, len(x.Prompts), len(answeredPrompts()))
					}
				}
			}
		})
	}
}

// badSource breaks the contract of an EntrySource in one way.
type badSource struct {
	sliceSource
	break_ func([]*journal.Entry) []*journal.Entry
}

func (s *badSource) Each(fn func(*journal.Entry) error) error {
	for _, e := range s.break_(slices.Clone(s.es)) {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func TestWriteExportJSONFromChecksItsSource(t *testing.T) {
	es := testJournal(t, 50)
	until := exportEnd - 10
	opts := journal.ExportOptions{Now: exportNow, Until: &until}
	for name, f := range map[string]func([]*journal.Entry) []*journal.Entry{
		"OutOfOrder": func(es []*journal.Entry) []*journal.Entry { es[3], es[4] = es[4], es[3]; return es },
		"Fewer":      func(es []*journal.Entry) []*journal.Entry { return es[1:] },
		"More":       func(es []*journal.Entry) []*journal.Entry { return append(es, es[len(es)-1]) },
		"OutOfRange": func(es []*journal.Entry) []*journal.Entry {
			e := *es[len(es)-1]
			e.Date = until + 1
			return append(es[:len(es)-1], &e)
		},
	} {
		t.Run(name, func(t *testing.T) {
			src := &badSource{sliceSource: *newSliceSource(es, opts), break_: f}
			var b bytes.Buffer
			if _, _, err := journal.WriteExportJSONFrom(&b, src, journal.BuiltinSkills(), opts); journal.ErrorCode(err) != journal.EINTERNAL {
				t.Errorf("err = %v, want EINTERNAL", err)
			}
		})
	}
	t.Run("SourceError", func(t *testing.T) {
		boom := errors.New("boom")
		src := &badSource{sliceSource: *newSliceSource(es, opts), break_: func(es []*journal.Entry) []*journal.Entry { return es }}
		var calls int
		_, _, err := journal.WriteExportJSONFrom(writerFunc(func(p []byte) (int, error) {
			calls++
			return 0, boom
		}), src, journal.BuiltinSkills(), opts)
		if !errors.Is(err, boom) || calls != 1 {
			t.Errorf("err = %v after %d writes, want the writer's error", err, calls)
		}
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A time encoding/json refuses is refused with encoding/json's error.
func TestWriteExportJSONTimeError(t *testing.T) {
	created := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	x := &journal.Export{Records: []journal.EntryRecord{{ID: "a", Created: &created}}}
	var b bytes.Buffer
	err := journal.WriteExportJSON(&b, x)
	want := journal.WriteJSON(&bytes.Buffer{}, x)
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("err = %v, want %v", err, want)
	}
}

// FuzzExportString: every string, valid UTF-8 or not, is written as
// encoding/json writes it.
func FuzzExportString(f *testing.F) {
	for _, s := range []string{"", "plain text of some length", "a\"b\\c\n\r\t\b\f\x00\x1f\x7f", "<>&", "\u2028\u2029",
		"é日本🌱", "\xff\xfe", "abc\xe2\x80", "12345678\"12345678", strings.Repeat("x", 17) + "\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkExportString(t, s)
	})
}

func checkExportString(t *testing.T, s string) {
	t.Helper()
	text := s
	x := &journal.Export{Records: []journal.EntryRecord{{ID: s, Notes: &text, Tags: []string{s}, Ratings: map[string]int{s: 1}}}}
	if got, want := exportJSON(t, x), referenceExportJSON(t, x); !bytes.Equal(got, want) {
		t.Fatalf("%q:\n%s", s, firstDiff(got, want))
	}
}

// TestExportStringRandom writes random strings of the bytes and runes that
// JSON treats specially, at every alignment.
func TestExportStringRandom(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	pieces := []string{"a", "bcdefghi", " ", "\"", "\\", "\n", "\x00", "\x1f", "\x7f", "<", "&", "é", "\u2028", "\u2029",
		"\U0001F331", "\xff", "\xe2\x80", "\xed\xa0\x80", "\uFFFD"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkExportString(t, b.String())
	}
}
