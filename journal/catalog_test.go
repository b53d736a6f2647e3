package journal

import (
	"bytes"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// builtinSkillIDs is the table of DOMAIN.md, in its order, with the key
// element each skill supports.
var builtinSkillIDs = []struct{ id, key string }{
	{"eng.voice", KeyStrengthFamily},
	{"eng.mi", KeyStrengthFamily},
	{"eng.culture", KeyStrengthFamily},
	{"eng.strengths", KeyStrengthFamily},
	{"team.prep", KeyTeamwork},
	{"team.facil", KeyTeamwork},
	{"team.natural", KeyNaturalSupports},
	{"team.conflict", KeyTeamwork},
	{"team.options", KeyNeedsBased},
	{"plan.needs", KeyNeedsBased},
	{"plan.outcomes", KeyOutcomesBased},
	{"plan.safety", KeyOutcomesBased},
	{"plan.transition", KeyOutcomesBased},
	{"self.persist", KeyOutcomesBased},
	{"self.reflect", KeyProfessionalSelf},
	{"self.doc", KeyProfessionalSelf},
}

// modelSteps are the model-step tags of SPEC section 3 and DOMAIN.md.
var modelSteps = []string{
	"gibbs:describe", "gibbs:feelings", "gibbs:evaluate", "gibbs:analyse", "gibbs:conclude", "gibbs:action",
	"kolb:experience", "kolb:reflect", "kolb:conceptualise", "kolb:experiment",
	"rolfe:what", "rolfe:so-what", "rolfe:now-what",
	"schon:in-action", "schon:on-action",
	"brookfield:self", "brookfield:family", "brookfield:colleagues", "brookfield:theory",
}

var phaseTags = []string{"phase:1", "phase:2", "phase:3", "phase:4"}

// maxAnchor keeps an anchor to a terminal line or two.
const maxAnchor = 140

func TestBuiltinSkillIDs(t *testing.T) {
	skills := BuiltinSkills()
	if got, want := len(skills), len(builtinSkillIDs); got != want {
		t.Fatalf("len(BuiltinSkills()) = %d, want %d", got, want)
	}
	for i, s := range skills {
		if got, want := s.ID, builtinSkillIDs[i].id; got != want {
			t.Errorf("skill %d: id = %q, want %q", i, got, want)
		}
	}
}

func TestBuiltinSkills(t *testing.T) {
	groups := map[string]string{
		"eng":  "Engagement",
		"team": "Teamwork",
		"plan": "Planning",
		"self": "Professional self",
	}
	for i, s := range BuiltinSkills() {
		t.Run(s.ID, func(t *testing.T) {
			if !s.Builtin {
				t.Error("Builtin = false, want true")
			}
			if s.Archived {
				t.Error("Archived = true, want false")
			}
			n := s
			n.Normalize()
			if n != s {
				t.Errorf("Normalize changed the skill:\n got %+v\nwant %+v", n, s)
			}
			if err := s.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
			if got, want := s.KeyElement, builtinSkillIDs[i].key; got != want {
				t.Errorf("KeyElement = %q, want %q", got, want)
			}
			if !slices.Contains(KeyElements(), s.KeyElement) {
				t.Errorf("KeyElement %q is not in KeyElements()", s.KeyElement)
			}
			prefix, _, _ := strings.Cut(s.ID, ".")
			if got, want := s.Group, groups[prefix]; got != want {
				t.Errorf("Group = %q, want %q", got, want)
			}
			if s.Name == "" || s.Description == "" {
				t.Errorf("Name %q, Description %q: both must be set", s.Name, s.Description)
			}
			for j, a := range s.Anchors {
				if a == "" {
					t.Errorf("anchor %d is empty", 2*j+1)
				}
				if n := utf8.RuneCountInString(a); n > maxAnchor {
					t.Errorf("anchor %d is %d characters, want at most %d: %q", 2*j+1, n, maxAnchor, a)
				}
			}
			if s.Anchors[0] == s.Anchors[1] || s.Anchors[1] == s.Anchors[2] {
				t.Error("anchors repeat each other")
			}
		})
	}
}

func TestBuiltinSkillsUnique(t *testing.T) {
	names := map[string]bool{}
	for _, s := range BuiltinSkills() {
		if names[s.Name] {
			t.Errorf("name %q is used twice", s.Name)
		}
		names[s.Name] = true
	}
}

func TestBuiltinSkillsFresh(t *testing.T) {
	a := BuiltinSkills()
	a[0].Name = "changed"
	a[0].Anchors[2] = "changed"
	a[1].Archived = true
	a = append(a[:2], a[3:]...)
	b := BuiltinSkills()
	if got, want := len(b), len(builtinSkillIDs); got != want {
		t.Fatalf("len after change = %d, want %d", got, want)
	}
	if b[0].Name == "changed" || b[0].Anchors[2] == "changed" || b[1].Archived || b[2].ID != "eng.culture" {
		t.Error("changing one result of BuiltinSkills changed the next")
	}
}

func TestKeyElements(t *testing.T) {
	used := map[string]bool{}
	for _, s := range BuiltinSkills() {
		used[s.KeyElement] = true
	}
	seen := map[string]bool{}
	for _, k := range KeyElements() {
		if seen[k] {
			t.Errorf("%q appears twice", k)
		}
		seen[k] = true
		if !used[k] {
			t.Errorf("%q is used by no built-in skill", k)
		}
	}
	if got, want := len(KeyElements()), 6; got != want {
		t.Errorf("len(KeyElements()) = %d, want %d", got, want)
	}
	k := KeyElements()
	k[0] = "changed"
	if KeyElements()[0] == "changed" {
		t.Error("changing one result of KeyElements changed the next")
	}
}

func TestBuiltinPrompts(t *testing.T) {
	ps := BuiltinPrompts()
	if got, want := len(ps), 40; got < want {
		t.Fatalf("len(BuiltinPrompts()) = %d, want at least %d", got, want)
	}
	known := map[string]bool{}
	for _, s := range builtinSkillIDs {
		known[s.id] = true
	}
	for _, tag := range slices.Concat(phaseTags, modelSteps) {
		known[tag] = true
	}
	idForm := regexp.MustCompile(`^[a-z][a-z0-9.-]*[a-z0-9]$`)
	placeholder := regexp.MustCompile(`(?i)todo|tbd|xxx|fixme|lorem|[\[\]{}<>]`)
	ids := map[string]bool{}
	for _, p := range ps {
		t.Run(p.ID, func(t *testing.T) {
			if !idForm.MatchString(p.ID) {
				t.Errorf("id %q is not of the form [a-z][a-z0-9.-]*", p.ID)
			}
			if ids[p.ID] {
				t.Errorf("id %q is used twice", p.ID)
			}
			ids[p.ID] = true
			if !p.Builtin || p.Archived {
				t.Errorf("Builtin = %v, Archived = %v; want true, false", p.Builtin, p.Archived)
			}
			n := p
			n.Tags = slices.Clone(p.Tags)
			n.Normalize()
			if !reflect.DeepEqual(n, p) {
				t.Errorf("Normalize changed the prompt:\n got %+v\nwant %+v", n, p)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
			if len(p.Tags) == 0 {
				t.Error("no tags")
			}
			for _, tag := range p.Tags {
				if !known[tag] {
					t.Errorf("tag %q is not a skill id, a phase or a model step", tag)
				}
			}
			if len(slices.Compact(slices.Sorted(slices.Values(p.Tags)))) != len(p.Tags) {
				t.Errorf("tags %q repeat", p.Tags)
			}
			if m := placeholder.FindString(p.Text); m != "" {
				t.Errorf("text holds %q, which looks like a placeholder: %q", m, p.Text)
			}
			if n := utf8.RuneCountInString(p.Text); n > 200 {
				t.Errorf("text is %d characters, want at most 200", n)
			}
			if n := sentences(p.Text); n < 1 || n > 2 {
				t.Errorf("text has %d sentences, want 1 or 2: %q", n, p.Text)
			}
		})
	}
}

// sentences counts the sentence ends in s.
func sentences(s string) int {
	n := 0
	for i, r := range s {
		if strings.ContainsRune(".?!", r) && (i+1 == len(s) || s[i+1] == ' ') {
			n++
		}
	}
	return n
}

func TestBuiltinPromptsCover(t *testing.T) {
	ps := BuiltinPrompts()
	var tests []struct {
		tag string
		min int
	}
	for _, s := range builtinSkillIDs {
		tests = append(tests, struct {
			tag string
			min int
		}{s.id, 2})
	}
	for _, tag := range phaseTags {
		tests = append(tests, struct {
			tag string
			min int
		}{tag, 2})
	}
	for _, tag := range modelSteps {
		tests = append(tests, struct {
			tag string
			min int
		}{tag, 1})
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			if got, want := len(PromptsFor(ps, tt.tag)), tt.min; got < want {
				t.Errorf("%d prompts carry %q, want at least %d", got, tt.tag, want)
			}
		})
	}
}

