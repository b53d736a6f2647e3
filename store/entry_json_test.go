package store

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hone/journal"
	"hone/journal/gen"
)

// entryJSONSeeds are stored records, hone's own and others that decodeEntry
// must read as encoding/json does (or refuse as it does).
var entryJSONSeeds = []string{
	`{}`,
	` {"id":"a","day":-3} `,
	`{"id":"01b2d4zeev38y2pv","day":17130,"created":"2016-11-25T07:07:46.011Z","updated":"2016-11-25T09:07:46.011+02:00","kind":"transition","phase":4,"family":"F58","title":"T","notes":"a\nb \u003cscript\u003e \u0026 \u2028 \"q\" \\ \/ \b\f\r\t","ratings":{"eng.mi":2,"x":5},"reflections":[{"prompt_id":"p","prompt":"P?","answer":"A","shared":true,"starred":true},{"prompt":"","answer":"","shared":false}],"tags":["a","b"]}`,
	`{"notes":"\ud83c\udf31 \ud83c x \udf31 \ud83c\u0041 \uD83C\uDF31 \u00e9"}`,
	"{\"notes\":\"bad \xff utf8\"}",
	"{\"notes\":\"raw \x01 control\"}",
	`{"notes":"bad \x escape"}`,
	`{"notes":"short \u12"}`,
	`{"ID":"upper case key"}`,
	`{"i\u0064":"escaped key"}`,
	`{"id":"a","id":"b"}`,
	`{"ratings":{"a":1,"a":2}}`,
	`{"ratings":{"a":1.0}}`,
	`{"ratings":{"a":1e0}}`,
	`{"ratings":{"a":01}}`,
	`{"ratings":{"a":-0}}`,
	`{"ratings":{"a\u00e9\n":3}}`,
	`{"ratings":{}}`,
	`{"ratings":null}`,
	`{"tags":[]}`,
	`{"tags":null}`,
	`{"reflections":[]}`,
	`{"reflections":[{}]}`,
	`{"reflections":[{"shared":null}]}`,
	`{"day":2147483648}`,
	`{"day":-2147483648}`,
	`{"phase":9223372036854775807}`,
	`{"phase":9223372036854775808}`,
	`{"phase":-9223372036854775808}`,
	`{"phase":-}`,
	`{"created":"2016-11-25"}`,
	`{"created":"2016-11-25T07:07:46Z\u0041"}`,
	`{"created":null}`,
	`{"unknown":1}`,
	`{"id":"a"} x`,
	`{"id":"a",}`,
	`{"id" : "a" , "day" : 1 }`,
	`null`,
	`[]`,
	``,
	`{"reflections":[{"prompt":"a"},]}`,
	`{"tags":["a" "b"]}`,
}

// FuzzDecodeEntry checks that decodeEntryFast, where it reads a record at
// all, reads it as encoding/json does, and that its tally (day and ratings
// only) agrees.
func FuzzDecodeEntry(f *testing.F) {
	for _, s := range entryJSONSeeds {
		f.Add([]byte(s))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		b, err := encodeEntry(randomStoredEntry(rng))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecodeEntry(t, b)
	})
}

