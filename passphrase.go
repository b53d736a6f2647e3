package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"github.com/charmbracelet/x/term"

	"hone/journal"
)

// passphrase returns the passphrase of an encrypted journal or export:
// from --passphrase-file or $HONE_PASSPHRASE_FILE, or asked on the terminal
// (twice when confirm is set, for something new).
func (a *app) passphrase(confirm bool) (string, error) {
	return a.secret("passphrase", a.passphrasePath(), "Passphrase: ", confirm)
}

// passphrasePath is the passphrase file named by --passphrase-file or
// $HONE_PASSPHRASE_FILE, or "" for none.
func (a *app) passphrasePath() string {
	if a.passphraseFile != "" {
		return a.passphraseFile
	}
	return os.Getenv("HONE_PASSPHRASE_FILE")
}

// canAskPassphrase reports whether a passphrase can be had without failing:
// from a file, or on the terminal.
func (a *app) canAskPassphrase() bool {
	return a.passphrasePath() != "" || isTerminal(a.stdin)
}

// secret reads a passphrase from file when one is named, else asks on the
// terminal with prompt. field names the flag or input in errors.
func (a *app) secret(field, file, prompt string, confirm bool) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", journal.Invalid(field+"-file", "%s cannot be read: %v", file, errors.Unwrap(err))
		}
		pass := strings.TrimRight(string(b), "\r\n")
		if pass == "" {
			return "", journal.Invalid(field+"-file", "%s is empty", file)
		}
		return pass, nil
	}
	f, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return "", journal.Invalid(field, "a passphrase is needed and there is no terminal to ask; use --%s-file FILE", field)
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.stderr, prompt)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		return string(b), nil
	}
	pass, err := ask(prompt)
	if err != nil {
		return "", err
	}
	if pass == "" {
		return "", journal.Invalid(field, "an empty passphrase protects nothing; type one")
	}
	if confirm {
		again, err := ask("The same again: ")
		if err != nil {
			return "", err
		}
		if again != pass {
			return "", journal.Invalid(field, "the two passphrases differ; nothing was changed")
		}
	}
	return pass, nil
}

// sealed wraps write so that what it writes is encrypted with an age
// passphrase (scrypt) recipient.
func sealed(pass string, write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		r, err := age.NewScryptRecipient(pass)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		enc, err := age.Encrypt(w, r)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		if err := write(enc); err != nil {
			return err
		}
		return enc.Close()
	}
}

// isSealed reports whether data is an age-encrypted file.
func isSealed(data []byte) bool {
	return bytes.HasPrefix(data, []byte(sealedHeader))
}

// sealedHeader begins every age file.
const sealedHeader = "age-encryption.org/v1\n"

// unseal decrypts an age file encrypted with a passphrase.
func unseal(pass string, data []byte) ([]byte, error) {
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return nil, journal.Invalid("passphrase", "the passphrase does not open this file (or it is not a passphrase-encrypted hone export)")
	}
	plain, err := readBounded(r, int64(len(data))) // a little shorter than the sealed text
	if err != nil {
		return nil, journal.Invalid("file", "the encrypted file is damaged: %v", err)
	}
	return plain, nil
}
