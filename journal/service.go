package journal

import (
	"encoding/binary"
	"io"
	"time"
)

// EntryService reads and writes journal entries. Implementations validate
// with Entry.Normalize and Entry.Validate, so every way in refuses the same
// input with the same words.
type EntryService interface {
	// CreateEntry normalizes and validates e, gives it an ID and its Created
	// and Updated times, and stores it durably. EINVALID on bad input.
	CreateEntry(e *Entry) error
	// UpdateEntry replaces the stored entry with e's ID and sets Updated.
	// ENOTFOUND if there is none, EINVALID on bad input, ECONFLICT when e
	// carries an Updated time and the stored entry's differs: someone
	// changed it since e was read (a zero Updated replaces it regardless).
	UpdateEntry(e *Entry) error
	// DeleteEntry removes an entry. ENOTFOUND if there is none.
	DeleteEntry(id string) error
	// FindEntry returns the entry with the given id, or the one entry whose
	// id starts with it. ENOTFOUND if there is none, EINVALID if a prefix is
	// shared by several.
	FindEntry(id string) (*Entry, error)
	// FindEntries returns the entries that match f, newest first (by date,
	// then by creation). Entries whose records are damaged are left out:
	// the others come back with an EDAMAGED error that names them.
	FindEntries(f EntryFilter) ([]*Entry, error)

	// Drafts returns the drafts of the entry form kept in the journal,
	// newest first.
	Drafts() ([]*Draft, error)
	// SaveDraft keeps d in the journal (sealed in an encrypted one) in
	// place of the draft with d's ID, and sets d.Saved; a draft whose id
	// was closed (DeleteDraft, CommitDraft) is dropped. EINVALID when d
	// has no ID.
	SaveDraft(d *Draft) error
	// DeleteDraft removes the draft with id and closes the id: a write of
	// the draft still under way is dropped.
	DeleteDraft(id string) error
	// CommitDraft saves e (CreateEntry without an ID, UpdateEntry with
	// one) and closes the draft draftID in the same write: a saved entry
	// is never offered again as a draft, however hone stops. With no
	// draftID it saves e alone.
	CommitDraft(e *Entry, draftID string) error
}

// EntryFilter selects entries. Zero fields select everything.
type EntryFilter struct {
	Since  *Day   // on or after this day
	Until  *Day   // on or before this day
	Skill  string // rates this skill
	Tag    string // carries this tag
	Kind   Kind   // is of this kind
	Family string // concerns this family code (exact, case-insensitive)
	Search string // text in title, notes, family, tags or reflections (case-insensitive)
	Offset int    // skip this many matches
	Limit  int    // at most this many; 0 for no limit
}

// SkillService keeps the skill catalog: the built-in skills and the user's
// own.
type SkillService interface {
	// Skills returns the catalog: built-in skills first in their fixed
	// order, then custom skills in the order they were added.
	Skills() (Catalog, error)
	// CreateSkill adds a custom skill. EINVALID on bad input, ECONFLICT if
	// the id is taken.
	CreateSkill(s *Skill) error
	// SetSkillArchived archives or restores a skill; its ratings are kept.
	// ENOTFOUND if there is no such skill.
	SetSkillArchived(id string, archived bool) error
}

// PromptService keeps the reflection prompt library.
type PromptService interface {
	// Prompts returns the library: built-in prompts first, then custom ones.
	Prompts() ([]Prompt, error)
	// CreatePrompt adds a custom prompt and gives it an id. EINVALID on bad
	// input.
	CreatePrompt(p *Prompt) error
}

// Rating is one self-rating of one skill, as drift analysis reads it.
type Rating struct {
	Skill   string
	Date    Day
	EntryID string // orders ratings of the same day by entry creation
	Value   int
}

// RatingService reads ratings without reading whole entries.
type RatingService interface {
	// Ratings returns every rating grouped by skill id, each group oldest
	// first (same day: by entry creation).
	Ratings() (map[string][]Rating, error)
}

// DriftService gives the drift analysis of the catalog, and may keep it
// until the journal changes, so that asking again costs little however
// many ratings there are.
type DriftService interface {
	// Drift returns AnalyzeCatalog of the current catalog and every rating
	// as of asOf: the drift of every active skill, in catalog order.
	Drift(asOf Day) ([]Drift, error)
}

// IDLength is the length of an entry id.
const IDLength = 16

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// NewID returns a 16-character entry id: the time t in milliseconds (10
// characters of Crockford base32) followed by 30 random bits from entropy (6
// characters). Ids sort in the order of their times.
func NewID(t time.Time, entropy io.Reader) (string, error) {
	var rnd [4]byte
	if _, err := io.ReadFull(entropy, rnd[:]); err != nil {
		return "", err
	}
	ms := uint64(t.UnixMilli())
	r := uint64(binary.BigEndian.Uint32(rnd[:]) >> 2)
	var b [IDLength]byte
	for i := 9; i >= 0; i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
	}
	for i := 15; i >= 10; i-- {
		b[i] = crockford[r&31]
		r >>= 5
	}
	return string(b[:]), nil
}

// ConfigService keeps the user's settings inside the journal file, so they
// travel with it and stay as private as it is.
type ConfigService interface {
	// WatchList returns the names the privacy check warns about, in the
	// order they were added.
	WatchList() ([]string, error)
	// AddWatchName adds a name to the watch list (once, ignoring case).
	// EINVALID for an empty or overlong name.
	AddWatchName(name string) error
	// RemoveWatchName removes a name, ignoring case. ENOTFOUND if it is not
	// on the list.
	RemoveWatchName(name string) error
	// FacilitatorName returns the name exports carry for the coach to see,
	// "" when none is kept.
	FacilitatorName() (string, error)
	// SetFacilitatorName keeps the name exports carry, tidied by
	// NormalizeFacilitator; "" forgets it. EINVALID for a name of more than
	// one line or longer than MaxFacilitator characters.
	SetFacilitatorName(name string) error
}
