package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Markers are private text put into a journal; none may appear in the bytes
// of an encrypted journal file, in any case.
const (
	markTitle    = "Quokkatitle"
	markNotes    = "Notesmarker grandmother"
	markStale    = "Stalemarker"
	markFamily   = "FAMzq7"
	markTag      = "tagmarkzq"
	markPrompt   = "Promptmarker"
	markAnswer   = "Answermarker"
	markSkillID  = "zq.skillmark"
	markSkill    = "Skillnamemarker"
	markGroup    = "Groupmarker"
	markCustomP  = "Customprompmarker"
	markWatch    = "Watchnamezq"
	markGoal     = "Goalmarker"
	markFacil    = "Facilnamezq"
	markAfter    = "Aftermarker" // written after encryption
	markAfterFam = "AFTzq9"
)

func allMarkers() []string {
	return []string{markTitle, markNotes, markStale, markFamily, markTag, markPrompt, markAnswer, markSkillID,
		markSkill, markGroup, markCustomP, markWatch, markGoal, markFacil}
}

// markersIn returns the markers found in the file at path, in any case.
func markersIn(t testing.TB, path string, markers ...string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	low := bytes.ToLower(b)
	var found []string
	for _, m := range markers {
		if bytes.Contains(low, []byte(strings.ToLower(m))) {
			found = append(found, m)
		}
	}
	return found
}

// markedJournal fills the journal of db with every marker: entries (one
// updated, so that its old text lies only in free pages), a custom skill,
// a custom prompt, the watch list, the facilitator name and a goal. It
// returns the entries.
func markedJournal(t *testing.T, db *DB) []*journal.Entry {
	t.Helper()
	sk := &journal.Skill{ID: markSkillID, Name: markSkill, Group: markGroup}
	if err := NewSkillService(db).CreateSkill(sk); err != nil {
		t.Fatal(err)
	}
	if err := NewSkillService(db).SetSkillArchived("eng.voice", true); err != nil {
		t.Fatal(err)
	}
	if err := NewPromptService(db).CreatePrompt(&journal.Prompt{Text: markCustomP + "?", Tags: []string{"eng.mi"}}); err != nil {
		t.Fatal(err)
	}
	if err := NewConfigService(db).AddWatchName(markWatch); err != nil {
		t.Fatal(err)
	}
	if err := NewConfigService(db).SetFacilitatorName(markFacil); err != nil {
		t.Fatal(err)
	}
	if err := NewGoalService(db).CreateGoal(&journal.Goal{Text: markGoal, Skills: []string{"eng.mi"}}); err != nil {
		t.Fatal(err)
	}
	var es []*journal.Entry
	for i := range 40 {
		e := &journal.Entry{
			Date:    today() - journal.Day(i),
			Kind:    journal.Kinds[i%len(journal.Kinds)],
			Family:  markFamily,
			Title:   markTitle,
			Notes:   markNotes + strings.Repeat(" more words", i),
			Ratings: map[string]int{"eng.mi": 1 + i%5, markSkillID: 1 + (i+2)%5},
			Tags:    []string{markTag, "t" + string(rune('a'+i%3))},
			Reflections: []journal.Reflection{
				{Prompt: markPrompt, Answer: markAnswer, Shared: i%2 == 0},
			},
		}
		if i%4 == 0 {
			e.Family = "other"
		}
		es = append(es, e)
	}
	mustCreate(t, db, es...)
	stale := &journal.Entry{Date: today(), Kind: journal.KindCheckIn, Title: "to be changed", Notes: markStale}
	mustCreate(t, db, stale)
	stale.Notes = "nothing to see"
	if err := NewEntryService(db).UpdateEntry(stale); err != nil {
		t.Fatal(err)
	}
	return append(es, stale)
}

// snapshot is everything the services read from a journal.
type snapshot struct {
	Entries []*journal.Entry
	Ratings map[string][]journal.Rating
	Skills  journal.Catalog
	Prompts []journal.Prompt
	Watch   []string
	Facil   string
	Goals   []journal.Goal
	Finds   map[string][]string // filter name -> ids found
}

// filters are the filters the snapshot runs, one for each index and more.
func filters() map[string]journal.EntryFilter {
	d := today() - 5
	return map[string]journal.EntryFilter{
		"skill":       {Skill: "eng.mi"},
		"customSkill": {Skill: markSkillID, Limit: 7},
		"tag":         {Tag: markTag},
		"tagOther":    {Tag: "tb"},
		"family":      {Family: strings.ToLower(markFamily)},
		"familyOther": {Family: "OTHER"},
		"kind":        {Kind: journal.KindCrisis},
		"search":      {Search: "grandmother"},
		"dates":       {Since: &d, Until: day(today() - 1)},
		"combined":    {Skill: "eng.mi", Tag: "ta", Family: markFamily, Since: &d},
		"limit":       {Limit: 10, Offset: 3},
	}
}

