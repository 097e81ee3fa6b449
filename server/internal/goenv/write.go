package goenv

import (
	"sort"
	"strings"
)

// Update returns the go/env file content after `go env -w` of set and `go env -u` of unset, exactly
// as cmd/go writes it, so a fix can be shown and applied as an undoable text edit instead of
// running go. It ports updateEnvFile, readEnvFileLines, lineToKey and sortKeyValues from
// cmd/go/internal/envcmd/env.go (go1.26).
//
// cmd/go never writes and unsets in one run. When both are given, Update behaves like
// `go env -w` followed by `go env -u` (so a key in both ends up unset); one combined pass would
// differ, because a line blanked by -u splits the runs that the same pass then sorts. With
// neither, go writes nothing and Update returns data unchanged.
//
// Update does not repeat cmd/go's argument checks (checkEnvWrite): callers must only pass what
// `go env -w` accepts (a known variable; no newline, NUL or invalid UTF-8 in the value), and
// keep in mind that cmd/go refuses `go env -u` when the file does not exist.
func Update(data []byte, set map[string]string, unset []string) []byte {
	if len(set) == 0 && len(unset) == 0 {
		return append([]byte(nil), data...)
	}
	out := string(data)
	// Each run re-reads the file: the lines the first run blanked no longer separate runs.
	if len(set) > 0 {
		out = strings.Join(updateEnvLines(envFileLines(out), set, nil), "")
	}
	if len(unset) > 0 {
		out = strings.Join(updateEnvLines(envFileLines(out), nil, unset), "")
	}
	return []byte(out)
}

// envFileLines is readEnvFileLines: lines keep their "\n" (so a "\r" before it stays), and a
// last line without one gets it.
func envFileLines(data string) []string {
	lines := strings.SplitAfter(data, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += "\n"
	}
	return lines
}

// updateEnvLines is one run of updateEnvFile.
func updateEnvLines(lines []string, add map[string]string, del []string) []string {
	// Delete all but last copy of any duplicated variables,
	// since the last copy is the one that takes effect.
	prev := make(map[string]int)
	for l, line := range lines {
		if key := lineToKey(line); key != "" {
			if p, ok := prev[key]; ok {
				lines[p] = ""
			}
			prev[key] = l
		}
	}

	// Update existing lines in place, append the others. cmd/go appends in map order; that
	// cannot show in the output because the appended lines join the last run, which is sorted
	// below, and their keys are unique.
	var appended []string
	for key, val := range add {
		if p, ok := prev[key]; ok {
			lines[p] = key + "=" + val + "\n"
		} else {
			appended = append(appended, key+"="+val+"\n")
		}
	}
	sort.Strings(appended)
	lines = append(lines, appended...)

	for _, key := range del {
		if p, ok := prev[key]; ok {
			lines[p] = ""
		}
	}

	// Sort runs of KEY=VALUE lines (blocks separated by comments, blank lines, invalid lines,
	// and the lines just blanked above).
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i == len(lines) || lineToKey(lines[i]) == "" {
			sortKeyValues(lines[start:i])
			start = i + 1
		}
	}
	return lines
}

// lineToKey returns the KEY part of the line KEY=VALUE or else an empty string. Unlike the
// reader (Parse), it accepts any key without '#': lowercase and indented keys are deduplicated
// and sorted too.
func lineToKey(line string) string {
	i := strings.Index(line, "=")
	if i < 0 || strings.Contains(line[:i], "#") {
		return ""
	}
	return line[:i]
}

// sortKeyValues sorts a sequence of lines by key, so GO386= sorts after GO=. Keys within a run
// are unique after deduplication, so cmd/go's unstable sort.Slice gives this same order.
func sortKeyValues(lines []string) {
	sort.SliceStable(lines, func(i, j int) bool {
		return lineToKey(lines[i]) < lineToKey(lines[j])
	})
}
