package modcfg

import "testing"

func TestParseGOFLAGS(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want []Code
		msg  string
	}{
		{v: ""},
		{v: "-mod=mod"},
		{v: "--mod=readonly -modcacherw"},
		{v: "-buildvcs=false"},
		{v: "-x=1 -v=true"},
		{v: `"-ldflags=-w -s" -trimpath`},
		{v: "-tags=a,b -gcflags=all=-N -p=0x10 -count=3 -timeout=1m"},
		{v: "-mod="},

		// base/goflags.go InitGOFLAGS.
		{v: "'-x", want: []Code{fatal(FlagsQuote)}, msg: "unterminated ' string"},
		{v: `""`, want: []Code{fatal(FlagsEmptyField)}, msg: "panic"},
		{v: `-x ''`, want: []Code{fatal(FlagsEmptyField)}},
		{v: "mod=mod", want: []Code{fatal(FlagsNonFlag)}, msg: `parsing $GOFLAGS: non-flag "mod=mod"`},
		{v: "-", want: []Code{fatal(FlagsNonFlag)}},
		{v: "--", want: []Code{fatal(FlagsNonFlag)}},
		{v: "---x", want: []Code{fatal(FlagsNonFlag)}},
		{v: "-=x", want: []Code{fatal(FlagsNonFlag)}},
		{v: "--=x", want: []Code{fatal(FlagsNonFlag)}},
		{v: "-mod mod", want: []Code{fatal(FlagsNeedsValue), fatal(FlagsNonFlag)}, msg: "write -mod=mod"},
		{v: "-unknownflag", want: []Code{fatal(FlagsUnknown)}, msg: "parsing $GOFLAGS: unknown flag -unknownflag"},
		{v: "-ldflags=-w -s", want: []Code{fatal(FlagsUnknown)}, msg: `"-ldflags=-w -s"`},
		{v: "-Mod=mod", want: []Code{fatal(FlagsUnknown)}, msg: "case-sensitive"},
		{v: "-printf=false", want: []Code{fatal(FlagsUnknown)}}, // a vet analyzer flag: only go vet adds it

		// base/goflags.go SetFromGOFLAGS and later checks.
		{v: "-insecure", want: []Code{fatal(FlagsInsecure)}, msg: "-insecure flag is no longer supported; use GOINSECURE instead"},
		{v: "-C=/tmp", want: []Code{fatal(FlagsChdir)}, msg: "-C flag must be first flag on command line"},
		{v: "-C", want: []Code{fatal(FlagsNeedsValue)}},
		{v: "-mod", want: []Code{fatal(FlagsNeedsValue)}, msg: "flag needs an argument: -mod"},
		{v: "-mod=bogus", want: []Code{fatal(FlagsBadValue)}, msg: "-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')"},
		{v: "-modfile=go.alt", want: []Code{fatal(FlagsBadValue)}, msg: "file does not have .mod extension"},
		{v: "-x=maybe", want: []Code{fatal(FlagsBadValue)}, msg: `invalid boolean value "maybe" for flag -x`},
		{v: "-buildvcs=maybe", want: []Code{fatal(FlagsBadValue)}, msg: "neither 'auto' nor a valid bool"},
		{v: "-buildmode=bogus", want: []Code{fatal(FlagsBadValue)}, msg: "buildmode=bogus not supported"},
		{v: "-buildmode=c-shared"},
		{v: "-compiler=bogus", want: []Code{fatal(FlagsBadValue)}, msg: `unknown compiler "bogus"`},
		{v: "-p=abc", want: []Code{fatal(FlagsBadValue)}, msg: `invalid value "abc" for flag -p`},
		{v: "-p=99999999999999999999", want: []Code{fatal(FlagsBadValue)}, msg: "value out of range"},
		{v: "-count=abc", want: []Code{fatal(FlagsBadValue)}, msg: "go test"},
		{v: "-timeout=5", want: []Code{fatal(FlagsBadValue)}},
		{v: "-c", want: []Code{fatal(FlagsNeedsValue)}, msg: "go fix, go vet"},
		{v: "-c=yes", want: []Code{fatal(FlagsBadValue)}},                     // go test -c is a bool
		{v: "-c=3", want: []Code{fatal(FlagsBadValue)}, msg: "go test"},       // fine for go vet, not go test
		{v: "-json=Dir", want: []Code{fatal(FlagsBadValue)}, msg: "go build"}, // fine for go list only
	} {
		flags, ps := ParseGOFLAGS(tc.v)
		wantCodes(t, "ParseGOFLAGS", tc.v, ps, tc.want...)
		if tc.msg != "" {
			msgContains(t, "ParseGOFLAGS", tc.v, ps, tc.msg)
		}
		for _, f := range flags {
			if f.Offset < 0 || f.Offset+f.Len > len(tc.v) {
				t.Errorf("ParseGOFLAGS(%q): flag %+v out of bounds", tc.v, f)
			}
		}
	}
}

func TestFlagFields(t *testing.T) {
	const v = ` --mod=vendor "-ldflags=-s -w" -x`
	flags, ps := ParseGOFLAGS(v)
	if len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}
	want := []Flag{
		{Raw: "--mod=vendor", Offset: 1, Len: 12, Name: "mod", Value: "vendor", HasValue: true},
		{Raw: "-ldflags=-s -w", Offset: 14, Len: 16, Name: "ldflags", Value: "-s -w", HasValue: true},
		{Raw: "-x", Offset: 31, Len: 2, Name: "x"},
	}
	if len(flags) != len(want) {
		t.Fatalf("flags = %+v", flags)
	}
	for i := range want {
		if flags[i] != want[i] {
			t.Errorf("flag %d = %+v, want %+v", i, flags[i], want[i])
		}
	}
	if !flags[0].Is("mod") || !flags[0].Is("-mod") || !flags[0].Is("--mod") || flags[0].Is("modfile") || flags[2].Is("") {
		t.Error("Is is wrong")
	}
}

func TestKnownFlagsSample(t *testing.T) {
	for _, name := range []string{"mod", "modcacherw", "modfile", "x", "n", "buildvcs", "ldflags", "insecure", "C", "overlay", "pgo", "run", "test.v", "json"} {
		if !KnownFlags[name] {
			t.Errorf("KnownFlags[%q] = false", name)
		}
	}
	for _, name := range []string{"s", "printf", "insecureskipverify", "all", "src", ""} {
		if KnownFlags[name] {
			t.Errorf("KnownFlags[%q] = true", name)
		}
	}
	if len(knownFlagUses) != len(KnownFlags) {
		t.Errorf("knownFlagUses has %d flags, KnownFlags %d", len(knownFlagUses), len(KnownFlags))
	}
}

// TestGOFLAGSGoEnvModeFlags: -w and -u are go env's own flags; in GOFLAGS they turn every
// `go env NAME` into a write or an unset (go1.26.8: "go: arguments must be KEY=VALUE").
func TestGOFLAGSGoEnvModeFlags(t *testing.T) {
	for _, v := range []string{"-trimpath -ldflags=-s -w", "-u", "-w"} {
		_, probs := ParseGOFLAGS(v)
		found := false
		for _, p := range probs {
			found = found || (p.Code == FlagsGoEnvMode && p.Fatal)
		}
		if !found {
			t.Errorf("ParseGOFLAGS(%q): no fatal go-env-mode problem in %+v", v, probs)
		}
	}
	if _, probs := ParseGOFLAGS(`"-ldflags=-s -w" -trimpath`); HasFatal(probs) {
		t.Errorf("a quoted -ldflags with -w inside is fine: %+v", probs)
	}
}
