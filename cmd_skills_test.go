package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSkillsAndPrompts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "the journal's first entry") // reading commands never create one
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
