package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/store"
)

// binary is the hone executable built once for the command tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hone-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hone")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build hone: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
}

// hone runs the built binary with args and a clean environment whose HOME
// and XDG_DATA_HOME point into a temporary directory, plus env.
func hone(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	home := t.TempDir()
	cmd.Env = append([]string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run hone %v: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// ok runs hone and fails the test unless it exits 0.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := hone(t, "", nil, args...)
	if r.code != 0 {
		t.Fatalf("hone %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

func listJSON(t *testing.T, db string, args ...string) []journal.EntryRecord {
	t.Helper()
	var got []journal.EntryRecord
	out := ok(t, append([]string{"list", "--db", db, "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, out)
	}
	return got
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestAddListShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "try", "j.db")
	out := ok(t, "add", "--db", db, "--date", "2026-03-02", "--kind", "team-meeting", "--family", "F12",
		"--rate", "eng.mi=4", "--rate", "team.facil=3", "--tag", "mi", "notes")
	id := strings.TrimSpace(out)
	if len(id) != journal.IDLength {
		t.Fatalf("add printed %q, want a %d-character id", out, journal.IDLength)
	}

	entries := listJSON(t, db)
	if len(entries) != 1 {
		t.Fatalf("list --json gave %d entries, want 1", len(entries))
	}
	e := entries[0]
	if e.ID != id || e.Date != "2026-03-02" || e.Kind != journal.KindTeamMeeting || e.Family != "F12" {
		t.Errorf("list --json gave %+v", e)
	}
	if got, want := fmt.Sprint(e.Ratings), "map[eng.mi:4 team.facil:3]"; got != want {
		t.Errorf("ratings = %s, want %s", got, want)
	}
	if e.Notes == nil || *e.Notes != "notes" || fmt.Sprint(e.Tags) != "[mi]" {
		t.Errorf("notes/tags = %v/%v", e.Notes, e.Tags)
	}

	var shown journal.EntryRecord
	if err := json.Unmarshal([]byte(ok(t, "show", "--db", db, id, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.ID != id || shown.Ratings["eng.mi"] != 4 || shown.Ratings["team.facil"] != 3 {
		t.Errorf("show --json gave %+v", shown)
	}

	text := ok(t, "show", "--db", db, id[:8])
	for _, want := range []string{id, "Monday 2 March 2026", "F12", "eng.mi", "notes"} {
		if !strings.Contains(text, want) {
			t.Errorf("show output lacks %q:\n%s", want, text)
		}
	}
	if info, err := os.Stat(db); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if info, err := os.Stat(filepath.Dir(db)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("journal directory mode = %v (%v), want 0700", info.Mode().Perm(), err)
	}
}

func TestAddRefusesBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "first")
	before := fileHash(t, db)
	weekAhead := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)

	tests := []struct {
		name  string
		args  []string
		field string // the line must start with "hone: FIELD:"
	}{
		{"ErrRatingOutOfRange", []string{"--rate", "eng.mi=7"}, "rating"},
		{"ErrRatingNotANumber", []string{"--rate", "eng.mi=high"}, "rating"},
		{"ErrUnknownSkill", []string{"--rate", "eng.mx=4"}, "rating"},
		{"ErrDateUnparseable", []string{"--date", "2026-13-40"}, "date"},
		{"ErrDateAWeekAhead", []string{"--date", weekAhead}, "date"},
		{"ErrKind", []string{"--kind", "party"}, "kind"},
		{"ErrPhase", []string{"--phase", "7"}, "phase"},
		{"ErrFamilyTooLong", []string{"--family", strings.Repeat("F", 33)}, "family"},
		{"ErrTag", []string{"--tag", "no spaces"}, "tag"},
		{"ErrUnknownPrompt", []string{"--reflect", "nope=answer"}, "reflect"},
		{"ErrEmpty", []string{}, "entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"add", "--db", db}, tt.args...)
			if tt.name != "ErrEmpty" {
				args = append(args, "some notes")
			}
			r := hone(t, "", nil, args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1 (stderr %q)", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "hone: "+tt.field+":") {
				t.Errorf("stderr = %q, want one line starting %q", r.stderr, "hone: "+tt.field+":")
			}
			if fileHash(t, db) != before {
				t.Error("the journal file changed")
			}
		})
	}
	if n := len(listJSON(t, db)); n != 1 {
		t.Errorf("journal holds %d entries, want 1", n)
	}
}

func TestUnknownSkillSuggestsNearest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "", nil, "add", "--db", db, "--rate", "eng.mx=4", "x")
	if !strings.Contains(r.stderr, "eng.mi") {
		t.Errorf("stderr = %q, want a suggestion of eng.mi", r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	for _, args := range [][]string{
		{"add", "--db", db, "--bogus"},
		{"list", "--db", db, "extra"},
		{"show", "--db", db},
		{"frobnicate", "--db", db},
		{"list", "--db", db, "-n", "many"},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 2 {
			t.Errorf("hone %v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 || !strings.HasPrefix(r.stderr, "hone: ") {
			t.Errorf("hone %v: stderr = %q, want one line", args, r.stderr)
		}
	}
}

func TestNotesFromStandardInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "Dad led the strengths round.\nNext: school meeting.\n", nil, "add", "--db", db, "--kind", "check-in")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	e := listJSON(t, db)[0]
	if e.Notes == nil || *e.Notes != "Dad led the strengths round.\nNext: school meeting.\n" || e.Kind != journal.KindCheckIn {
		t.Errorf("entry = %+v", e)
	}
}

func TestListFilters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--date", "2026-01-10", "--rate", "eng.mi=3", "--tag", "mi", "--family", "F1", "alpha")
	ok(t, "add", "--db", db, "--date", "2026-02-10", "--kind", "crisis", "--rate", "plan.safety=2", "--family", "F2", "bravo safety")
	ok(t, "add", "--db", db, "--date", "2026-03-10", "--rate", "eng.mi=4", "--tag", "mi", "--family", "f1", "charlie")

	ids := func(es []journal.EntryRecord) string {
		var notes []string
		for _, e := range es {
			notes = append(notes, *e.Notes)
		}
		return strings.Join(notes, ",")
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"All", nil, "charlie,bravo safety,alpha"},
		{"Since", []string{"--since", "2026-02-10"}, "charlie,bravo safety"},
		{"Until", []string{"--until", "2026-02-10"}, "bravo safety,alpha"},
		{"Skill", []string{"--skill", "eng.mi"}, "charlie,alpha"},
		{"Tag", []string{"--tag", "#MI"}, "charlie,alpha"},
		{"Kind", []string{"--kind", "crisis"}, "bravo safety"},
		{"Family", []string{"--family", "F1"}, "charlie,alpha"},
		{"Search", []string{"--search", "SAFETY"}, "bravo safety"},
		{"Limit", []string{"-n", "1"}, "charlie"},
		{"Combined", []string{"--skill", "eng.mi", "--since", "2026-02-01"}, "charlie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(listJSON(t, db, tt.args...)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	text := ok(t, "list", "--db", db)
	if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "2026-03-10") {
		t.Errorf("list text =\n%s", text)
	}
	r := hone(t, "", nil, "list", "--db", db, "--skill", "eng.mj")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: skill:") {
		t.Errorf("list --skill eng.mj: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDelete(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "to delete"))
	if r := hone(t, "", nil, "delete", "--db", db, id); r.code != 1 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("delete without --yes and no terminal: exit %d, stderr %q", r.code, r.stderr)
	}
	ok(t, "delete", "--db", db, id, "--yes")
	if n := len(listJSON(t, db)); n != 0 {
		t.Errorf("%d entries after delete, want 0", n)
	}
	if r := hone(t, "", nil, "show", "--db", db, id); r.code != 1 {
		t.Errorf("show of a deleted entry: exit %d, want 1", r.code)
	}
}

func TestLockedJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", path, "first")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	for _, args := range [][]string{{"add", "second"}, {"list"}, {"backup"}} {
		start := time.Now()
		r := hone(t, "", nil, append(args, "--db", path)...)
		elapsed := time.Since(start)
		if r.code != 1 || !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, "another hone") {
			t.Errorf("hone %v on a locked journal: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if elapsed > 3*time.Second {
			t.Errorf("hone %v took %v, want under 3s", args, elapsed)
		}
	}
}

