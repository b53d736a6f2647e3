package journal

import (
	"errors"
	"fmt"
)

// Error codes. They say what kind of failure happened, so that callers can
// choose an exit code or a message without parsing text.
const (
	EINVALID  = "invalid"   // the input breaks a rule; the message says which
	ENOTFOUND = "not_found" // no entry, skill or prompt with that id
	ECONFLICT = "conflict"  // the record exists already
	ELOCKED   = "locked"    // another hone holds the journal file
	EDAMAGED  = "damaged"   // the journal file cannot be read
	// EFILE: the system refused the journal's file (permissions, a broken
	// link, a parent that is a file, a full disk); the message says what
	// is wrong in the user's words.
	EFILE     = "file"
	EINTERNAL = "internal" // anything else

	// EPASSPHRASE: the journal is encrypted, and no passphrase or a wrong
	// one was given.
	EPASSPHRASE = "passphrase"
)

// Error is an application error: a code for programs and a message for the
// person at the keyboard. Field names the input field at fault, when one is.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface. The text is the field (when there is
// one) followed by the message, which is what users see.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error that names the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the text to show a user for err: the message of an
// *Error, or a generic sentence for internal errors, whose details belong in
// a log rather than on the screen.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "something went wrong inside hone: " + err.Error()
}
