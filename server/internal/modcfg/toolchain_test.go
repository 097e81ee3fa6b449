package modcfg

import "testing"

func TestParseGOTOOLCHAIN(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want Toolchain
		code []Code
		msg  string
	}{
		{v: "", want: Toolchain{Local: true}},
		{v: "local", want: Toolchain{Local: true}},
		{v: "auto", want: Toolchain{Local: true, Auto: true}},
		{v: "path", want: Toolchain{Local: true, Path: true}},
		{v: "local+auto", want: Toolchain{Local: true, Auto: true}},
		{v: "local+path", want: Toolchain{Local: true, Path: true}},
		{v: "go1.22.0", want: Toolchain{Name: "go1.22.0", Version: "go1.22.0"}},
		{v: "go1.22.0+auto", want: Toolchain{Name: "go1.22.0", Version: "go1.22.0", Auto: true}},
		{v: "go1.99.0+path", want: Toolchain{Name: "go1.99.0", Version: "go1.99.0", Path: true}},
		{v: "go1.22rc1", want: Toolchain{Name: "go1.22rc1", Version: "go1.22rc1"}},
		{v: "go1.22.0-bigcorp", want: Toolchain{Name: "go1.22.0-bigcorp", Version: "go1.22.0"}},
		{v: "go1.21.0", want: Toolchain{Name: "go1.21.0", Version: "go1.21.0"}},

		// §2.5 errors, as the source has them.
		{v: "bogus", code: []Code{fatal(ToolchainInvalid)}, msg: `invalid GOTOOLCHAIN "bogus"`},
		{v: "foo+auto", code: []Code{fatal(ToolchainBadMinimum)}, msg: `invalid GOTOOLCHAIN "foo+auto": invalid minimum toolchain "foo"`},
		{v: "+auto", code: []Code{fatal(ToolchainBadMinimum)}, msg: `invalid minimum toolchain ""`},
		{v: "auto+auto", code: []Code{fatal(ToolchainBadMinimum)}},
		{v: "go1.22.0+local", code: []Code{fatal(ToolchainBadSuffix)}, msg: "only version suffixes are +auto and +path"},
		{v: "local+local", code: []Code{fatal(ToolchainBadSuffix)}},
		{v: "go1.22.0+auto+auto", code: []Code{fatal(ToolchainBadSuffix)}},
		{v: "go1.22.0+AUTO", code: []Code{fatal(ToolchainBadSuffix)}, msg: "lowercase"},
		{v: "go1.22.0+auto ", code: []Code{fatal(ToolchainBadSuffix)}, msg: "white space"},
		{v: "go1.22", code: []Code{fatal(ToolchainLangVersion)}, msg: "invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)"},
		{v: "go1.21+auto", code: []Code{fatal(ToolchainLangVersion)}},
		{v: "Local", code: []Code{fatal(ToolchainInvalid)}, msg: "lowercase"},
		{v: "AUTO", code: []Code{fatal(ToolchainInvalid)}},
		{v: "local ", code: []Code{fatal(ToolchainInvalid)}, msg: "white space"},
		{v: " go1.22.0", code: []Code{fatal(ToolchainInvalid)}},
		{v: "go1.22.0 ", code: []Code{fatal(ToolchainBadName)}, msg: "non-semver module version"},
		{v: "go1.22.0\tx", code: []Code{fatal(ToolchainBadName)}},
		{v: "go1.22.0-big_corp", code: []Code{fatal(ToolchainBadName)}},
		{v: "1.22.0", code: []Code{fatal(ToolchainInvalid)}, msg: `write "go1.22.0"`},
		{v: "gccgo-go1.20.3", code: []Code{fatal(ToolchainInvalid)}, msg: `must start with "go"`},
		{v: "go1.22.0rc1", code: []Code{fatal(ToolchainInvalid)}},
		{v: "go1.22/x", code: []Code{fatal(ToolchainInvalid)}},
		{v: "go2.0", code: []Code{fatal(ToolchainInvalid)}},
		{v: "go1.20", code: []Code{ToolchainNotPublished}},
		{v: "go1.9", code: []Code{ToolchainNotPublished}},
		{v: "go1", code: []Code{ToolchainNotPublished}},
	} {
		tcv, ps := ParseGOTOOLCHAIN(tc.v)
		wantCodes(t, "ParseGOTOOLCHAIN", tc.v, ps, tc.code...)
		if tc.msg != "" {
			msgContains(t, "ParseGOTOOLCHAIN", tc.v, ps, tc.msg)
		}
		if len(tc.code) == 0 && tcv != tc.want {
			t.Errorf("ParseGOTOOLCHAIN(%q) = %+v, want %+v", tc.v, tcv, tc.want)
		}
	}
}
