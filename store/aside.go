package store

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"

	"hone/journal"
)

// A TUI open on an encrypted journal that another hone encrypted again
// under another key holds keys that no longer open it, and waits for the
// passphrase (check, Unlock). When the user quits there instead, the
// form's draft cannot go into the journal, and an encrypted journal's
// text never goes to a plain file: KeepDraftAside seals it with the keys
// the TUI still holds into a private file beside the journal, with the
// encryption header they came from. The next start takes it in
// (TakeDraftsAside) with the passphrase it was unlocked with, or, when
// the passphrase changed too, with the one from before.

// Files kept aside are named asidePrefix RANDOM asideSuffix, in a private
// folder (0700) of their own, each 0600.
const (
	asidePrefix = "aside-"
	asideSuffix = ".sealed"
)

// asideAD is the additional data of a sealed draft kept aside.
const asideAD = "hone draft kept aside"

// asideFile is the stored form of a draft kept aside: its id (a time and
// a random number, as the journal's keys show it), the encryption header
// whose data key sealed it, and the draft's record, sealed (nonce ||
// ciphertext).
type asideFile struct {
	ID     string          `json:"id"`
	Header json.RawMessage `json:"header"`
	Sealed []byte          `json:"sealed"`
}

// KeepDraftAside keeps d, sealed, in a new file in dir (made private when
// missing), for a TUI of an encrypted journal that refuses the draft:
// sealed with the journal's keys, or when another hone encrypted the
// journal again under another key, with the keys the DB had before. It
// returns the file's path. EINVALID when the DB has had no keys (a plain
// journal), or is not from OpenShared.
func (s *EntryService) KeepDraftAside(dir string, d *journal.Draft) (string, error) {
	db := s.db
	header, keys, err := db.asideKeys()
	if err != nil {
		return "", err
	}
	raw, err := json.Marshal(newDraftRecord(d, db.clock()))
	if err != nil {
		return "", fmt.Errorf("store: encode draft %s: %w", d.ID, err)
	}
	b, err := json.Marshal(asideFile{ID: d.ID, Header: header, Sealed: keys.seal(raw, []byte(asideAD))})
	if err != nil {
		return "", fmt.Errorf("store: encode the draft kept aside: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: make the folder for a draft kept aside: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: make %s private: %w", dir, err)
	}
	// Written whole or not at all: a start that looks meanwhile sees all
	// or nothing.
	path := filepath.Join(dir, asidePrefix+rand.Text()+asideSuffix)
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return "", err
	}
	return path, nil
}

// asideKeys returns the encryption header and keys that KeepDraftAside
// seals with: the journal's, or those the DB held before another hone
// encrypted the journal again under another key.
func (db *DB) asideKeys() ([]byte, *sealer, error) {
	s := db.shared
	if s == nil {
		return nil, nil, journal.Errorf(journal.EINVALID, "a draft is kept aside only by the full-screen journal")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if keys := db.cryptKeys(); keys != nil && s.cryptRaw != "" {
		return []byte(s.cryptRaw), keys, nil
	}
	if u := s.unlocked; u != nil {
		raw, err := u.header.encode()
		return raw, u.keys, err
	}
	return nil, nil, journal.Errorf(journal.EINVALID, "%s is not encrypted: a draft is kept aside only sealed", db.path)
}

// TakeDraftsAside takes the drafts kept aside in dir (KeepDraftAside)
// that passphrase opens into the journal, as drafts offered at the next
// look (Drafts), each under its id, and removes their files. It returns how many files it
// left because passphrase does not open them (kept under a passphrase
// the journal had before); a file that is not one it can read is left
// too, and counted. Errors: SaveDraft's, and a folder it cannot read.
func (s *EntryService) TakeDraftsAside(dir, passphrase string) (left int, err error) {
	names, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: read %s: %w", dir, err)
	}
	for _, e := range names {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, asidePrefix) || !strings.HasSuffix(name, asideSuffix) {
			continue
		}
		path := filepath.Join(dir, name)
		d, err := openAside(path, passphrase)
		if err != nil {
			left++
			continue
		}
		// Under its own id, the draft replaces what the form's timer
		// kept of it in the journal before.
		if checkDraftID(d.ID) != nil {
			d.ID = strings.TrimSuffix(name, asideSuffix)
		}
		if err := s.SaveDraft(d); err != nil {
			return left, err
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return left, fmt.Errorf("store: remove %s: %w", path, err)
		}
	}
	return left, nil
}

// openAside returns the draft in the file at path, kept aside, opened
// with passphrase: EPASSPHRASE when it does not open it.
func openAside(path, passphrase string) (*journal.Draft, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", path, err)
	}
	var f asideFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, asideDamaged(path, "it is not a draft kept aside")
	}
	h, err := parseCryptHeader(path, f.Header)
	if err != nil {
		return nil, err
	}
	keys, err := h.open(path, passphrase)
	if err != nil {
		return nil, err
	}
	n := chacha20poly1305.NonceSizeX
	if len(f.Sealed) < n {
		return nil, asideDamaged(path, "its sealed draft is cut short")
	}
	raw, err := keys.values.Open(nil, f.Sealed[:n], f.Sealed[n:], []byte(asideAD))
	if err != nil {
		return nil, asideDamaged(path, "its sealed draft does not open with its key")
	}
	var r draftRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, asideDamaged(path, "its sealed draft does not decode")
	}
	return r.draft(f.ID), nil
}

// asideDamaged is the EDAMAGED error of a file kept aside that does not
// read as one.
func asideDamaged(path, reason string) error {
	return journal.Errorf(journal.EDAMAGED, "%s cannot be read as a draft kept aside (%s)", path, reason)
}
