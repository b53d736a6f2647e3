package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completions returns the values `hone __complete ARGS...` offers (without
// their descriptions) and the directive line.
func completions(t *testing.T, env []string, args ...string) (values []string, directive string) {
	t.Helper()
	r := hone(t, "", env, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("hone __complete %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	for line := range strings.Lines(r.stdout) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, ":") {
			directive = line
			continue
		}
		value, _, _ := strings.Cut(line, "\t")
		values = append(values, value)
	}
	return values, directive
}

func TestCompletions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "--db", db, "skills", "add", "my.listening", "--name", "Listening")
	id := strings.TrimSpace(ok(t, "--db", db, "add", "--kind", "crisis", "--rate", "eng.mi=4", "Met the family"))
	env := []string{"HONE_DB=" + db}
	for _, tt := range []struct {
		name string
		args []string
		want []string // all offered
		not  []string // none offered
	}{
		{"RateSkillIDs", []string{"add", "--rate", "eng."}, []string{"eng.mi=", "eng.voice="}, []string{"team.facil="}},
		{"RateCustomSkill", []string{"add", "--rate", "my."}, []string{"my.listening="}, nil},
		{"RateValues", []string{"add", "--rate", "eng.mi="}, []string{"eng.mi=1", "eng.mi=5"}, nil},
		{"SkillFlag", []string{"drift", "--skill", "plan."}, []string{"plan.safety"}, []string{"eng.mi"}},
		{"Kinds", []string{"add", "--kind", ""}, []string{"team-meeting", "crisis", "self-assessment"}, nil},
		{"Phases", []string{"add", "--phase", ""}, []string{"0", "4"}, nil},
		{"PromptIDs", []string{"add", "--reflect", "rolfe-"}, []string{"rolfe-what="}, []string{"voice-1="}},
		{"EntryIDs", []string{"show", ""}, []string{id}, nil},
		{"DeleteEntryIDs", []string{"delete", ""}, []string{id}, nil},
		{"ExportFormats", []string{"export", "--format", ""}, []string{"json", "csv", "md", "html"}, nil},
		{"ReviewFormats", []string{"review", "--format", ""}, []string{"md", "html"}, []string{"csv"}},
		{"ImportFrom", []string{"import", "--from", ""}, []string{"hone", "jrnl"}, nil},
		{"ArchiveSkill", []string{"skills", "archive", "my"}, []string{"my.listening"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := completions(t, env, tt.args...)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("hone __complete %q offers %q, want %q among them", tt.args, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("hone __complete %q offers %q, which it should not", tt.args, w)
				}
			}
		})
	}
	// Files where a file is asked for: import and review filter by
	// extension (directive 8), -o completes any file name (directive 0).
	if _, dir := completions(t, env, "review", ""); dir != ":8" {
		t.Errorf("review FILE completes with directive %s, want :8 (file extensions)", dir)
	}
	if _, dir := completions(t, env, "export", "-o", ""); dir != ":0" {
		t.Errorf("export -o completes with directive %s, want :0 (file names)", dir)
	}
}

// TestCompletionsWithoutJournal holds that completing never creates a
// journal and still offers the built-in skills.
func TestCompletionsWithoutJournal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	got, _ := completions(t, []string{"HONE_DB=" + db}, "add", "--rate", "eng.m")
	if !slices.Contains(got, "eng.mi=") {
		t.Errorf("without a journal, --rate eng.m offers %q, want eng.mi=", got)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("completing created %s (stat: %v)", db, err)
	}
}

// TestManPage holds that hone man writes a man page naming the commands.
func TestManPage(t *testing.T) {
	out := ok(t, "man")
	for _, want := range []string{".TH HONE 1", "practice journal", "export", "drift"} {
		if !strings.Contains(out, want) {
			t.Errorf("hone man lacks %q", want)
		}
	}
}
