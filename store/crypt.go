package store

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"hone/journal"
)

// Encryption at rest.
//
// An encrypted journal has a random 32-byte data key. The meta bucket's
// crypt value (a cryptHeader, as JSON) holds it wrapped: sealed with
// XChaCha20-Poly1305 under a key derived from the passphrase with argon2id,
// with additional data "hone-data-key-v1"; the argon2id parameters and the
// salt are beside it. Changing the passphrase re-wraps the data key and
// leaves every value as it is.
//
// HKDF-SHA256 derives two keys from the data key:
//
//   - the value key seals every value of the data buckets (entries, skills,
//     prompts, config, goals) and the ratings in idx_skill: a stored value
//     is nonce(24) || XChaCha20-Poly1305(value key, nonce, value,
//     AD = bucket || 0x00 || key), so a value changed, or moved to another
//     key or bucket, does not open;
//   - the index key hides the text in keys: the value part of every index
//     key but idx_date's (skill id, tag, family, kind) and the skill id that
//     keys the skills bucket are HMAC-SHA256(index key, bucket || 0x00 ||
//     text), cut to 16 bytes. Equal text gives equal keys, so filters still
//     seek by prefix; the bucket in the hash keeps a tag and a family of the
//     same spelling apart.
//
// What stays visible to whoever has the file: the bucket names and the
// meta data (format, schema, the last entry id, the crypt header); entry
// ids, which carry their creation time to the millisecond, and the dates in
// the index keys; how many entries, ratings, tags, families, kinds, custom
// skills, prompts and goals there are, and which entries share a tag,
// family, kind or skill (their keys share a hash); and the rough size of
// every value. No text the user wrote appears in the file.
const (
	cryptVersion = 1          // the crypt header this build writes and reads
	kdfArgon2id  = "argon2id" // the only key derivation there is
	dataKeyLen   = chacha20poly1305.KeySize
	saltLen      = 16
	hashLen      = 16                 // bytes of a keyed hash in a key
	dataKeyAD    = "hone-data-key-v1" // additional data of the wrapped key

	valueKeyInfo = "hone value key v1"
	indexKeyInfo = "hone index key v1"
)

// MinPassphraseLen is the fewest characters a new passphrase may have.
const MinPassphraseLen = 8

// kdfParams are argon2id's cost parameters.
type kdfParams struct {
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// defaultKDF returns the parameters every new or changed passphrase gets:
// about 0.3 s and 64 MiB on the 2-core reference machine.
func defaultKDF() kdfParams {
	return kdfParams{Time: 16, MemoryKiB: 64 << 10, Threads: 2}
}

// Bounds on the parameters a header may ask for, so that a hostile file
// cannot make hone allocate gigabytes or spin for minutes.
const (
	maxKDFTime      = 64
	maxKDFMemoryKiB = 1 << 20 // 1 GiB
	maxKDFThreads   = 64
	maxSaltLen      = 64
)

// cryptHeader is the meta bucket's crypt value.
type cryptHeader struct {
	Version    int    `json:"version"`
	KDF        string `json:"kdf"`
	Time       uint32 `json:"time"`
	MemoryKiB  uint32 `json:"memory_kib"`
	Threads    uint8  `json:"threads"`
	Salt       []byte `json:"salt"`
	WrappedKey []byte `json:"wrapped_key"` // nonce(24) || sealed data key
}

// parseCryptHeader reads a crypt header. EDAMAGED if it is malformed, or
// written by a newer hone.
func parseCryptHeader(path string, b []byte) (*cryptHeader, error) {
	var h cryptHeader
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, damaged(path, "its encryption header does not decode")
	}
	if h.Version > cryptVersion {
		return nil, newerCryptError(path, h.Version)
	}
	p := h.params()
	switch {
	case h.Version < 1:
		return nil, damaged(path, fmt.Sprintf("its encryption header has version %d", h.Version))
	case h.KDF != kdfArgon2id:
		return nil, damaged(path, fmt.Sprintf("its encryption header names the key derivation %q, which hone does not know", h.KDF))
	case p.Time < 1 || p.Time > maxKDFTime || p.Threads < 1 || p.Threads > maxKDFThreads ||
		p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxKDFMemoryKiB:
		return nil, damaged(path, "its encryption header has key derivation parameters out of bounds")
	case len(h.Salt) < saltLen || len(h.Salt) > maxSaltLen:
		return nil, damaged(path, "its encryption header has a salt of the wrong length")
	case len(h.WrappedKey) != chacha20poly1305.NonceSizeX+dataKeyLen+chacha20poly1305.Overhead:
		return nil, damaged(path, "its encryption header has a wrapped key of the wrong length")
	}
	return &h, nil
}

