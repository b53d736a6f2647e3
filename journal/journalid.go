package journal

import (
	"io"
	"strings"
)

// JournalIDLength is the length of a journal id.
const JournalIDLength = 26

// NewJournalID returns a new journal id: 128 random bits from entropy
// (crypto/rand in hone), written as 26 characters of Crockford's base32 in
// lower case. It is made once per journal and derived from nothing
// personal: exports carry it (as "journal") so that a reader can tell two
// exports of one journal from exports of two people, and so that coach
// feedback finds its journal (SPEC sections 7 and 11).
func NewJournalID(entropy io.Reader) (string, error) {
	var rnd [16]byte
	if _, err := io.ReadFull(entropy, rnd[:]); err != nil {
		return "", err
	}
	// 26 digits of 5 bits hold 130 bits: the first digit takes the top 3
	// bits of the first byte, with two zero bits above them.
	var b [JournalIDLength]byte
	var acc uint32
	bits := 2 // the two leading zero bits
	i := 0
	for _, c := range rnd {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b[i] = crockford[(acc>>bits)&31]
			i++
		}
	}
	return string(b[:]), nil
}

// ValidateJournalID checks that id has the form NewJournalID gives. The
// error names the field "journal".
func ValidateJournalID(id string) error {
	if len(id) != JournalIDLength || strings.Trim(id, crockford) != "" {
		return Invalid("journal", "%q is not a journal id (%d lower-case letters and digits)", truncate(SafeLine(id), 40), JournalIDLength)
	}
	return nil
}