func checkDecodeEntry(t *testing.T, b []byte) {
	t.Helper()
	want, werr := decodeEntryJSON(b)
	got, ok := decodeEntryFast(b)
	if ok {
		if werr != nil {
			t.Fatalf("%q: the fast decoder read what encoding/json refuses (%v): %+v", b, werr, got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", b, got, want)
		}
	}
	interned, iok := (&entryScanner{intern: map[string]string{}}).decode(b)
	if iok != ok || !reflect.DeepEqual(interned, got) {
		t.Fatalf("%q: interning changed the entry:\n got %+v\nwant %+v", b, interned, got)
	}
	tally := ratingTally{ratings: map[string]int{}}
	s := entryScanner{b: b, intern: map[string]string{}}
	if s.entry(nil, &tally) && werr == nil {
		if tally.day != want.Date || !reflect.DeepEqual(tally.ratings, want.Ratings) {
			t.Fatalf("%q: tally day %d ratings %v, want %d %v", b, tally.day, tally.ratings, want.Date, want.Ratings)
		}
	}
}

func TestDecodeEntrySeeds(t *testing.T) {
	fast := 0
	for _, s := range entryJSONSeeds {
		checkDecodeEntry(t, []byte(s))
		if _, ok := decodeEntryFast([]byte(s)); ok {
			fast++
		}
	}
	if fast < 15 {
		t.Errorf("the fast decoder read only %d of the seeds", fast)
	}
}

// TestDecodeEntryFastReadsHonesRecords: every record encodeEntry writes is
// read by the fast decoder, as encoding/json reads it.
func TestDecodeEntryFastReadsHonesRecords(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for range 2000 {
		e := randomStoredEntry(rng)
		b, err := encodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := decodeEntryFast(b); !ok {
			t.Fatalf("the fast decoder gave up on %s", b)
		}
		checkDecodeEntry(t, b)
	}
}

// randomStoredEntry returns an entry with text of every kind JSON escapes:
// quotes, backslashes, control characters, HTML, U+2028, astral runes.
func randomStoredEntry(rng *rand.Rand) *journal.Entry {
	pieces := []string{"a", "Z", " ", "\n", "\t", "\r", "\"", "\\", "/", "<", ">", "&", "\u2028", "\u2029",
		"é", "日本", "🌱", "\x00", "\x1b", "\x7f", "\u00a0", "\ufffd", "x\u0301"}
	text := func(n int) string {
		var b strings.Builder
		for range rng.IntN(n) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	zone := time.FixedZone("", (rng.IntN(29)-14)*3600)
	created := time.Date(2000+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), zone)
	if rng.IntN(2) == 0 {
		created = created.UTC()
	}
	e := &journal.Entry{
		ID:      text(20),
		Date:    journal.Day(rng.IntN(80000) - 40000),
		Created: created,
		Updated: created.Add(time.Duration(rng.IntN(1e6)) * time.Second),
		Kind:    journal.Kind(text(5)),
		Phase:   rng.IntN(7) - 1,
		Family:  text(4),
		Title:   text(8),
		Notes:   text(60),
		Ratings: map[string]int{},
	}
	for range rng.IntN(7) {
		e.Ratings[text(6)] = rng.IntN(9) - 2
	}
	for range rng.IntN(3) {
		e.Reflections = append(e.Reflections, journal.Reflection{PromptID: text(3), Prompt: text(10), Answer: text(20), Shared: rng.IntN(2) == 0, Starred: rng.IntN(2) == 0})
	}
	for range rng.IntN(4) {
		e.Tags = append(e.Tags, text(4))
	}
	if !utf8.ValidString(e.Notes) {
		panic("invalid test text")
	}
	return e
}

// Decoding stored entries: encoding/json beside the fast decoder, on the
// records of a generated journal of 10,000 entries.
func BenchmarkDecodeEntry_10000(b *testing.B) {
	es := gen.Generate(gen.Options{Entries: 10_000, Seed: 1, End: today()})
	records := make([][]byte, len(es))
	for i, e := range es {
		var err error
		if records[i], err = encodeEntry(e); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("JSON", func(b *testing.B) {
		for b.Loop() {
			for _, r := range records {
				if _, err := decodeEntryJSON(r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Fast", func(b *testing.B) {
		for b.Loop() {
			for _, r := range records {
				if _, ok := decodeEntryFast(r); !ok {
					b.Fatal("the fast decoder gave up")
				}
			}
		}
	})
	b.Run("FastInterned", func(b *testing.B) {
		s := entryScanner{intern: map[string]string{}}
		for b.Loop() {
			for _, r := range records {
				if _, ok := s.decode(r); !ok {
					b.Fatal("the fast decoder gave up")
				}
			}
		}
	})
}

// Decoding one stored entry (a generated one with notes, ratings,
// reflections and tags): encoding/json beside the fast decoder. Issue 21
// measured go-json-experiment/json the same way (BENCHMARKS.md).
func BenchmarkDecodeEntry_1(b *testing.B) {
	var record []byte
	for _, e := range gen.Generate(gen.Options{Entries: 1000, Seed: 1, End: today()}) {
		if e.Notes != "" && len(e.Ratings) > 0 && len(e.Reflections) > 0 && len(e.Tags) > 0 {
			var err error
			if record, err = encodeEntry(e); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	if record == nil {
		b.Fatal("no generated entry has notes, ratings, reflections and tags")
	}
	b.Run("JSON", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeEntryJSON(record); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Fast", func(b *testing.B) {
		for b.Loop() {
			if _, ok := decodeEntryFast(record); !ok {
				b.Fatal("the fast decoder gave up")
			}
		}
	})
}