func (h *cryptHeader) params() kdfParams {
	return kdfParams{Time: h.Time, MemoryKiB: h.MemoryKiB, Threads: h.Threads}
}

// kek derives the key-encryption key from a passphrase.
func kek(passphrase string, salt []byte, p kdfParams) (cipher.AEAD, error) {
	k := argon2.IDKey([]byte(passphrase), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		return nil, fmt.Errorf("store: key from the passphrase: %w", err)
	}
	return aead, nil
}

// wrapDataKey returns a new header holding key wrapped under passphrase,
// with a fresh salt.
func wrapDataKey(key []byte, passphrase string, p kdfParams) (*cryptHeader, error) {
	h := &cryptHeader{Version: cryptVersion, KDF: kdfArgon2id, Time: p.Time, MemoryKiB: p.MemoryKiB, Threads: p.Threads,
		Salt: make([]byte, saltLen)}
	rand.Read(h.Salt)
	aead, err := kek(passphrase, h.Salt, p)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(key)+aead.Overhead())
	rand.Read(nonce)
	h.WrappedKey = aead.Seal(nonce, nonce, key, []byte(dataKeyAD))
	return h, nil
}

// unwrap returns the data key that passphrase unwraps; EPASSPHRASE naming
// path when it does not.
func (h *cryptHeader) unwrap(path, passphrase string) ([]byte, error) {
	aead, err := kek(passphrase, h.Salt, h.params())
	if err != nil {
		return nil, err
	}
	n := chacha20poly1305.NonceSizeX
	key, err := aead.Open(nil, h.WrappedKey[:n], h.WrappedKey[n:], []byte(dataKeyAD))
	if err != nil || len(key) != dataKeyLen {
		return nil, wrongPassphrase(path)
	}
	return key, nil
}

// open returns the keys of the journal whose header h is, unwrapped by
// passphrase; EPASSPHRASE naming path when it does not open it.
func (h *cryptHeader) open(path, passphrase string) (*sealer, error) {
	key, err := h.unwrap(path, passphrase)
	if err != nil {
		return nil, err
	}
	return newSealer(key)
}

// encode returns the header as stored.
func (h *cryptHeader) encode() ([]byte, error) {
	b, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("store: encode the encryption header: %w", err)
	}
	return b, nil
}

// sealer holds the keys of an unlocked journal.
type sealer struct {
	dataKey  []byte
	values   cipher.AEAD // under the value key
	indexKey []byte
}

// newSealer derives the value and index keys from a data key.
func newSealer(dataKey []byte) (*sealer, error) {
	vk, err := hkdf.Expand(sha256.New, dataKey, valueKeyInfo, chacha20poly1305.KeySize)
	if err != nil {
		return nil, fmt.Errorf("store: derive the value key: %w", err)
	}
	ik, err := hkdf.Expand(sha256.New, dataKey, indexKeyInfo, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("store: derive the index key: %w", err)
	}
	aead, err := chacha20poly1305.NewX(vk)
	if err != nil {
		return nil, fmt.Errorf("store: value key: %w", err)
	}
	return &sealer{dataKey: dataKey, values: aead, indexKey: ik}, nil
}

// newDataKey returns the sealer of a new random data key.
func newDataKey() (*sealer, error) {
	key := make([]byte, dataKeyLen)
	rand.Read(key)
	return newSealer(key)
}