func takeSnapshot(t *testing.T, db *DB) snapshot {
	t.Helper()
	s := takeSnapshotLoose(t, db)
	es := NewEntryService(db)
	s.Finds = map[string][]string{}
	for name, f := range filters() {
		got, err := es.FindEntries(f)
		if err != nil {
			t.Fatalf("FindEntries %s: %v", name, err)
		}
		if len(got) == 0 {
			t.Fatalf("FindEntries %s found nothing: a poor test", name)
		}
		for _, e := range got {
			s.Finds[name] = append(s.Finds[name], e.ID)
		}
	}
	return s
}

func sameSnapshot(t *testing.T, got, want snapshot) {
	t.Helper()
	if len(got.Entries) != len(want.Entries) {
		t.Fatalf("%d entries, want %d", len(got.Entries), len(want.Entries))
	}
	for i := range want.Entries {
		sameEntry(t, got.Entries[i], want.Entries[i])
	}
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"ratings", got.Ratings, want.Ratings},
		{"skills", got.Skills, want.Skills},
		{"prompts", got.Prompts, want.Prompts},
		{"watch list", got.Watch, want.Watch},
		{"facilitator name", got.Facil, want.Facil},
		{"goals", got.Goals, want.Goals},
		{"filters", got.Finds, want.Finds},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s:\n got  %v\n want %v", c.what, c.got, c.want)
		}
	}
}

func passOptions(p string) Options {
	o := testOptions(2)
	o.Passphrase = givePassphrase(p)
	return o
}

func TestEncryptRoundTrip(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	plain := takeSnapshot(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	found := markersIn(t, path, allMarkers()...)
	if len(found) != len(allMarkers()) {
		t.Fatalf("the plain journal holds only the markers %v: a poor test", found)
	}
	if enc, err := IsEncrypted(path); err != nil || enc {
		t.Fatalf("IsEncrypted(plain) = %v, %v", enc, err)
	}

	encryptTest(t, path)

	if found := markersIn(t, path, allMarkers()...); len(found) > 0 {
		t.Errorf("the encrypted file holds %v (free pages included)", found)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the encrypted file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if enc, err := IsEncrypted(path); err != nil || !enc {
		t.Fatalf("IsEncrypted = %v, %v", enc, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	edb := openTestPath(t, path, passOptions(testPassphrase))
	sameSnapshot(t, takeSnapshot(t, edb), plain)

	// Writes to the encrypted journal are sealed too.
	s := NewEntryService(edb)
	after := &journal.Entry{Date: today(), Kind: journal.KindCrisis, Family: markAfterFam, Title: markAfter, Notes: markAfter,
		Ratings: map[string]int{"eng.mi": 3}, Tags: []string{"aftermarker"}}
	mustCreate(t, edb, after)
	after.Notes += " again"
	if err := s.UpdateEntry(after); err != nil {
		t.Fatal(err)
	}
	if err := NewSkillService(edb).CreateSkill(&journal.Skill{ID: "aftermarker.sk", Name: markAfter}); err != nil {
		t.Fatal(err)
	}
	if err := NewSkillService(edb).SetSkillArchived(markSkillID, true); err != nil {
		t.Fatal(err)
	}
	if err := NewSkillService(edb).SetSkillArchived("eng.voice", false); err != nil {
		t.Fatal(err)
	}
	if err := NewConfigService(edb).AddWatchName(markAfter); err != nil {
		t.Fatal(err)
	}
	if err := NewPromptService(edb).CreatePrompt(&journal.Prompt{Text: markAfter + "?"}); err != nil {
		t.Fatal(err)
	}
	g := &journal.Goal{Text: markAfter, Skills: []string{"eng.mi"}}
	if err := NewGoalService(edb).CreateGoal(g); err != nil {
		t.Fatal(err)
	}
	if _, err := NewGoalService(edb).SetGoalDone(g.ID, true); err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportEntries([]journal.Skill{{ID: "imported.sk", Name: markAfter}}, []*journal.Entry{{
		ID: "0000000000000001", Date: today() - 100, Kind: journal.KindOther, Title: markAfter, Ratings: map[string]int{"imported.sk": 2}}})
	if err != nil || res.Added != 1 || res.Skills != 1 {
		t.Fatalf("ImportEntries = %+v, %v", res, err)
	}
	if got, err := s.FindEntries(journal.EntryFilter{Family: strings.ToLower(markAfterFam), Tag: "aftermarker", Skill: "eng.mi"}); err != nil || len(got) != 1 || got[0].Notes != markAfter+" again" {
		t.Errorf("the entry written encrypted: %v, %v", got, err)
	}
	edb = reopen(t, edb)
	encrypted := takeSnapshot(t, edb)
	if got := encrypted.Ratings["imported.sk"]; len(got) != 1 || got[0].Value != 2 {
		t.Errorf("ratings of the imported skill: %v", got)
	}
	r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase), Timeout: 100 * time.Millisecond})
	if err == nil {
		t.Error("Doctor read the journal while it was open for writing")
	}
	if err := edb.Close(); err != nil {
		t.Fatal(err)
	}
	if found := markersIn(t, path, append(allMarkers(), markAfter, markAfterFam, "aftermarker.sk", "imported.sk")...); len(found) > 0 {
		t.Errorf("the encrypted file holds %v after writes", found)
	}

	r, err = DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)})
	if err != nil || !r.OK() || !r.Encrypted || !r.RecordsChecked || r.Entries != len(encrypted.Entries) {
		t.Errorf("Doctor with the passphrase: %+v, %v", r, err)
	}
	r, err = Doctor(path, 0)
	if err != nil || !r.OK() || !r.Encrypted || r.RecordsChecked || r.Schema != schemaVersion {
		t.Errorf("Doctor without the passphrase: %+v, %v", r, err)
	}

	if err := Decrypt(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if enc, err := IsEncrypted(path); err != nil || enc {
		t.Fatalf("IsEncrypted after Decrypt = %v, %v", enc, err)
	}
	if found := markersIn(t, path, markTitle, markAfter); len(found) != 2 {
		t.Errorf("the decrypted file holds only %v", found)
	}
	pdb := openTestPath(t, path, testOptions(3))
	sameSnapshot(t, takeSnapshot(t, pdb), encrypted)
	if err := pdb.Close(); err != nil {
		t.Fatal(err)
	}
	if r, err := Doctor(path, 0); err != nil || !r.OK() || r.Encrypted || !r.RecordsChecked {
		t.Errorf("Doctor after Decrypt: %+v, %v", r, err)
	}
}

