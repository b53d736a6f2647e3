package journal_test

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
	"testing/iotest"

	"hone/journal"
)

func TestNewJournalID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id, err := journal.NewJournalID(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := journal.ValidateJournalID(id); err != nil {
			t.Fatalf("NewJournalID gave %q: %v", id, err)
		}
		if seen[id] {
			t.Fatalf("NewJournalID gave %q twice", id)
		}
		seen[id] = true
	}
	// All 128 bits are in the id: all ones give the largest id there is.
	id, err := journal.NewJournalID(bytes.NewReader(bytes.Repeat([]byte{0xff}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "7" + strings.Repeat("z", 25); id != want {
		t.Errorf("all ones: %q, want %q", id, want)
	}
	if _, err := journal.NewJournalID(iotest.ErrReader(iotest.ErrTimeout)); err == nil {
		t.Error("no error when there is no randomness")
	}
}

func TestValidateJournalID(t *testing.T) {
	for _, tt := range []struct {
		name, id string
		ok       bool
	}{
		{"OK", sampleJournalID, true},
		{"ErrEmpty", "", false},
		{"ErrShort", sampleJournalID[1:], false},
		{"ErrUpper", strings.ToUpper(sampleJournalID), false},
		{"ErrLetterU", "u" + sampleJournalID[1:], false},
		{"ErrEntryID", "01m89gn0a3gfn1af", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := journal.ValidateJournalID(tt.id)
			if (err == nil) != tt.ok {
				t.Fatalf("ValidateJournalID(%q) = %v", tt.id, err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "journal: ") {
				t.Errorf("error %q does not name the field", err)
			}
		})
	}
}
