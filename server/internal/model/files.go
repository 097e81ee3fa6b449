package model

import "fmt"

// TooLargeError is a file the adapters refuse to read because it is larger than their limit
// (a multi-megabyte settings or go/env file must not stall the editor). It is go-env-doctor's
// own limit, not one of the go command or VS Code, so checks tell it apart from a file those
// cannot read.
type TooLargeError struct {
	Path  string
	Limit int64 // bytes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d MiB; not read", e.Path, e.Limit>>20)
}
