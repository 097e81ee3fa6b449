package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// describeFix says exactly what a fix changes, in one line a user could carry out by hand.
// Values are redacted: a fix may copy a URL with credentials.
func DescribeFix(f check.Fix) string {
	// Described from the redacted fix: its values are masked by the variable they are for
	// (a GOAUTH command's arguments, a token written as a GOPROXY user name), which the free
	// text redaction of redact.Text cannot know.
	f = RedactFix(f)
	switch {
	case f.GoEnv != nil:
		return f.Command
	case f.Command != "":
		return "VS Code command " + f.Command
	case f.JSON != nil:
		where := jsonPathText(f.JSON.Path)
		if f.Setting != nil {
			where = settingText(f.Setting)
		}
		if f.JSON.Value == nil {
			return fmt.Sprintf("remove %s in %s", where, f.File)
		}
		return fmt.Sprintf("set %s = %s in %s", where, strconv.Quote(*f.JSON.Value), f.File)
	case len(f.Lines) > 0:
		var parts []string
		for _, l := range f.Lines {
			switch {
			case l.Text != nil:
				parts = append(parts, fmt.Sprintf("line %d → %s", l.Line, strconv.Quote(*l.Text)))
			case l.Line > 0:
				parts = append(parts, fmt.Sprintf("delete line %d", l.Line))
			}
			if l.RemoveBOM {
				parts = append(parts, "remove the byte-order mark")
			}
		}
		return fmt.Sprintf("edit %s: %s", f.File, strings.Join(parts, "; "))
	}
	return ""
}

func settingText(s *check.SettingRef) string {
	parts := []string{strconv.Quote(s.Key)}
	for _, m := range s.Member {
		parts = append(parts, strconv.Quote(m))
	}
	out := strings.Join(parts, " › ")
	if s.Scope != "" {
		out += " (" + s.Scope + " settings)"
	}
	return out
}

func jsonPathText(p []any) string {
	var b strings.Builder
	for i, e := range p {
		switch v := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		case string:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// redactFix returns a copy of f with every credential masked, for printing.
func RedactFix(f check.Fix) check.Fix {
	f.Title = ClipText(redact.Text(f.Title))
	f.Command = redact.Text(f.Command)
	if f.JSON != nil {
		j := *f.JSON
		if j.Value != nil {
			// The value of the variable the path ends in (go.toolsEnvVars › GOAUTH), or of the
			// setting itself (http.proxy): masked as that variable's value.
			j.Value = check.Str(redact.Value(jsonName(f), *j.Value))
		}
		f.JSON = &j
	}
	if f.GoEnv != nil {
		g := *f.GoEnv
		g.Set = redactMap(g.Set)
		g.Env = redactMap(g.Env)
		f.GoEnv = &g
		// The command line of a go env fix repeats the values: rebuild it from the masked ones
		// (redact.Text would leave a GOAUTH command's arguments in it).
		f.Command = check.GoEnvCommand(&g)
	}
	if f.Lines != nil {
		ls := append([]check.LineChange(nil), f.Lines...)
		for i := range ls {
			if ls[i].Text != nil {
				// A NAME=VALUE line of the go/env file or an env file (GOAUTH=command … TOKEN).
				ls[i].Text = check.Str(redact.Line(*ls[i].Text))
			}
		}
		f.Lines = ls
	}
	return f
}

// jsonName is the name a JSON fix's value belongs to: the last key of its path ("GOAUTH" in
// go.toolsEnvVars › GOAUTH, "http.proxy" for that setting).
func jsonName(f check.Fix) string {
	for i := len(f.JSON.Path) - 1; i >= 0; i-- {
		if k, ok := f.JSON.Path[i].(string); ok {
			return k
		}
	}
	if f.Setting != nil {
		if n := len(f.Setting.Member); n > 0 {
			return f.Setting.Member[n-1]
		}
		return f.Setting.Key
	}
	return ""
}

func redactMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = redact.Value(k, v)
	}
	return out
}

// redactFinding masks credentials in everything a finding prints.
func RedactFinding(f check.Finding) check.Finding {
	f.Message = ClipText(redact.Text(f.Message)) // clipped once redacted: see ClipText
	fixes := make([]check.Fix, len(f.Fixes))
	for i, x := range f.Fixes {
		fixes[i] = RedactFix(x)
	}
	f.Fixes = fixes
	return f
}