// TestInPlaceResealLeavesPlainText shows why Encrypt writes a new file:
// sealing the values of a journal in place leaves their plain text in
// bbolt's free pages.
func TestInPlaceResealLeavesPlainText(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	inPlace := filepath.Join(t.TempDir(), "inplace.db")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inPlace, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := newDataKey()
	if err != nil {
		t.Fatal(err)
	}
	sealer := &DB{}
	sealer.keys.Store(s)
	rawUpdate(t, inPlace, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketEntries))
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := bk.Put(k, sealer.seal(bucketEntries, k, v)); err != nil {
				return err
			}
		}
		return nil
	})
	leaked := markersIn(t, inPlace, markNotes, markTitle)
	t.Logf("sealed in place, the file still holds %v", leaked)
	if len(leaked) == 0 {
		t.Skip("bbolt reused every freed page this time; nothing to show")
	}

	encryptTest(t, path)
	if found := markersIn(t, path, markNotes, markTitle); len(found) > 0 {
		t.Errorf("Encrypt left %v in the file", found)
	}
}

func TestEncryptErrors(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, fullEntry())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// On a plain journal.
	wantCode(t, Decrypt(path, testPassphrase), journal.EINVALID)
	wantCode(t, changePassphrase(path, testPassphrase, "another passphrase", cheapKDF()), journal.EINVALID)
	wantCode(t, encryptJournal(path, "short", cheapKDF()), journal.EINVALID)
	wantCode(t, Encrypt(filepath.Join(t.TempDir(), "none.db"), testPassphrase), journal.ENOTFOUND)
	wantCode(t, Decrypt(filepath.Join(t.TempDir(), "none.db"), testPassphrase), journal.ENOTFOUND)
	if _, err := IsEncrypted(filepath.Join(t.TempDir(), "none.db")); journal.ErrorCode(err) != journal.ENOTFOUND {
		t.Errorf("IsEncrypted(missing): %v", err)
	}

	encryptTest(t, path)
	before := fileSum(t, path)
	unchanged := func(what string) {
		t.Helper()
		if fileSum(t, path) != before {
			t.Fatalf("%s changed the file", what)
		}
	}

	_, err := Open(path, testOptions(1))
	wantCode(t, err, journal.EPASSPHRASE)
	if got, want := messageOf(err), path+" is encrypted; give its passphrase (on the terminal, or with --passphrase-file)"; got != want {
		t.Errorf("without a passphrase: %q, want %q", got, want)
	}
	unchanged("Open without a passphrase")

	for _, ro := range []bool{false, true} {
		opts := passOptions("wrong passphrase")
		opts.ReadOnly = ro
		_, err = Open(path, opts)
		wantCode(t, err, journal.EPASSPHRASE)
		if got, want := messageOf(err), "the passphrase does not open "+path; got != want {
			t.Errorf("a wrong passphrase: %q, want %q", got, want)
		}
		unchanged("Open with a wrong passphrase")
	}
	_, err = Open(path, passOptions(""))
	wantCode(t, err, journal.EPASSPHRASE)

	cancelled := errors.New("no terminal")
	opts := testOptions(1)
	opts.Passphrase = func() (string, error) { return "", cancelled }
	if _, err := Open(path, opts); !errors.Is(err, cancelled) {
		t.Errorf("the passphrase func's error: got %v", err)
	}

	wantCode(t, Decrypt(path, "wrong passphrase"), journal.EPASSPHRASE)
	unchanged("Decrypt with a wrong passphrase")
	wantCode(t, changePassphrase(path, "wrong passphrase", "another passphrase", cheapKDF()), journal.EPASSPHRASE)
	unchanged("ChangePassphrase with a wrong passphrase")
	wantCode(t, changePassphrase(path, testPassphrase, "short", cheapKDF()), journal.EINVALID)
	unchanged("ChangePassphrase to a short passphrase")
	wantCode(t, encryptJournal(path, testPassphrase, cheapKDF()), journal.EINVALID)
	unchanged("Encrypt of an encrypted journal")
	if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase("wrong passphrase")}); journal.ErrorCode(err) != journal.EPASSPHRASE {
		t.Errorf("Doctor with a wrong passphrase: %+v, %v", r, err)
	}

	// Read-only, with the passphrase.
	opts = passOptions(testPassphrase)
	opts.ReadOnly = true
	rdb := openTestPath(t, path, opts)
	if es, err := NewEntryService(rdb).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Errorf("read-only: %d entries, %v", len(es), err)
	}
	if err := rdb.CheckPassphrase(testPassphrase); err != nil {
		t.Errorf("CheckPassphrase(right): %v", err)
	}
	wantCode(t, rdb.CheckPassphrase("wrong passphrase"), journal.EPASSPHRASE)
	// Another hone holds the journal: every operation waits, then says so.
	wantCode(t, changePassphrase(path, testPassphrase, "another passphrase", cheapKDF()), journal.ELOCKED)
	if err := rdb.Close(); err != nil {
		t.Fatal(err)
	}
	unchanged("read-only use")
}

