package netrun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// The go command never sends user info to a plain http:// GOPROXY ("refusing to pass
// credentials to insecure URL"); the probe must not either, and must say why it stopped.
func TestNoCredentialsToPlainHTTP(t *testing.T) {
	var requests, withAuth atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("Authorization") != "" {
			withAuth.Add(1)
		}
		_, _ = w.Write([]byte("v0.3.0\n"))
	}))
	defer srv.Close()
	u := strings.Replace(srv.URL, "http://", "http://user:CANARY-pw@", 1)
	plan := probe.NewPlan(probe.Env{"GOPROXY": u, "GOSUMDB": "off"}, "linux")
	rs := Run(context.Background(), plan, Options{})
	if len(rs) != 1 {
		t.Fatalf("results: %+v", rs)
	}
	r := rs[0]
	last := r.Last()
	if r.Failed != probe.StageHTTP || last == nil || last.Failure != probe.InsecureCredentials || !strings.Contains(last.Detail, "refuses to pass credentials") {
		t.Errorf("result: failed %q, last %+v", r.Failed, last)
	}
	if requests.Load() != 0 || withAuth.Load() != 0 {
		t.Errorf("the server got %d requests, %d with credentials", requests.Load(), withAuth.Load())
	}
	for _, st := range r.Stages {
		if strings.Contains(st.Detail, "CANARY-pw") {
			t.Errorf("credential in %s detail: %s", st.Stage, st.Detail)
		}
	}
}