func TestBuiltinPromptsFresh(t *testing.T) {
	a := BuiltinPrompts()
	a[0].Text = "changed"
	a[0].Tags[0] = "changed"
	a[1].Archived = true
	b := BuiltinPrompts()
	if b[0].Text == "changed" || b[0].Tags[0] == "changed" || b[1].Archived {
		t.Error("changing one result of BuiltinPrompts changed the next")
	}
}

func TestPromptModels(t *testing.T) {
	models := PromptModels()
	for _, step := range modelSteps {
		model, _, _ := strings.Cut(step, ":")
		if !slices.Contains(models, model) {
			t.Errorf("step %q: model %q is not in PromptModels()", step, model)
		}
	}
	for _, m := range models {
		if !slices.ContainsFunc(modelSteps, func(s string) bool { return strings.HasPrefix(s, m+":") }) {
			t.Errorf("model %q has no steps", m)
		}
	}
}

func TestPromptsFor(t *testing.T) {
	ps := []Prompt{
		{ID: "a", Text: "A?", Tags: []string{"eng.mi", "phase:1"}},
		{ID: "b", Text: "B?", Tags: []string{"eng.mi"}, Archived: true},
		{ID: "c", Text: "C?", Tags: []string{"phase:1"}},
		{ID: "d", Text: "D?", Tags: []string{"eng.mi"}},
	}
	tests := []struct {
		name, tag string
		want      []string
	}{
		{"Skill", "eng.mi", []string{"a", "d"}},
		{"Phase", "phase:1", []string{"a", "c"}},
		{"NoMatch", "gibbs:action", nil},
		{"ArchivedLeftOut", "eng.mi", []string{"a", "d"}},
		{"Empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range PromptsFor(ps, tt.tag) {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("PromptsFor(%q) = %q, want %q", tt.tag, got, tt.want)
			}
		})
	}
}