// setHeader rewrites the crypt header of the journal at path with fn.
func setHeader(t *testing.T, path string, fn func(h map[string]any)) {
	t.Helper()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		var h map[string]any
		if err := json.Unmarshal(meta.Get([]byte(metaCrypt)), &h); err != nil {
			return err
		}
		fn(h)
		b, err := json.Marshal(h)
		if err != nil {
			return err
		}
		return meta.Put([]byte(metaCrypt), b)
	})
}

func TestEncryptedHeaderRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(h map[string]any)
		code string
		want string
	}{
		{"Newer", func(h map[string]any) { h["version"] = 2 }, journal.EDAMAGED, "made by a newer hone (encryption version 2"},
		{"VersionZero", func(h map[string]any) { h["version"] = 0 }, journal.EDAMAGED, "encryption header has version 0"},
		{"UnknownKDF", func(h map[string]any) { h["kdf"] = "scrypt" }, journal.EDAMAGED, "does not know"},
		{"HugeMemory", func(h map[string]any) { h["memory_kib"] = 1 << 30 }, journal.EDAMAGED, "out of bounds"},
		{"ShortSalt", func(h map[string]any) { h["salt"] = "AAAA" }, journal.EDAMAGED, "salt"},
		{"WrappedKeyChanged", func(h map[string]any) {
			k, err := base64.StdEncoding.DecodeString(h["wrapped_key"].(string))
			if err != nil {
				t.Fatal(err)
			}
			k[30] ^= 1
			h["wrapped_key"] = base64.StdEncoding.EncodeToString(k)
		}, journal.EPASSPHRASE, "the passphrase does not open"},
		{"SaltChanged", func(h map[string]any) {
			k, err := base64.StdEncoding.DecodeString(h["salt"].(string))
			if err != nil {
				t.Fatal(err)
			}
			k[0] ^= 1
			h["salt"] = base64.StdEncoding.EncodeToString(k)
		}, journal.EPASSPHRASE, "the passphrase does not open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openTestDB(t)
			mustCreate(t, db, fullEntry())
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			encryptTest(t, path)
			setHeader(t, path, tc.edit)
			before := fileSum(t, path)
			_, err := Open(path, passOptions(testPassphrase))
			wantCode(t, err, tc.code)
			if !strings.Contains(messageOf(err), tc.want) || !strings.Contains(messageOf(err), path) || strings.Contains(messageOf(err), "\n") {
				t.Errorf("Open: %q, want one line naming the file and saying %q", messageOf(err), tc.want)
			}
			if fileSum(t, path) != before {
				t.Error("Open changed the file")
			}
			if tc.code == journal.EDAMAGED {
				r, err := Doctor(path, 0)
				if err != nil || r.OK() {
					t.Errorf("Doctor: %+v, %v", r, err)
				}
			}
		})
	}
}

// firstKey returns a copy of the first key of bucket in the file at path.
func firstKey(t *testing.T, path, bucket string) []byte {
	t.Helper()
	var k []byte
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		fk, _ := tx.Bucket([]byte(bucket)).Cursor().First()
		k = bytes.Clone(fk)
		return nil
	})
	if k == nil {
		t.Fatalf("%s is empty", bucket)
	}
	return k
}