func TestDamagedJournalAndDoctor(t *testing.T) {
	dir := t.TempDir()
	healthy := filepath.Join(dir, "healthy.db")
	ok(t, "add", "--db", healthy, "--rate", "eng.mi=4", "fine")
	if out := ok(t, "doctor", "--db", healthy); !strings.Contains(out, "All checks passed") {
		t.Errorf("doctor on a healthy journal:\n%s", out)
	}

	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte("not a journal "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, damaged)
	r := hone(t, "", nil, "list", "--db", damaged)
	if r.code != 1 || !strings.Contains(r.stderr, damaged) || !strings.Contains(r.stderr, "hone doctor") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("list on a damaged file: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "doctor", "--db", damaged); r.code != 1 {
		t.Errorf("doctor on a damaged file: exit %d, stdout %q", r.code, r.stdout)
	}
	if fileHash(t, damaged) != before {
		t.Error("the damaged file was changed")
	}
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--rate", "eng.mi=4", "kept"))
	copyPath := filepath.Join(dir, "copy.db")
	if out := ok(t, "backup", "--db", db, "-o", copyPath); strings.TrimSpace(out) != copyPath {
		t.Errorf("backup printed %q", out)
	}
	if info, err := os.Stat(copyPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if es := listJSON(t, copyPath); len(es) != 1 || es[0].ID != id {
		t.Errorf("backup holds %+v", es)
	}
	out := strings.TrimSpace(ok(t, "backup", "--db", db))
	if filepath.Dir(out) != filepath.Join(dir, "backups") {
		t.Errorf("default backup went to %q, want the backups folder beside the journal", out)
	}
}

func TestJournalLocation(t *testing.T) {
	dir := t.TempDir()
	viaEnv := filepath.Join(dir, "env.db")
	r := hone(t, "", []string{"HONE_DB=" + viaEnv}, "add", "via env")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(viaEnv); err != nil {
		t.Errorf("HONE_DB was not used: %v", err)
	}

	xdg := filepath.Join(dir, "xdg")
	if r := hone(t, "", []string{"XDG_DATA_HOME=" + xdg}, "add", "via xdg"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(filepath.Join(xdg, "hone", "journal.db")); err != nil {
		t.Errorf("XDG_DATA_HOME default was not used: %v", err)
	}
}

func TestSkillsAndPrompts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	var skills []struct {
		ID       string `json:"id"`
		Archived bool   `json:"archived"`
	}
	if err := json.Unmarshal([]byte(ok(t, "skills", "--db", db, "--json")), &skills); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range skills {
		ids = append(ids, s.ID)
	}
	want := "eng.voice eng.mi eng.culture eng.strengths team.prep team.facil team.natural team.conflict " +
		"team.options plan.needs plan.outcomes plan.safety plan.transition self.persist self.reflect self.doc"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("skills --json ids = %s\nwant %s", got, want)
	}

	var prompts []struct {
		ID   string   `json:"id"`
		Tags []string `json:"tags"`
	}
	if err := json.Unmarshal([]byte(ok(t, "prompts", "--db", db, "--json")), &prompts); err != nil {
		t.Fatal(err)
	}
	if len(prompts) < 40 {
		t.Errorf("%d prompts, want at least 40", len(prompts))
	}
	for _, p := range prompts {
		if len(p.Tags) == 0 {
			t.Errorf("prompt %s has no tags", p.ID)
		}
	}

	ok(t, "skills", "add", "--db", db, "fam.meals", "--name", "Shared meal planning", "--key-element", "Natural & Community Supports")
	ok(t, "add", "--db", db, "--rate", "fam.meals=3", "rated a custom skill")
	ok(t, "skills", "archive", "--db", db, "fam.meals")
	if out := ok(t, "skills", "--db", db); !strings.Contains(out, "fam.meals") || !strings.Contains(out, "archived") {
		t.Errorf("skills after archive:\n%s", out)
	}
	if r := hone(t, "", nil, "skills", "add", "--db", db, "eng.mi", "--name", "again"); r.code != 1 {
		t.Errorf("adding a taken skill id: exit %d", r.code)
	}

	pid := strings.TrimSpace(ok(t, "prompts", "add", "--db", db, "--text", "What surprised me?", "--tag", "fam.meals"))
	if out := ok(t, "prompts", "--db", db, "--skill", "fam.meals"); !strings.Contains(out, pid) {
		t.Errorf("prompts --skill fam.meals lacks %s:\n%s", pid, out)
	}
	r := hone(t, "", nil, "add", "--db", db, "--reflect", pid+"=The youth's humour", "x")
	if r.code != 0 {
		t.Fatalf("add --reflect: %s", r.stderr)
	}
	e := listJSON(t, db, "-n", "1")[0]
	if len(e.Reflections) != 1 || e.Reflections[0].Prompt != "What surprised me?" || e.Reflections[0].Answer != "The youth's humour" {
		t.Errorf("reflections = %+v", e.Reflections)
	}
}

func TestOutputIsSafeForTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	hostile := "evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202etitle"
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", hostile, "--family", "F\x1b[31m1", hostile))
	for _, args := range [][]string{{"list"}, {"show", id}} {
		out := ok(t, append(args, "--db", db)...)
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("hone %v printed control characters: %q", args, out)
		}
		if !strings.Contains(out, "eviltitle") {
			t.Errorf("hone %v lost the visible text: %q", args, out)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	if out := ok(t, "--version"); !strings.Contains(out, "hone") {
		t.Errorf("--version printed %q", out)
	}
	for _, cmd := range []string{"add", "list", "show", "delete", "skills", "prompts", "backup", "doctor"} {
		if out := ok(t, cmd, "--help"); !strings.Contains(out, cmd) {
			t.Errorf("%s --help printed %q", cmd, out)
		}
	}
}

func TestDriftFromAddedRatings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	asOf := journal.Date(2026, time.June, 30)
	rate := func(age int, skill string, value int) {
		ok(t, "add", "--db", db, "--date", (asOf - journal.Day(age)).String(), "--rate", fmt.Sprintf("%s=%d", skill, value), "meeting")
	}
	// eng.mi: a baseline of 4 from 40 to 100 days back, then 3, 2, 3, 2.
	for _, age := range []int{100, 80, 60, 40} {
		rate(age, "eng.mi", 4)
	}
	for i, v := range []int{3, 2, 3, 2} {
		rate(20-5*i, "eng.mi", v)
	}
	rate(-5, "eng.mi", 1) // after the as-of day: ignored
	rate(3, "team.facil", 4)
	rate(1, "team.facil", 5)
	ok(t, "skills", "archive", "--db", db, "self.doc")

	var got []struct {
		Skill       string   `json:"skill"`
		Status      string   `json:"status"`
		Stale       bool     `json:"stale"`
		Baseline    *float64 `json:"baseline"`
		Level       *float64 `json:"level"`
		CusumLow    *float64 `json:"cusum_low"`
		Ratings     int      `json:"ratings"`
		LastRated   *string  `json:"last_rated"`
		Explanation string   `json:"explanation"`
	}
	out := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("drift --json: %v\n%s", err, out)
	}
	if len(got) != 15 {
		t.Fatalf("%d skills, want the 15 that are not archived", len(got))
	}
	bySkill := map[string]int{}
	for i, d := range got {
		bySkill[d.Skill] = i
		if d.Explanation == "" {
			t.Errorf("%s has no explanation", d.Skill)
		}
	}
	if _, ok := bySkill["self.doc"]; ok {
		t.Error("the archived skill self.doc was analysed")
	}

	// By hand: B = 4; E = 4 → 3.7 → 3.19 → 3.133 → 2.7931; C = 0.5, 2, 2.5, 4.
	mi := got[bySkill["eng.mi"]]
	if mi.Status != "drifting" || mi.Stale || mi.Ratings != 8 {
		t.Errorf("eng.mi = %+v, want drifting, not stale, 8 ratings", mi)
	}
	if mi.Baseline == nil || *mi.Baseline != 4 || mi.Level == nil || *mi.Level != 2.79 || mi.CusumLow == nil || *mi.CusumLow != 4 {
		t.Errorf("eng.mi baseline/level/cusum = %v/%v/%v, want 4/2.79/4", mi.Baseline, mi.Level, mi.CusumLow)
	}
	if mi.LastRated == nil || *mi.LastRated != (asOf-5).String() {
		t.Errorf("eng.mi last rated %v, want %s", mi.LastRated, asOf-5)
	}

	facil := got[bySkill["team.facil"]]
	if facil.Status != "insufficient" || facil.Stale || facil.Ratings != 2 || facil.Baseline != nil {
		t.Errorf("team.facil = %+v, want insufficient, not stale, 2 ratings, no baseline", facil)
	}
	never := got[bySkill["plan.safety"]]
	if never.Status != "insufficient" || !never.Stale || never.Ratings != 0 || never.LastRated != nil {
		t.Errorf("plan.safety (never rated) = %+v, want insufficient and stale", never)
	}

	text := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--skill", "eng.mi")
	if !strings.Contains(text, "drifting") || !strings.Contains(text, "baseline of 4") || !strings.Contains(text, "not a fidelity score") {
		t.Errorf("drift text:\n%s", text)
	}
	// As of today, months later, eng.mi has gone unrated for over 90 days:
	// skills and drift agree.
	today := ok(t, "drift", "--db", db, "--skill", "eng.mi")
	skills := ok(t, "skills", "--db", db)
	if !strings.Contains(today, "[dormant") || !regexp.MustCompile(`eng\.mi .*dormant`).MatchString(skills) {
		t.Errorf("drift and skills disagree as of today:\n%s\n%s", today, skills)
	}
}

