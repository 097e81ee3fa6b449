package resolve

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"slices"
)

// fingerprint is a digest of everything a value holds, followed through pointers, interfaces,
// slices and maps (in key order), unexported fields included. It reads the value itself, not a
// list of fields, so an input added to Input or Folder later is covered without touching this.
// ok is false when the value holds something whose content cannot be read (a func, a channel):
// such an input is never taken as unchanged.
func fingerprint(v any) (sum [sha256.Size]byte, ok bool) {
	f := fingerprinter{h: sha256.New(), seen: map[uintptr]bool{}, ok: true}
	f.value(reflect.ValueOf(v))
	copy(sum[:], f.h.Sum(nil))
	return sum, f.ok
}

type fingerprinter struct {
	h    hash.Hash
	seen map[uintptr]bool // pointers on the current path: a cycle is written once
	ok   bool
	buf  [8]byte
}

func (f *fingerprinter) uint(u uint64) {
	binary.LittleEndian.PutUint64(f.buf[:], u)
	f.h.Write(f.buf[:])
}

func (f *fingerprinter) str(s string) {
	f.uint(uint64(len(s)))
	f.h.Write([]byte(s))
}

func (f *fingerprinter) value(v reflect.Value) {
	if !v.IsValid() {
		f.uint(0)
		return
	}
	f.uint(uint64(v.Kind()))
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			f.uint(1)
		} else {
			f.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		f.uint(math.Float64bits(real(c)))
		f.uint(math.Float64bits(imag(c)))
	case reflect.String:
		f.str(v.String())
	case reflect.Pointer:
		if v.IsNil() {
			f.uint(0)
			return
		}
		p := v.Pointer()
		if f.seen[p] {
			f.uint(2)
			return
		}
		f.seen[p] = true
		f.uint(1)
		f.value(v.Elem())
		delete(f.seen, p)
	case reflect.Interface:
		if v.IsNil() {
			f.uint(0)
			return
		}
		f.str(v.Elem().Type().String())
		f.value(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			f.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.uint(math.MaxUint64)
			return
		}
		f.uint(uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			f.h.Write(v.Bytes())
			return
		}
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			f.uint(math.MaxUint64)
			return
		}
		// Entries in a fixed order: each entry's own digest, sorted.
		entries := make([][sha256.Size]byte, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			e := fingerprinter{h: sha256.New(), seen: f.seen, ok: true}
			e.value(it.Key())
			e.value(it.Value())
			f.ok = f.ok && e.ok
			var sum [sha256.Size]byte
			copy(sum[:], e.h.Sum(nil))
			entries = append(entries, sum)
		}
		slices.SortFunc(entries, func(a, b [sha256.Size]byte) int { return slices.Compare(a[:], b[:]) })
		f.uint(uint64(len(entries)))
		for _, e := range entries {
			f.h.Write(e[:])
		}
	default: // func, chan, unsafe pointer: their content cannot be compared
		f.ok = false
	}
}