func TestEncryptedTamperRefused(t *testing.T) {
	flip := func(bucket string) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucket))
			k, v := b.Cursor().First()
			v = bytes.Clone(v)
			v[len(v)/2] ^= 0x20
			return b.Put(bytes.Clone(k), v)
		}
	}
	swap := func(bucket string) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucket))
			c := b.Cursor()
			k1, v1 := c.First()
			k2, v2 := c.Next()
			k1, v1, k2, v2 = bytes.Clone(k1), bytes.Clone(v1), bytes.Clone(k2), bytes.Clone(v2)
			if err := b.Put(k1, v2); err != nil {
				return err
			}
			return b.Put(k2, v1)
		}
	}
	findAll := func(db *DB) error {
		_, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
		return err
	}
	findFirst := func(db *DB) error {
		id := firstKeyOf(t, db, bucketEntries)
		_, err := NewEntryService(db).FindEntry(id)
		return err
	}
	ratings := func(db *DB) error { _, err := NewRatingService(db).Ratings(); return err }
	skills := func(db *DB) error { _, err := NewSkillService(db).Skills(); return err }
	for _, tc := range []struct {
		name   string
		break_ func(tx *bolt.Tx) error
		read   func(db *DB) error
	}{
		{"EntryFlipFind", flip(bucketEntries), findAll},
		{"EntryFlipFindEntry", flip(bucketEntries), findFirst},
		{"EntrySwap", swap(bucketEntries), findFirst},
		{"EntryTruncated", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketEntries))
			k, _ := b.Cursor().First()
			return b.Put(bytes.Clone(k), []byte("short"))
		}, findAll},
		{"EntryMovedFromSkills", func(tx *bolt.Tx) error {
			_, v := tx.Bucket([]byte(bucketSkills)).Cursor().First()
			b := tx.Bucket([]byte(bucketEntries))
			k, _ := b.Cursor().First()
			return b.Put(bytes.Clone(k), bytes.Clone(v))
		}, findAll},
		{"RatingFlip", flip(bucketIdxSkill), ratings},
		{"RatingSwap", swap(bucketIdxSkill), ratings},
		{"SkillFlip", flip(bucketSkills), skills},
		{"SkillSwap", swap(bucketSkills), skills},
		{"PromptFlip", flip(bucketPrompts), func(db *DB) error { _, err := NewPromptService(db).Prompts(); return err }},
		{"WatchFlip", flip(bucketConfig), func(db *DB) error { _, err := NewConfigService(db).WatchList(); return err }},
		{"GoalFlip", flip(bucketGoals), func(db *DB) error { _, err := NewGoalService(db).Goals(); return err }},
		{"CreateAfterSkillFlip", flip(bucketSkills), func(db *DB) error { return NewEntryService(db).CreateEntry(fullEntry()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openTestDBMode(t, true)
			if err := NewSkillService(db).CreateSkill(&journal.Skill{ID: "my.skill", Name: "Mine"}); err != nil {
				t.Fatal(err)
			}
			if err := NewSkillService(db).SetSkillArchived("eng.voice", true); err != nil {
				t.Fatal(err)
			}
			if err := NewPromptService(db).CreatePrompt(&journal.Prompt{Text: "Mine?"}); err != nil {
				t.Fatal(err)
			}
			if err := NewConfigService(db).AddWatchName("Someone"); err != nil {
				t.Fatal(err)
			}
			if err := NewGoalService(db).CreateGoal(&journal.Goal{Text: "Listen", Skills: []string{"eng.mi"}}); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, db,
				newEntry(today(), "one", map[string]int{"eng.mi": 4, "team.facil": 2}),
				newEntry(today()-1, "two", map[string]int{"eng.mi": 2}),
			)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, tc.break_)
			db = openTestPath(t, path, passOptions(testPassphrase))
			err := tc.read(db)
			wantCode(t, err, journal.EDAMAGED)
			if msg := messageOf(err); !strings.Contains(msg, path) || !strings.Contains(msg, "hone doctor") {
				t.Errorf("the error does not name the file and hone doctor: %q", msg)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)})
			if err != nil || r.OK() {
				t.Errorf("Doctor: %+v, %v", r, err)
			}
			t.Logf("Doctor: %s", lines(r.Problems))
		})
	}
}

// firstKeyOf returns the first key of bucket in db, as a string.
func firstKeyOf(t *testing.T, db *DB, bucket string) string {
	t.Helper()
	var k string
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		fk, _ := tx.Bucket([]byte(bucket)).Cursor().First()
		k = string(fk)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return k
}

