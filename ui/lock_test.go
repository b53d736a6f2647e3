package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// lockClock is a clock the test moves by hand.
type lockClock struct{ now time.Time }

func (c *lockClock) Now() time.Time          { return c.now }
func (c *lockClock) advance(d time.Duration) { c.now = c.now.Add(d) }

// testIdle is the idle time of the lock tests: short, because the ticks
// that Init and unlocking schedule really sleep that long.
const testIdle = 10 * time.Millisecond

// runNoTicks is run, except that the lock's wake-up ticks are dropped: the
// tests deliver them by hand, after moving the clock.
func runNoTicks(t testing.TB, m Model, cmd tea.Cmd) (next Model, quit bool) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("run: too many messages")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, lockTickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			quit = true
		default:
			if strings.HasPrefix(fmt.Sprintf("%T", msg), "tea.") {
				continue
			}
			n, cmd := m.Update(msg)
			m = n.(Model)
			queue = append(queue, cmd)
		}
	}
	return m, quit
}

// lockSend hands msg to the model and runs what follows, ticks dropped.
func lockSend(t testing.TB, m Model, msg tea.Msg) (Model, bool) {
	t.Helper()
	n, cmd := m.Update(msg)
	return runNoTicks(t, n.(Model), cmd)
}

func lockKeysTyped(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m, _ = lockSend(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func TestLockAfterIdle(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	clock := &lockClock{now: fixedNow}
	var checked []string
	opts := testOptions()
	opts.Now = clock.Now
	opts.Lock = &LockOptions{Idle: testIdle, Check: func(p string) error {
		checked = append(checked, p)
		if p == "right horse" {
			return nil
		}
		return errors.New("age: no identity matched")
	}}
	m := New(j.svc, opts)
	m, _ = runNoTicks(t, m, m.Init())
	m, _ = lockSend(t, m, teaSize(80, 24))
	m, _ = lockSend(t, m, keyMsg("n"))
	m = lockKeysTyped(t, m, "Unsaved words")
	if !strings.Contains(plain(m), "Unsaved words") {
		t.Fatalf("the form does not show what was typed:\n%s", plain(m))
	}

	// Not idle long enough: no lock, and the next tick is scheduled.
	clock.advance(testIdle / 2)
	n, cmd := m.Update(lockTickMsg{gen: m.lock.gen})
	m = n.(Model)
	if m.lock.locked || cmd == nil {
		t.Fatalf("locked after half the idle time (locked %v, next tick %v)", m.lock.locked, cmd != nil)
	}
	// A tick of an older generation is ignored.
	clock.advance(testIdle)
	if n, _ := m.Update(lockTickMsg{gen: m.lock.gen - 1}); n.(Model).lock.locked {
		t.Fatal("a stale tick locked the screen")
	}
	m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
	if !m.lock.locked {
		t.Fatal("not locked after the idle time")
	}
	screen := plain(m)
	checkScreen(t, screen, 80, 24)
	for _, secret := range []string{"Unsaved words", "Journal", "Plan review", "F12", "MI skills"} {
		if strings.Contains(screen, secret) {
			t.Errorf("the lock screen shows %q:\n%s", secret, screen)
		}
	}
	if !strings.Contains(screen, "hone is locked") || !strings.Contains(screen, "enter unlock") {
		t.Errorf("the lock screen:\n%s", screen)
	}

	// No other key works: tabs, help, quit and mouse clicks do nothing but
	// type into the passphrase.
	for _, k := range []string{"2", "?", "q", "esc", "tab"} {
		m, _ = lockSend(t, m, keyMsg(k))
	}
	m, _ = lockSend(t, m, tea.MouseClickMsg{X: 10, Y: 0, Button: tea.MouseLeft})
	if !m.lock.locked || m.screen != screenForm || m.showHelp || m.question != nil {
		t.Fatalf("a key got through the lock: locked %v, screen %v, help %v, question %v", m.lock.locked, m.screen, m.showHelp, m.question)
	}

	// A wrong passphrase: the message, and the field cleared.
	m, _ = lockSend(t, m, keyMsg("backspace"))
	for m.lock.input.Value() != "" {
		m, _ = lockSend(t, m, keyMsg("backspace"))
	}
	m = lockKeysTyped(t, m, "wrong horse")
	if strings.Contains(plain(m), "wrong horse") {
		t.Errorf("the passphrase shows on screen:\n%s", plain(m))
	}
	m, _ = lockSend(t, m, keyMsg("enter"))
	if got, want := strings.Join(checked, ","), "wrong horse"; got != want {
		t.Fatalf("Check got %q, want %q", got, want)
	}
	if !m.lock.locked || m.lock.input.Value() != "" || !strings.Contains(plain(m), wrongPassphrase) {
		t.Fatalf("after a wrong passphrase: locked %v, field %q:\n%s", m.lock.locked, m.lock.input.Value(), plain(m))
	}
	// An empty passphrase is not checked.
	m, _ = lockSend(t, m, keyMsg("enter"))
	if len(checked) != 1 {
		t.Errorf("an empty passphrase was checked")
	}

	// The right one: the form comes back as it was.
	m = lockKeysTyped(t, m, "right horse")
	m, _ = lockSend(t, m, keyMsg("enter"))
	if m.lock.locked {
		t.Fatalf("still locked after the right passphrase:\n%s", plain(m))
	}
	if m.screen != screenForm || !strings.Contains(plain(m), "Unsaved words") {
		t.Fatalf("the form did not come back:\n%s", plain(m))
	}
	if m.lock.input.Value() != "" {
		t.Error("the passphrase stays in memory after unlocking")
	}

	// Input keeps the screen open: a key press halfway resets the idle time.
	clock.advance(testIdle * 3 / 4)
	m, _ = lockSend(t, m, keyMsg("right"))
	clock.advance(testIdle * 3 / 4)
	m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
	if m.lock.locked {
		t.Fatal("locked although a key was pressed within the idle time")
	}
	clock.advance(testIdle)
	m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
	if !m.lock.locked {
		t.Fatal("not locked the second time")
	}
	// ctrl+c quits from the lock screen.
	if _, quit := lockSend(t, m, keyMsg("ctrl+c")); !quit {
		t.Error("ctrl+c does not quit the lock screen")
	}
}

func TestLockOffWithoutOptions(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
	if m.lock.locked {
		t.Error("locked without Options.Lock")
	}
}

func TestLockHoldsWhileOtherHonesWrite(t *testing.T) {
	// An encrypted journal open all day: other hones' writes come in while
	// no one is at the keyboard. They are no input: the screen still locks
	// after the idle time, and what they wrote does not show through it,
	// nor does a refresh while locked unlock or reset anything.
	j := openJournal(t)
	j.seed(t)
	clock := &lockClock{now: fixedNow}
	opts := testOptions()
	opts.Now = clock.Now
	opts.Lock = &LockOptions{Idle: testIdle, Check: func(p string) error {
		if p == "right horse" {
			return nil
		}
		return errors.New("wrong")
	}}
	m := New(j.svc, opts)
	m, _ = runNoTicks(t, m, m.Init())
	m, _ = lockSend(t, m, teaSize(80, 24))
	m, _ = lockSend(t, m, keyMsg("2"))
	write := func(title string) {
		t.Helper()
		if err := j.svc.Entries.CreateEntry(&journal.Entry{Date: testToday, Title: title}); err != nil {
			t.Fatal(err)
		}
		// As the watch command brings the news; its next look and the
		// lock's ticks are left out (the test delivers ticks by hand).
		next, cmd := m.Update(watchedMsg{changed: true})
		m = next.(Model)
		drain(t, cmd, func(msg tea.Msg) tea.Cmd {
			switch msg.(type) {
			case watchTickMsg, lockTickMsg:
				return nil
			}
			next, cmd := m.Update(msg)
			m = next.(Model)
			return cmd
		})
	}
	clock.advance(testIdle / 2)
	write("Written while idle")
	if !strings.Contains(plain(m), "Written while idle") {
		t.Fatalf("the outside write does not show:\n%s", plain(m))
	}
	clock.advance(testIdle)
	m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
	if !m.lock.locked {
		t.Fatal("other hones' writes kept the screen from locking")
	}
	write("Written while locked")
	screen := plain(m)
	for _, secret := range []string{"Written while idle", "Written while locked", "Plan review"} {
		if strings.Contains(screen, secret) {
			t.Errorf("the locked screen shows %q:\n%s", secret, screen)
		}
	}
	if !m.lock.locked {
		t.Fatal("a refresh unlocked the screen")
	}
	m = lockKeysTyped(t, m, "right horse")
	m, _ = lockSend(t, m, keyMsg("enter"))
	if m.lock.locked || !strings.Contains(plain(m), "Written while locked") {
		t.Fatalf("after unlocking (locked %v) the Journal:\n%s", m.lock.locked, plain(m))
	}
}

func TestLockAsksWhenTheKeysNoLongerOpenTheJournal(t *testing.T) {
	// An encrypted journal's TUI whose keys another hone made stale (hone
	// decrypt and hone encrypt again): the look at the journal says
	// EPASSPHRASE. The screen locks at once, showing nothing of the
	// journal; the passphrase Check takes brings the TUI back with the
	// form's text, reloaded, and the screen locks when idle from then on.
	// When the screen was locked already (idle), the same passphrase
	// unlocks it and the TUI reloads too.
	for _, idleFirst := range []bool{false, true} {
		t.Run(fmt.Sprint("idleFirst=", idleFirst), func(t *testing.T) {
			j := openJournal(t)
			j.seed(t)
			clock := &lockClock{now: fixedNow}
			opts := testOptions()
			opts.Now = clock.Now
			opts.Encrypted = true
			opts.Lock = &LockOptions{Idle: testIdle, Check: func(p string) error {
				if p == "new horse" {
					return nil
				}
				return errors.New("wrong")
			}}
			m := New(j.svc, opts)
			m, _ = runNoTicks(t, m, m.Init())
			m, _ = lockSend(t, m, teaSize(100, 30))
			m, _ = lockSend(t, m, keyMsg("n"))
			m = lockKeysTyped(t, m, "Typed before the new key")
			if idleFirst {
				clock.advance(testIdle)
				m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
				if !m.lock.locked {
					t.Fatal("the screen did not lock when idle")
				}
			}
			if err := j.svc.Entries.CreateEntry(&journal.Entry{Date: testToday, Title: "Written under the new key"}); err != nil {
				t.Fatal(err)
			}
			stale := journal.Errorf(journal.EPASSPHRASE, "another hone encrypted j.db; enter its passphrase to go on")
			next, cmd := m.Update(watchedMsg{changed: true, err: stale})
			m = next.(Model)
			drain(t, cmd, func(msg tea.Msg) tea.Cmd {
				switch msg.(type) {
				case watchTickMsg, lockTickMsg:
					return nil
				}
				next, cmd := m.Update(msg)
				m = next.(Model)
				return cmd
			})
			if !m.lock.locked || !m.lock.sealed {
				t.Fatalf("locked %v, sealed %v after the keys went stale", m.lock.locked, m.lock.sealed)
			}
			screen := plain(m)
			for _, secret := range []string{"Typed before the new key", "Plan review", "Written under the new key"} {
				if strings.Contains(screen, secret) {
					t.Errorf("the passphrase screen shows %q:\n%s", secret, screen)
				}
			}
			if !strings.Contains(screen, "Another hone encrypted the journal again") {
				t.Errorf("the passphrase screen does not say why:\n%s", screen)
			}
			m = lockKeysTyped(t, m, "old horse")
			m, _ = lockSend(t, m, keyMsg("enter"))
			if !m.lock.locked || !m.lock.wrong {
				t.Fatal("a passphrase that does not open the journal unlocked it")
			}
			m = lockKeysTyped(t, m, "new horse")
			m, _ = lockSend(t, m, keyMsg("enter"))
			if m.lock.locked || m.screen != screenForm || !strings.Contains(plain(m), "Typed before the new key") {
				t.Fatalf("after the passphrase (locked %v) the screen:\n%s", m.lock.locked, plain(m))
			}
			m, _ = lockSend(t, m, keyMsg("esc"))
			for range 3 {
				if !m.lock.locked && m.question == nil {
					break
				}
				m, _ = lockSend(t, m, keyMsg("y"))
			}
			m, _ = lockSend(t, m, keyMsg("2"))
			if !strings.Contains(plain(m), "Written under the new key") {
				t.Errorf("the Journal was not read again after the passphrase:\n%s", plain(m))
			}
			clock.advance(testIdle)
			m, _ = lockSend(t, m, lockTickMsg{gen: m.lock.gen})
			if !m.lock.locked || m.lock.sealed {
				t.Fatalf("after the passphrase the screen does not lock when idle (locked %v, sealed %v)", m.lock.locked, m.lock.sealed)
			}
		})
	}
}