// unlock asks for the passphrase of the encrypted journal at path, whose
// header is h, and returns its sealer and the passphrase. EPASSPHRASE when
// ask is nil or the passphrase does not open the journal; an error of ask
// comes back as it is.
func unlock(path string, h *cryptHeader, ask func() (string, error)) (*sealer, string, error) {
	if ask == nil {
		return nil, "", encryptedError(path)
	}
	pass, err := ask()
	if err != nil {
		return nil, "", err
	}
	if pass == "" {
		return nil, "", encryptedError(path)
	}
	s, err := h.open(path, pass)
	if err != nil {
		return nil, "", err
	}
	return s, pass, nil
}

// encryptedError says that the journal at path is encrypted and no
// passphrase was given.
func encryptedError(path string) error {
	return journal.Errorf(journal.EPASSPHRASE, "%s is encrypted; give its passphrase (on the terminal, or with --passphrase-file)", path)
}

// wrongPassphrase says that the passphrase given does not open path.
func wrongPassphrase(path string) error {
	return journal.Errorf(journal.EPASSPHRASE, "the passphrase does not open %s", path)
}

// newerCryptError is the EDAMAGED error for an encryption header of a
// version newer than this build knows.
func newerCryptError(path string, v int) error {
	return &damageError{
		reason: fmt.Sprintf("it was made by a newer hone (encryption version %d; this hone reads up to %d)", v, cryptVersion),
		err: journal.Errorf(journal.EDAMAGED,
			"%s was made by a newer hone (encryption version %d; this hone reads up to %d); update hone, or run `hone doctor --db %s` for details",
			path, v, cryptVersion, journal.ShellQuote(path)),
	}
}

// checkNewPassphrase refuses a passphrase too short to protect anything.
func checkNewPassphrase(p string) error {
	if n := utf8.RuneCountInString(p); n < MinPassphraseLen {
		return journal.Invalid("passphrase", "a passphrase of %d characters is too easy to guess; use at least %d", n, MinPassphraseLen)
	}
	return nil
}

// Encrypted reports whether the journal is encrypted.
func (db *DB) Encrypted() bool { return db.cryptKeys() != nil }

// CheckPassphrase reports whether passphrase opens the journal, for a
// locked screen that asks for it again: nil if it does, EPASSPHRASE if not,
// EINVALID if the journal is not encrypted. It takes as long as opening
// the journal (argon2id) and changes nothing.
func (db *DB) CheckPassphrase(passphrase string) error {
	// The header first: reading it lets a DB from OpenShared see what
	// another hone did to the journal (see check) before the keys are
	// looked at.
	var raw []byte
	err := db.view(func(tx *bolt.Tx) error {
		meta, err := db.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		raw = slices.Clone(meta.Get([]byte(metaCrypt)))
		return nil
	})
	if err != nil {
		return err
	}
	var h *cryptHeader
	keys := db.cryptKeys()
	switch u := db.unlockedCrypt(); {
	case keys != nil && raw != nil:
		if h, err = parseCryptHeader(db.path, raw); err != nil {
			return err
		}
	case keys == nil && u != nil:
		// Another hone decrypted the journal under this DB: the
		// passphrase that unlocked it unlocks the screen.
		h, keys = u.header, u.keys
	default:
		return journal.Errorf(journal.EINVALID, "%s is not encrypted", db.path)
	}
	key, err := h.unwrap(db.path, passphrase)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(key, keys.dataKey) != 1 {
		return wrongPassphrase(db.path)
	}
	return nil
}

// unlockedCrypt returns the encryption another hone took off the journal
// under a DB from OpenShared, nil when none did.
func (db *DB) unlockedCrypt() *unlockedCrypt {
	if db.shared == nil {
		return nil
	}
	db.shared.mu.Lock()
	defer db.shared.mu.Unlock()
	return db.shared.unlocked
}