// rawValues returns every key and value of the data buckets and idx_skill
// in the file at path.
func rawValues(t *testing.T, path string) map[string]string {
	t.Helper()
	m := map[string]string{}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketEntries, bucketSkills, bucketPrompts, bucketConfig, bucketGoals, bucketIdxSkill, bucketIdxTag} {
			if err := tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				m[name+"/"+string(k)] = string(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestChangePassphrase(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	edb := openTestPath(t, path, passOptions(testPassphrase))
	want := takeSnapshot(t, edb)
	if err := edb.Close(); err != nil {
		t.Fatal(err)
	}
	values := rawValues(t, path)

	const newPass = "a brand new passphrase"
	if err := changePassphrase(path, testPassphrase, newPass, cheapKDF()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rawValues(t, path), values) {
		t.Error("ChangePassphrase rewrote sealed values")
	}
	_, err := Open(path, passOptions(testPassphrase))
	wantCode(t, err, journal.EPASSPHRASE)
	edb = openTestPath(t, path, passOptions(newPass))
	sameSnapshot(t, takeSnapshot(t, edb), want)
	if err := edb.CheckPassphrase(newPass); err != nil {
		t.Errorf("CheckPassphrase(new): %v", err)
	}
	wantCode(t, edb.CheckPassphrase(testPassphrase), journal.EPASSPHRASE)
	if found := markersIn(t, path, allMarkers()...); len(found) > 0 {
		t.Errorf("the file holds %v", found)
	}
}

// TestChangePassphraseStrongKDF runs the exported path once, with the
// default argon2id parameters, and checks they are what the header says.
func TestChangePassphraseStrongKDF(t *testing.T) {
	db, path := openTestDBMode(t, true)
	mustCreate(t, db, fullEntry())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ChangePassphrase(path, testPassphrase, "strong passphrase"); err != nil {
		t.Fatal(err)
	}
	var h *cryptHeader
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		var err error
		h, err = parseCryptHeader(path, tx.Bucket([]byte(bucketMeta)).Get([]byte(metaCrypt)))
		return err
	})
	if got, want := h.params(), defaultKDF(); got != want || len(h.Salt) != saltLen || h.KDF != "argon2id" {
		t.Errorf("header %+v, want the parameters %+v", h, want)
	}
	openTestPath(t, path, passOptions("strong passphrase"))
}

