package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReviewReports(t *testing.T) {
	dir := t.TempDir()
	var exports []string
	for _, name := range []string{"ana", "ben"} {
		db := filepath.Join(dir, name+".db")
		ok(t, "gen", "--db", db, "--entries", "300", "--seed", map[string]string{"ana": "1", "ben": "2"}[name])
		out := filepath.Join(dir, name+".json")
		ok(t, "export", "--db", db, "--facilitator", name, "-o", out)
		exports = append(exports, out)
	}
	team := filepath.Join(dir, "team.html")
	ok(t, append([]string{"review", "--format", "html", "-o", team}, exports...)...)
	b, err := os.ReadFile(team)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ana", "ben", "<html"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the team report lacks %q", want)
		}
	}
	md := filepath.Join(dir, "ana.md")
	ok(t, "review", "--format", "md", "-o", md, exports[0])
	if b, _ := os.ReadFile(md); !bytes.Contains(b, []byte("drifting")) && !bytes.Contains(b, []byte("steady")) {
		t.Errorf("the Markdown review shows no drift:\n%s", b)
	}
}

// TestReviewRefusals holds the one-line refusals of hone review (and of
// import, which reads the same files) and their exit codes: 1 for a file
// that is not an export, 2 for a usage error.
func TestReviewRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ana.db")
	ok(t, "gen", "--db", db, "--entries", "60", "--seed", "3")
	export, page := filepath.Join(dir, "ana.json"), filepath.Join(dir, "ana.html")
	ok(t, "export", "--db", db, "-o", export)
	ok(t, "export", "--db", db, "--format", "html", "-o", page)
	out := filepath.Join(dir, "out.md")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"HTMLOnScreen", []string{"review", page}, 1, []string{"ana.html", "web page", ".json export"}},
		{"HTMLReport", []string{"review", page, "--format", "md", "-o", out}, 1, []string{"ana.html", "web page"}},
		{"HTMLImport", []string{"import", "--db", filepath.Join(dir, "new.db"), page}, 1, []string{"ana.html", "web page"}},
		{"Missing", []string{"review", filepath.Join(dir, "nobody.json"), "--format", "html", "-o", out}, 1, []string{"nobody.json"}},
		{"NoOutput", []string{"review", export, "--format", "md"}, 2, []string{"-o FILE"}},
		{"BadFormat", []string{"review", export, "--format", "pdf", "-o", out}, 1, []string{"pdf", "md, html or csv"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := hone(t, "", nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 || !strings.HasPrefix(r.stderr, "hone: ") {
				t.Errorf("stderr = %q, want one line", r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr = %q, want %q in it", r.stderr, w)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused review wrote %s", out)
			}
		})
	}
}
