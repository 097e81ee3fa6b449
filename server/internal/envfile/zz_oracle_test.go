package envfile

import (
	"encoding/base64"
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestZZOracle(t *testing.T) {
	if os.Getenv("ENVFILE_ORACLE") == "" {
		t.Skip()
	}
	globals := map[string]string{"HOME": "/h", "EMPTY": "", "X": `a\$b`, "toString": "TS", "A": "ga"}
	lookup := func(k string) (string, bool) { v, ok := globals[k]; return v, ok }
	frags := []string{"A", "B", "a.b-c", "_x", "1", "export", "export ", " ", "  ", "\t", "\v", "\f", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\ufeff", "\u0085", "\u200b",
		"=", "==", "\"", "'", "${", "}", "${A}", "${B}", "${HOME}", "${EMPTY}", "${X}", "${toString}", "${constructor}", "${valueOf}", "${__proto__}", "${1a}", "${A B}", "${}", "${A-}", "\\", "\\$", "$", "$A", "\\n", "\\\\n", "#", " #c", "x", "y z", "\x00", "\xff", "\xe2\x82", "\xed\xa0\x80", "\xf0\x9f\x98", "é", "\n", "\r\n", "__proto__", "toString", "EMPTY"}
	type tc struct {
		Data    string            `json:"data"`
		Globals map[string]string `json:"globals"`
	}
	rng := rand.New(rand.NewSource(int64(len(os.Getenv("ENVFILE_ORACLE")))))
	var inputs [][]byte
	for i := 0; i < 60000; i++ {
		var sb strings.Builder
		if rng.Intn(20) == 0 {
			sb.WriteString("\ufeff")
		}
		if i%2 == 0 {
			nl := rng.Intn(6) + 1
			for l := 0; l < nl; l++ {
				sb.WriteString([]string{"A=", "B = ", "export A=", "C=\"", "D='", "E=${", "toString=", "EMPTY=", "  K.k-1  =  ", "A=\"${", "B=\"x\\n${"}[rng.Intn(11)])
				m := rng.Intn(8)
				for j := 0; j < m; j++ {
					sb.WriteString(frags[rng.Intn(len(frags))])
				}
				if rng.Intn(2) == 0 {
					sb.WriteString([]string{"\"", "'", "}", "}\"", " ", "\r"}[rng.Intn(6)])
				}
				sb.WriteString([]string{"\n", "\r\n"}[rng.Intn(2)])
			}
			inputs = append(inputs, []byte(sb.String()))
			continue
		}
		n := rng.Intn(25)
		for j := 0; j < n; j++ {
			if rng.Intn(4) == 0 {
				sb.WriteString([]string{"A=", "B = ", "export A=", "C=\"", "D='", "E=${", "toString=", "A=\n", "EMPTY=", "  K.k-1  =  "}[rng.Intn(10)])
			}
			sb.WriteString(frags[rng.Intn(len(frags))])
		}
		inputs = append(inputs, []byte(sb.String()))
	}
	var cases []tc
	for _, in := range inputs {
		cases = append(cases, tc{base64.StdEncoding.EncodeToString(in), globals})
	}
	b, _ := json.Marshal(cases)
	os.WriteFile("/tmp/envoracle/cases.json", b, 0o644)
	cmd := exec.Command("node", "/tmp/envoracle/oracle.js", "/tmp/envoracle/cases.json", "/tmp/envoracle/out.json")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	ob, _ := os.ReadFile("/tmp/envoracle/out.json")
	var outs [][][2]string
	if err := json.Unmarshal(ob, &outs); err != nil {
		t.Fatal(err)
	}
	fails := 0
	for i, in := range inputs {
		want := map[string]string{}
		for _, kv := range outs[i] {
			want[kv[0]] = kv[1]
		}
		entries, _ := Parse(in, lookup)
		got := Env(entries)
		same := len(got) == len(want)
		for k, v := range want {
			if got[k] != v {
				same = false
			}
		}
		if !same {
			fails++
			if fails < 15 {
				t.Errorf("input %q:\n got %q\nwant %q", in, got, want)
			}
		}
	}
	t.Logf("%d cases, %d mismatches", len(inputs), fails)
}