func TestEncryptedIndexKeysHideText(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	texts := []string{markTag, strings.ToLower(markFamily), markSkillID, "eng.mi", "eng.voice", "crisis", "team-meeting", "other"}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketIdxTag, bucketIdxFamily, bucketIdxKind, bucketIdxSkill, bucketSkills} {
			n := 0
			err := tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				n++
				want := hashLen + 1 + dateLen + journal.IDLength
				if name == bucketSkills {
					want = hashLen
				}
				if len(k) != want {
					t.Errorf("%s key %x: %d bytes, want %d", name, k, len(k), want)
				}
				part := k[:hashLen]
				for _, s := range texts {
					if bytes.Contains(part, []byte(s)) {
						t.Errorf("%s key %x holds %q", name, k, s)
					}
				}
				if name == bucketIdxSkill && len(v) != 1+sealOverheadForTest {
					t.Errorf("%s value of %d bytes: not sealed", name, len(v))
				}
				return nil
			})
			if err != nil {
				return err
			}
			if n == 0 {
				t.Errorf("%s is empty: a poor test", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sealOverheadForTest is what sealing adds to a value: nonce and tag.
const sealOverheadForTest = 24 + 16

func TestEncryptedBackups(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	early := filepath.Join(BackupDir(path), BackupName(path, testStart, ""))
	if err := db.BackupFile(early); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Another journal's plain backup in the same folder is not this one's.
	other := filepath.Join(BackupDir(path), "other-20260101-000000.db")
	if err := os.WriteFile(other, mustRead(t, early), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := PlainBackups(path); err != nil || !reflect.DeepEqual(got, []string{early}) {
		t.Errorf("PlainBackups before = %v, %v; want %v", got, err, early)
	}
	encryptTest(t, path)
	if got, err := PlainBackups(path); err != nil || !reflect.DeepEqual(got, []string{early}) {
		t.Errorf("PlainBackups after Encrypt = %v, %v; want %v", got, err, early)
	}

	opts := passOptions(testPassphrase)
	opts.Now = time.Now // AutoBackup compares with the files' times
	edb := openTestPath(t, path, opts)
	want := takeSnapshot(t, edb)
	manual := filepath.Join(t.TempDir(), "manual.db")
	if err := edb.BackupFile(manual); err != nil {
		t.Fatal(err)
	}
	auto, err := edb.AutoBackup(0, 7)
	if err != nil || auto == "" {
		t.Fatalf("AutoBackup = %q, %v", auto, err)
	}
	var buf bytes.Buffer
	if _, err := edb.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	streamed := filepath.Join(t.TempDir(), "streamed.db")
	if err := os.WriteFile(streamed, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := PlainBackups(path); err != nil || !reflect.DeepEqual(got, []string{early}) {
		t.Errorf("PlainBackups with encrypted backups = %v, %v; want %v", got, err, early)
	}
	for _, p := range []string{manual, auto, streamed} {
		if found := markersIn(t, p, allMarkers()...); len(found) > 0 {
			t.Errorf("backup %s holds %v", p, found)
		}
		if enc, err := IsEncrypted(p); err != nil || !enc {
			t.Errorf("IsEncrypted(%s) = %v, %v", p, enc, err)
		}
		_, err := Open(p, testOptions(5))
		wantCode(t, err, journal.EPASSPHRASE)
		bdb := openTestPath(t, p, passOptions(testPassphrase))
		sameSnapshot(t, takeSnapshot(t, bdb), want)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEncryptFailureLeavesJournal stops Encrypt and Decrypt after the new
// file is complete but before it replaces the journal, as a crash or a
// failed check would: the journal is as it was, and no temporary file is
// left.
func TestEncryptFailureLeavesJournal(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	fail := errors.New("injected failure")
	stop := func(to *sealer, h *cryptHeader, passphrase string) {
		t.Helper()
		before := fileSum(t, path)
		db, err := Open(path, passOptions(passphrase))
		if err != nil {
			t.Fatal(err)
		}
		var built string
		err = db.rewrite(to, h, func(tmp string) error {
			built = tmp
			if fi, err := os.Stat(tmp); err != nil || fi.Size() == 0 {
				t.Errorf("the new file: %v, %v", fi, err)
			}
			return fail
		})
		if !errors.Is(err, fail) {
			t.Errorf("rewrite = %v, want the injected failure", err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if fileSum(t, path) != before {
			t.Error("the journal changed")
		}
		if _, err := os.Stat(built); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the temporary file %s is left: %v", built, err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
			t.Errorf("files left: %v", left)
		}
	}
	to, err := newDataKey()
	if err != nil {
		t.Fatal(err)
	}
	h, err := wrapDataKey(to.dataKey, testPassphrase, cheapKDF())
	if err != nil {
		t.Fatal(err)
	}
	stop(to, h, "")
	if enc, err := IsEncrypted(path); err != nil || enc {
		t.Fatalf("IsEncrypted = %v, %v", enc, err)
	}

	encryptTest(t, path)
	stop(nil, nil, testPassphrase)
	if enc, err := IsEncrypted(path); err != nil || !enc {
		t.Fatalf("IsEncrypted = %v, %v", enc, err)
	}

	// A journal with a record that does not open is not rewritten.
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketEntries))
		k, v := b.Cursor().Last()
		v = bytes.Clone(v)
		v[30] ^= 1
		return b.Put(bytes.Clone(k), v)
	})
	before := fileSum(t, path)
	wantCode(t, Decrypt(path, testPassphrase), journal.EDAMAGED)
	if fileSum(t, path) != before {
		t.Error("a failed Decrypt changed the journal")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}

	// A temporary file a crash left behind does not bother the journal.
	if err := os.WriteFile(filepath.Join(dir, "."+filepath.Base(path)+".rewrite-123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	openTestPath(t, path, passOptions(testPassphrase))
}

// TestOpenFollowsReplacedFile has a hone wait for the lock of a journal
// that Encrypt (here: a rename) replaces meanwhile: it opens the new file,
// not the old one it waited on.
func TestOpenFollowsReplacedFile(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "old", nil))
	newer := filepath.Join(filepath.Dir(path), "newer.db")
	ndb, err := Open(newer, testOptions(2))
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, ndb, newEntry(today(), "new", nil))
	if err := ndb.Close(); err != nil {
		t.Fatal(err)
	}

	type result struct {
		db  *DB
		err error
	}
	done := make(chan result)
	go func() {
		db, err := Open(path, Options{Timeout: 2 * time.Second})
		done <- result{db, err}
	}()
	time.Sleep(200 * time.Millisecond) // the other hone waits for the lock
	if err := os.Rename(newer, path); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	es, err := NewEntryService(r.db).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 || es[0].Title != "new" {
		t.Errorf("the waiting hone reads %v, %v; want the new file's entry", titles(es), err)
	}
	if err := r.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestEncryptSchema1Journal encrypts and decrypts the journal the first
// schema wrote (testdata/journal-schema1.db, whose archived built-in skill
// has a record naming no skill): everything reads back the same.
func TestEncryptSchema1Journal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(path, mustRead(t, filepath.Join("..", "testdata", "journal-schema1.db")), 0o600); err != nil {
		t.Fatal(err)
	}
	db := openTestPath(t, path, testOptions(1))
	want := takeSnapshotLoose(t, db)
	if sk, ok := want.Skills.Find("self.doc"); !ok || !sk.Archived {
		t.Fatalf("self.doc in the old journal: %+v, %v", sk, ok)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	edb := openTestPath(t, path, passOptions(testPassphrase))
	sameSnapshot(t, takeSnapshotLoose(t, edb), want)
	if err := edb.Close(); err != nil {
		t.Fatal(err)
	}
	if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)}); err != nil || !r.OK() {
		t.Errorf("Doctor: %+v, %v", r, err)
	}
	if err := Decrypt(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	pdb := openTestPath(t, path, testOptions(2))
	sameSnapshot(t, takeSnapshotLoose(t, pdb), want)
}

// takeSnapshotLoose is takeSnapshot without the filters, which expect
// markedJournal's entries.
func takeSnapshotLoose(t *testing.T, db *DB) snapshot {
	t.Helper()
	var s snapshot
	var err error
	if s.Entries, err = NewEntryService(db).FindEntries(journal.EntryFilter{}); err != nil {
		t.Fatal(err)
	}
	if s.Ratings, err = NewRatingService(db).Ratings(); err != nil {
		t.Fatal(err)
	}
	if s.Skills, err = NewSkillService(db).Skills(); err != nil {
		t.Fatal(err)
	}
	if s.Prompts, err = NewPromptService(db).Prompts(); err != nil {
		t.Fatal(err)
	}
	if s.Watch, err = NewConfigService(db).WatchList(); err != nil {
		t.Fatal(err)
	}
	if s.Facil, err = NewConfigService(db).FacilitatorName(); err != nil {
		t.Fatal(err)
	}
	if s.Goals, err = NewGoalService(db).Goals(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEncryptThroughLinks encrypts a journal reached through a symbolic
// link: the file it points to is encrypted and the link stays. A journal
// with a second hard link is refused: the link would keep the plain text.
func TestEncryptThroughLinks(t *testing.T) {
	db, path := openTestDB(t)
	markedJournal(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, link)
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link: %v, %v", fi, err)
	}
	if found := markersIn(t, path, allMarkers()...); len(found) > 0 {
		t.Errorf("the file behind the link holds %v", found)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(link), ".*")); len(left) > 0 {
		t.Errorf("files left beside the link: %v", left)
	}

	hard := filepath.Join(filepath.Dir(path), "hard.db")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	wantCode(t, Decrypt(path, testPassphrase), journal.EINVALID)
	if fileSum(t, path) != before {
		t.Error("a refused Decrypt changed the file")
	}
	if err := os.Remove(hard); err != nil {
		t.Fatal(err)
	}
	if err := Decrypt(link, testPassphrase); err != nil {
		t.Fatal(err)
	}
	openTestPath(t, path, testOptions(2))
}

// TestEncryptDamagedNamesTheJournal flips one byte at a time through the
// pages of a journal and encrypts it: whatever fails is told of the journal
// (damaged, see hone doctor), never of the temporary file the copy was, nor
// as a fault of hone, and the journal is left as it was.
func TestEncryptDamagedNamesTheJournal(t *testing.T) {
	db, journalPath := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", map[string]int{"eng.mi": 4}), newEntry(today(), "two", map[string]int{"eng.mi": 3}))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(journalPath)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	// A fresh file each time: opening some damaged files leaks the file's
	// lock within the process (Open's to fix), which would fail the next.
	// Past the two meta pages and the freelist, one byte in 29.
	for off := 3 * 4096; off < len(orig); off += 29 {
		b := append([]byte(nil), orig...)
		b[off] ^= 0xa5
		path := filepath.Join(t.TempDir(), "journal.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		err := encryptJournal(path, testPassphrase, cheapKDF())
		if err == nil {
			continue
		}
		failed++
		msg := journal.ErrorMessage(err)
		if strings.Contains(msg, ".rewrite-") || journal.ErrorCode(err) != journal.EDAMAGED || !strings.Contains(msg, path) {
			t.Errorf("byte %d flipped: encrypt says %q (code %s), want the journal named as damaged", off, msg, journal.ErrorCode(err))
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, b) {
			t.Errorf("byte %d flipped: a failed encrypt changed the journal", off)
		}
	}
	t.Logf("%d of the flips made encrypt fail", failed)
}

// TestLeftoversRemovedOnTheNextWritableOpen: the temporary files a killed
// hone leaves beside the journal are found, and removed by the next open
// that holds the write lock; one another hone has open stays.
func TestLeftoversRemovedOnTheNextWritableOpen(t *testing.T) {
	db, path := openTestDB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	os.MkdirAll(BackupDir(path), 0o700)
	base := filepath.Base(path)
	left := []string{
		filepath.Join(dir, "."+base+".rewrite-123"),
		filepath.Join(dir, "."+base+".new-456"),
		filepath.Join(dir, "."+base+".restore-789"),
		filepath.Join(BackupDir(path), ".hone-42.tmp"),
	}
	others := []string{
		filepath.Join(dir, ".other.db.rewrite-123"),
		filepath.Join(dir, base+".rewrite-123"),
		filepath.Join(dir, "notes.txt"),
	}
	for _, p := range append(append([]string{}, left...), others...) {
		os.WriteFile(p, []byte("family F12 said plain text"), 0o600)
	}
	busy := filepath.Join(dir, "."+base+".rewrite-999")
	os.WriteFile(busy, nil, 0o600)
	f, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := tryLock(f); err != nil {
		t.Fatal(err)
	}

	if got := Leftovers(path); !slices.Equal(got, slices.Sorted(slices.Values(left))) {
		t.Errorf("Leftovers = %v, want %v", got, left)
	}
	r, err := Doctor(path, time.Second)
	if err != nil || !r.OK() || len(r.Leftovers) != len(left) {
		t.Errorf("Doctor: %+v, %v; want the %d leftovers reported, no problem", r, err, len(left))
	}
	ro := openTestPath(t, path, Options{ReadOnly: true})
	ro.Close()
	if got := Leftovers(path); len(got) != len(left) {
		t.Errorf("a read-only open removed leftovers: %v remain", got)
	}
	db = openTestPath(t, path, testOptions(12))
	if got := Leftovers(path); len(got) != 0 {
		t.Errorf("after a writable open, leftovers remain: %v", got)
	}
	for _, p := range append(others, busy) {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s, not a leftover of this journal's, was removed", p)
		}
	}
}