// TestSkillNamesAreOnePlainLine: a skill's name, group and key element are
// one plain line. Normalize makes them so; Validate refuses one that is not
// (an export read as it came: a drift record would be refused with that
// name, and FuzzReadExport found an export accepted that its re-export was
// not).
func TestSkillNamesAreOnePlainLine(t *testing.T) {
	for _, name := range []string{"Natural and \x7fcommunity supports", "Two\nlines", "A\ttab", "Bell\a"} {
		s := Skill{ID: "own.x", Name: name}
		if err := s.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("Validate of the name %q: %v; want EINVALID", name, err)
		}
		s.Normalize()
		if err := s.Validate(); err != nil {
			t.Errorf("Validate after Normalize (%q): %v", s.Name, err)
		}
	}
}

// TestExportOfAnOldSkillNameReadsBack: a journal may hold a custom skill
// named before Normalize made names one line; its export names it in one
// line, and reads back.
func TestExportOfAnOldSkillNameReadsBack(t *testing.T) {
	c := append(BuiltinSkills(), Skill{ID: "own.x", Name: "Two\nlines", Group: "Own\t"})
	e := &Entry{ID: "01kjpwd7k8dbk7gf", Date: DayOf(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)), Kind: KindTeamMeeting, Ratings: map[string]int{"own.x": 4}}
	var b bytes.Buffer
	if err := WriteExportJSON(&b, BuildExport([]*Entry{e}, c, ExportOptions{Now: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)})); err != nil {
		t.Fatal(err)
	}
	x, err := ReadExport(&b)
	if err != nil {
		t.Fatalf("the export of a journal with an old skill name does not read back: %v", err)
	}
	if s, _ := x.Catalog().Find("own.x"); s.Name != "Two lines" || s.Group != "Own" {
		t.Errorf("the skill reads back as %q in %q", s.Name, s.Group)
	}
}