func TestWatchListWarns(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "config", "watch", "add", "--db", db, "Rosa")
	if out := ok(t, "config", "watch", "list", "--db", db); strings.TrimSpace(out) != "Rosa" {
		t.Errorf("watch list = %q", out)
	}
	r := hone(t, "", nil, "add", "--db", db, "Rosa called back on 555-201-3344")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"notes", "watch list", "phone number", "saved anyway"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := len(listJSON(t, db)); n != 1 {
		t.Errorf("%d entries, want the one saved despite the warning", n)
	}
	ok(t, "config", "watch", "remove", "--db", db, "rosa")
	if r := hone(t, "", nil, "config", "watch", "remove", "--db", db, "rosa"); r.code != 1 {
		t.Errorf("removing a name not on the list: exit %d", r.code)
	}
}

func TestConfigName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "", nil, "config", "name", "--db", db)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "hone config name NAME") {
		t.Errorf("no name kept: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if out := ok(t, "config", "name", "--db", db, "Sam", " Rivera "); !strings.Contains(out, "Sam Rivera") {
		t.Errorf("keeping a name printed %q", out)
	}
	if out := ok(t, "config", "name", "--db", db); out != "Sam Rivera\n" {
		t.Errorf("config name printed %q, want the name kept", out)
	}
	for _, bad := range []string{strings.Repeat("x", journal.MaxFacilitator+1), "Sam\nRivera", "  "} {
		r := hone(t, "", nil, "config", "name", "--db", db, bad)
		if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: facilitator: ") {
			t.Errorf("config name %q: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
	if r := hone(t, "", nil, "config", "name", "--db", db, "--clear", "Sam"); r.code != 2 {
		t.Errorf("a name and --clear: exit %d, want 2", r.code)
	}
	if out := ok(t, "config", "name", "--db", db); out != "Sam Rivera\n" {
		t.Errorf("after refused names config name printed %q", out)
	}
	if out := ok(t, "config", "name", "--db", db, "--clear"); !strings.Contains(out, "Forgot") {
		t.Errorf("--clear printed %q", out)
	}
	if r := hone(t, "", nil, "config", "name", "--db", db); r.code != 0 || r.stdout != "" {
		t.Errorf("after --clear: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestExportUsesKeptName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	facilitator := func(args ...string) (string, bool) {
		t.Helper()
		var x struct {
			Facilitator *string `json:"facilitator"`
		}
		out := ok(t, append([]string{"export", "--db", db}, args...)...)
		if err := json.Unmarshal([]byte(out), &x); err != nil {
			t.Fatalf("export %v is not JSON: %v", args, err)
		}
		if x.Facilitator == nil {
			return "", false
		}
		return *x.Facilitator, true
	}
	if name, has := facilitator(); has {
		t.Errorf("with no name kept the export carries %q", name)
	}
	ok(t, "config", "name", "--db", db, "Sam Rivera")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"Kept", nil, "Sam Rivera"},
		{"KeptMarkdown", []string{"--format", "md"}, "Sam Rivera"},
		{"Override", []string{"--facilitator", "Ana"}, "Ana"},
		{"Suppressed", []string{"--facilitator", ""}, ""},
		{"SuppressedEquals", []string{"--facilitator="}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "KeptMarkdown" {
				if out := ok(t, append([]string{"export", "--db", db}, c.args...)...); !strings.Contains(out, c.want) {
					t.Errorf("the Markdown export lacks %q:\n%s", c.want, out)
				}
				return
			}
			name, has := facilitator(c.args...)
			if name != c.want || has != (c.want != "") {
				t.Errorf("export %v carries the name %q (present %v), want %q", c.args, name, has, c.want)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "coach.json")
	ok(t, "export", "--db", db, "-o", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	x, err := journal.ReadExport(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if x.Facilitator != "Sam Rivera" {
		t.Errorf("the file written carries %q", x.Facilitator)
	}
}

func TestGen(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	ok(t, "gen", "--db", a, "--entries", "60", "--seed", "3")
	ok(t, "gen", "--db", b, "--entries", "60", "--seed", "3")
	ea, eb := listJSON(t, a), listJSON(t, b)
	if len(ea) != 60 {
		t.Fatalf("gen --entries 60 made %d entries", len(ea))
	}
	ja, _ := json.Marshal(ea)
	jb, _ := json.Marshal(eb)
	if !bytes.Equal(ja, jb) {
		t.Error("the same seed gave different journals")
	}
	if ea[0].Date != time.Now().Format(time.DateOnly) {
		t.Errorf("newest generated entry is dated %s, want today", ea[0].Date)
	}

	before := fileHash(t, a)
	if r := hone(t, "", nil, "gen", "--db", a, "--entries", "5"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: db:") {
		t.Errorf("gen into a journal with entries: exit %d, stderr %q", r.code, r.stderr)
	}
	if fileHash(t, a) != before {
		t.Error("gen changed a journal that held entries")
	}
	if r := hone(t, "", nil, "gen", "--db", filepath.Join(dir, "c.db"), "--entries", "0"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: entries:") {
		t.Errorf("gen --entries 0: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestGoalsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	if out := ok(t, "goals", "add", "--db", db, "Reflect more than I ask", "--skill", "eng.mi"); !strings.Contains(out, "Goal 1 set") {
		t.Errorf("goals add printed %q", out)
	}
	before := journal.DayOf(time.Now())
	done := ok(t, "goals", "done", "--db", db, "1")
	list := ok(t, "goals", "--db", db)
	prep := ok(t, "prep", "--db", db)
	after := journal.DayOf(time.Now())
	// The day it was closed: today, or tomorrow if the clock passed midnight.
	if done != "Goal 1 closed on "+before.Short()+".\n" && done != "Goal 1 closed on "+after.Short()+".\n" {
		t.Errorf("goals done printed %q, want the day", done)
	}
	if !strings.Contains(list, "Reflect more than I ask") ||
		!strings.Contains(list, "done "+before.String()) && !strings.Contains(list, "done "+after.String()) {
		t.Errorf("goals listed without the day it was closed:\n%s", list)
	}
	if !strings.Contains(prep, ", closed "+before.Short()+")") && !strings.Contains(prep, ", closed "+after.Short()+")") {
		t.Errorf("prep does not say when the goal was closed:\n%s", prep)
	}
	if out := ok(t, "goals", "reopen", "--db", db, "1"); out != "Goal 1 reopened.\n" {
		t.Errorf("goals reopen printed %q", out)
	}
	if out := ok(t, "goals", "--db", db); !strings.Contains(out, "open") || strings.Contains(out, "done") {
		t.Errorf("goals listed after reopening:\n%s", out)
	}
	if r := hone(t, "", nil, "goals", "add", "--db", db, "No skill"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: skill:") {
		t.Errorf("a goal without a skill: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "goals", "done", "--db", db, "7"); r.code != 1 {
		t.Errorf("closing a goal that does not exist: exit %d", r.code)
	}
}

func TestPrep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "gen", "--db", db, "--entries", "350", "--seed", "7")
	ok(t, "goals", "add", "--db", db, "Open every meeting with the family's own words", "--skill", "eng.voice")
	ok(t, "add", "--db", db, "--kind", "self-assessment", "--date", "-40d", "--rate", "eng.mi=3", "--rate", "team.facil=4", "earlier self-assessment")
	ok(t, "add", "--db", db, "--kind", "self-assessment", "--date", "-2d", "--rate", "eng.mi=4", "--rate", "team.facil=2", "latest self-assessment")
	asOf := time.Now().Format(time.DateOnly)

	prep := ok(t, "prep", "--db", db, "--as-of", asOf, "--days", "30")
	var drifts []struct {
		Skill, Status, Explanation string
	}
	if err := json.Unmarshal([]byte(ok(t, "drift", "--db", db, "--as-of", asOf, "--json")), &drifts); err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, d := range drifts {
		if d.Status == "drifting" || d.Status == "watch" || d.Status == "improving" {
			named++
			if !strings.Contains(prep, d.Explanation) {
				t.Errorf("prep lacks the explanation of %s (%s): %q", d.Skill, d.Status, d.Explanation)
			}
		}
	}
	if named == 0 {
		t.Fatal("the generated journal has no drifting, watch or improving skill to check")
	}
	for _, want := range []string{"Reflections", "Open every meeting with the family's own words", "moved up", "moved down"} {
		if !strings.Contains(prep, want) {
			t.Errorf("prep lacks %q", want)
		}
	}
	for _, private := range []string{"earlier self-assessment", "latest self-assessment"} {
		if strings.Contains(prep, private) {
			t.Errorf("prep holds the notes %q", private)
		}
	}

	out := filepath.Join(t.TempDir(), "prep.md")
	ok(t, "prep", "--db", db, "--as-of", asOf, "-o", out)
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("prep file mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if r := hone(t, "", nil, "prep", "--db", db, "--since", "-10d", "--days", "5"); r.code != 2 {
		t.Errorf("--since with --days: exit %d, want 2", r.code)
	}
}

func TestDoctorNamesBackupAndRestoreFixes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "kept safe"))
	ok(t, "backup", "--db", db)
	if err := os.WriteFile(db, bytes.Repeat([]byte{0xde, 0xad}, 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, "", nil, "doctor", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "hone restore ") {
		t.Fatalf("doctor on a damaged journal with a backup: exit %d, stderr %q", r.code, r.stderr)
	}
	backup := strings.TrimSpace(r.stderr[strings.Index(r.stderr, "hone restore ")+len("hone restore "):])
	out := ok(t, "restore", "--db", db, backup)
	if !strings.Contains(out, "kept at") {
		t.Errorf("restore printed %q", out)
	}
	if es := listJSON(t, db); len(es) != 1 || es[0].ID != id {
		t.Errorf("after restore the journal holds %+v", es)
	}
}

// TestHostileTextNeverReachesTheTerminal writes escape and control
// sequences into every field that holds text and reads every command that
// prints one: none of them may come out.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	evil := func(s string) string { return s + "\x1b]0;owned\x07\x1b[2J\u009b31m\u202e\x1bP1$q\x1b\\" }
	ok(t, "skills", "add", "--db", db, "own.x", "--name", evil("Name"), "--group", evil("Group"),
		"--key-element", evil("KE"), "--description", evil("Desc"), "--anchor1", evil("A1"), "--anchor3", evil("A3"), "--anchor5", evil("A5"))
	pid := strings.TrimSpace(ok(t, "prompts", "add", "--db", db, "--text", evil("Prompt"), "--tag", "own.x"))
	ok(t, "goals", "add", "--db", db, evil("Goal"), "--skill", "own.x")
	ok(t, "config", "watch", "add", "--db", db, evil("Watched"))
	ok(t, "config", "name", "--db", db, evil("Facilitator"))
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", evil("Title"), "--family", "F1\x1b[31m", "--rate", "own.x=3",
		"--reflect", pid+"="+evil("Answer"), evil("Notes")))

	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"show", id}, {"show", id, "--json"}, {"skills"}, {"skills", "--json"},
		{"prompts"}, {"prompts", "--json"}, {"goals"}, {"config", "watch", "list"}, {"config", "name"}, {"drift"}, {"drift", "--json"},
		{"prep"}, {"export", "--format", "md"}, {"export", "--full", "--format", "md"}, {"export", "--format", "csv"},
	} {
		r := hone(t, "", nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Errorf("hone %v: exit %d: %s", args, r.code, r.stderr)
			continue
		}
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u009b\u202e") {
			t.Errorf("hone %v printed a control sequence: %q", args, r.stdout+r.stderr)
		}
	}
}
