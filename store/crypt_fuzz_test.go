package store

import (
	"testing"

	"hone/journal"
)

// FuzzParseCryptHeader feeds the encryption header parser, which reads the
// one part of an encrypted journal that is not sealed: nothing may panic,
// every refusal is EDAMAGED, and an accepted header encodes and parses back
// to the same header.
func FuzzParseCryptHeader(f *testing.F) {
	h, err := wrapDataKey(make([]byte, dataKeyLen), "a long passphrase", kdfParams{Time: 1, MemoryKiB: 64, Threads: 1})
	if err != nil {
		f.Fatal(err)
	}
	good, err := h.encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"version": 2}`))
	f.Add([]byte(`{"version": 1, "kdf": "argon2id", "time": 1, "memory_kib": 64, "threads": 1}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseCryptHeader("j.db", b)
		if err != nil {
			if journal.ErrorCode(err) != journal.EDAMAGED {
				t.Fatalf("refusal with code %q: %v", journal.ErrorCode(err), err)
			}
			return
		}
		again, err := h.encode()
		if err != nil {
			t.Fatal(err)
		}
		h2, err := parseCryptHeader("j.db", again)
		if err != nil {
			t.Fatalf("an accepted header does not parse back: %v", err)
		}
		if h2.params() != h.params() || string(h2.Salt) != string(h.Salt) || string(h2.WrappedKey) != string(h.WrappedKey) {
			t.Fatal("an accepted header changed on the way back")
		}
	})
}
