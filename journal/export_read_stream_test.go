package journal

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// chunkReader reads data n bytes at a time.
type chunkReader struct {
	data []byte
	n    int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.data)
	c.data = c.data[n:]
	return n, nil
}

// readStream reads all of r through a streamReader of limit bytes, and
// reports whether it took all of it as UTF-8 within the limit.
func readStream(r io.Reader, limit int64) bool {
	s := &streamReader{r: r, left: limit}
	_, err := io.ReadAll(s)
	return err == nil && s.err == nil && s.finish() == nil
}

// The stream's UTF-8 check agrees with utf8.Valid however the reads cut
// the runes.
func TestStreamReaderUTF8(t *testing.T) {
	for _, in := range []string{
		"", "plain", "é", "日本語", "🙂", "a🙂b日é", strings.Repeat("日🙂é", 20),
		"\xff", "a\x80", "\xc3", "ab\xe6\x97", "\xf0\x9f\x99", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80",
		"é\xe6\x97", "\xe6\x97x", "\xf0\x9f\x99\x82\x82", "日\xbf本",
	} {
		want := utf8.ValidString(in)
		for n := 1; n <= 7; n++ {
			if got := readStream(&chunkReader{data: []byte(in), n: n}, MaxExportSize); got != want {
				t.Errorf("%q read %d bytes at a time: valid %t, want %t", in, n, got, want)
			}
		}
	}
}

func TestStreamReaderLimit(t *testing.T) {
	data := []byte(strings.Repeat("a", 100))
	if !readStream(bytes.NewReader(data), 100) {
		t.Error("a file of the limit is refused")
	}
	if readStream(bytes.NewReader(data), 99) {
		t.Error("a file over the limit is taken")
	}
}

func TestStreamReaderKeepsReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	s := &streamReader{r: io.MultiReader(strings.NewReader("{"), errReader{boom}), left: MaxExportSize}
	if _, err := io.ReadAll(s); !errors.Is(err, boom) || !errors.Is(s.err, boom) {
		t.Errorf("err %v, kept %v", err, s.err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Every export hone writes is decoded as a stream, to what decoding it
// whole gives.
func TestStreamExportTakesHoneExports(t *testing.T) {
	now := time.Date(2026, 3, 1, 18, 30, 0, 0, time.UTC)
	since, late := DayOf(now)-40, DayOf(now)+1 // late: an export of no entries
	var es []*Entry
	for i := range 60 {
		e := &Entry{ID: "0000000000000" + strconv.Itoa(100+i), Date: DayOf(now) - Day(i), Kind: KindTeamMeeting,
			Phase: 2, Family: "fam" + strconv.Itoa(i%3), Title: "t", Notes: "n 日本語", Tags: []string{"mi"},
			Ratings: map[string]int{"eng.mi": 1 + i%5}, Created: now, Updated: now}
		if i%4 == 0 {
			e.Reflections = []Reflection{{PromptID: "p", Prompt: "What?", Answer: "🙂 that", Shared: i%8 == 0}}
		}
		es = append(es, e)
	}
	for _, opts := range []ExportOptions{
		{Now: now, Facilitator: "Ana"},
		{Now: now, WeekDates: true, Since: &since},
		{Now: now, Full: true},
		{Now: now, Since: &late},
	} {
		var b bytes.Buffer
		if err := WriteExportJSON(&b, BuildExport(es, BuiltinSkills(), opts)); err != nil {
			t.Fatal(err)
		}
		streamed, err := streamExport(&streamReader{r: bytes.NewReader(b.Bytes()), left: MaxExportSize})
		if err != nil {
			t.Fatalf("%+v: not streamed: %v", opts, err)
		}
		whole := new(Export)
		if err := decodeStrict(b.Bytes(), whole); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(streamed, whole) {
			t.Errorf("%+v: streamed %+v\nwhole %+v", opts, streamed, whole)
		}
	}
}
