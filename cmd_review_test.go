package main

import (
	"bytes"
	"os"
	"path/filepath"
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