// seal returns the stored form of a value put under key in bucket: the
// value itself in a plain journal; nonce || ciphertext in an encrypted one.
func (db *DB) seal(bucket string, key, value []byte) []byte {
	keys := db.cryptKeys()
	if keys == nil {
		return value
	}
	return keys.seal(value, sealAD(bucket, key))
}

// seal returns value sealed with the values' key under the additional
// data ad: a random nonce, then the ciphertext.
func (s *sealer) seal(value, ad []byte) []byte {
	out := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(value)+s.values.Overhead())
	rand.Read(out)
	return s.values.Seal(out, out, value, ad)
}

// open returns the value stored under key in bucket, as seal took it. In
// an encrypted journal it is a new slice; in a plain one, stored itself.
// EDAMAGED when it does not open: it was changed, damaged, or moved from
// another key or bucket.
func (db *DB) open(bucket string, key, stored []byte) ([]byte, error) {
	var o opener
	return o.open(db, bucket, key, stored)
}

// opener opens values one after another, as DB.open does, reusing its
// buffers: for scans that open many small values. A value it returns is
// valid until its next call.
type opener struct {
	ad, out []byte
}

func (o *opener) open(db *DB, bucket string, key, stored []byte) ([]byte, error) {
	keys := db.cryptKeys()
	if keys == nil {
		return stored, nil
	}
	o.ad = appendAD(o.ad[:0], bucket, key)
	n := chacha20poly1305.NonceSizeX
	if len(stored) >= n+keys.values.Overhead() {
		v, err := keys.values.Open(o.out[:0], stored[:n], stored[n:], o.ad)
		if err == nil {
			o.out = v
			return v, nil
		}
	}
	return nil, damaged(db.path, fmt.Sprintf("%s does not open with the journal's key: it was changed or damaged", recordName(bucket, key)))
}

// sealAD is the additional data that binds a sealed value to its place.
func sealAD(bucket string, key []byte) []byte {
	return appendAD(nil, bucket, key)
}

// appendAD appends the additional data of a value under key in bucket to b:
// bucket || 0x00 || key.
func appendAD(b []byte, bucket string, key []byte) []byte {
	b = append(b, bucket...)
	b = append(b, 0)
	return append(b, key...)
}

// keyPart returns the form text takes inside a key of bucket: the text in
// a plain journal, its keyed hash in an encrypted one.
func (db *DB) keyPart(bucket, text string) string {
	keys := db.cryptKeys()
	if keys == nil {
		return text
	}
	m := hmac.New(sha256.New, keys.indexKey)
	m.Write([]byte(bucket))
	m.Write([]byte{0})
	m.Write([]byte(text))
	return string(m.Sum(nil)[:hashLen])
}

// skillKey returns the key of a skill's record in the skills bucket.
func (db *DB) skillKey(id string) []byte {
	return []byte(db.keyPart(bucketSkills, id))
}

// recordName names the record under key in bucket, for messages.
func recordName(bucket string, key []byte) string {
	switch bucket {
	case bucketEntries:
		return fmt.Sprintf("entry %s", describeKey(key))
	case bucketSkills:
		return fmt.Sprintf("skill %s", describeKey(key))
	case bucketPrompts:
		return fmt.Sprintf("custom prompt %x", key)
	case bucketGoals:
		return fmt.Sprintf("learning goal %x", key)
	case bucketConfig:
		return fmt.Sprintf("setting %s", describeKey(key))
	case bucketFeedback:
		return fmt.Sprintf("coach feedback %s", describeKey(key))
	case bucketDrafts:
		return fmt.Sprintf("draft %s", describeKey(key))
	case bucketIdxSkill:
		return "a rating in the skill index"
	}
	return fmt.Sprintf("a value of %s", bucket)
}

// describeKey quotes a key of printable ASCII and gives any other in hex.
func describeKey(k []byte) string {
	for _, c := range k {
		if c < 0x20 || c > 0x7e {
			return fmt.Sprintf("%x", k)
		}
	}
	return fmt.Sprintf("%q", k)
}
