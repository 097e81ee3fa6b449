package probe

// SumDBNotServed: a proxy answered 404/410 to <proxy>/sumdb/<name>/supported — "try the next
// entry", unlike a 404/410 of the lookup itself.
const SumDBNotServed Failure = "sumdb-not-served"

// Check ids of the Network table (docs/checks).
const (
	CheckDNS       = "dns-failure"
	CheckTCP       = "tcp-failure"
	CheckTLS       = "tls-unknown-authority"
	CheckIntercept = "tls-intercepted"
	CheckHTTPProxy = "http-proxy-failure"
	CheckProtocol  = "goproxy-protocol"
	CheckSumDB     = "sumdb-unreachable"
)

// Note values say why a result does not count, or counts less (Assess sets them).
const (
	NoteSumDBServedByProxy = "not used: a module proxy serves this checksum database"
	NoteSumDBNotTried      = "not used: the go command stops at an earlier route to the checksum database"
	NoteProxyNotTried      = "not used: the go command stops at an earlier GOPROXY entry"
	NoteCoveredByProxy     = "the same failure as the proxy's own contact, reported there"
	NoteCoveredByHTTPProxy = "the HTTP proxy's own contact failed, reported there"
	NoteHTTPProxyUnused    = "no route the go command takes here goes through this proxy"
	NoteNotFoundFallsBack  = "404/410: the go command goes on to the next GOPROXY entry"
	NoteFallsBackOnError   = "'|' follows: the go command tries the next GOPROXY entry after this error"
)

// Assessment is what a probe means for downloads.
type Assessment struct {
	// SumDBRoute is the checksum database URL the go command would use ("" when GOSUMDB=off or
	// no route works), and SumDBOK whether a lookup through it worked.
	SumDBRoute string `json:"sumdbRoute,omitempty"`
	SumDBOK    bool   `json:"sumdbOK"`
	// ProxyOK is true when the first proxy the go command would settle on answers correctly.
	ProxyOK bool `json:"proxyOK"`
}

// Assess sets each result's Check (the finding its failure maps to, "" when it does not break
// downloads) and Note, following the go command's order: GOPROXY entries left to right with ','
// (fall through on 404/410 only) and '|' (on any error), and the checksum database through the
// first proxy that serves it, else directly. An HTTP proxy's failure counts only when a route the
// go command takes goes through it. results are in plan.Targets order.
func Assess(plan Plan, results []Result) Assessment {
	var a Assessment
	proxyFailed := map[int]bool{} // proxy index → its own contact failed before HTTP
	httpProxyFailed := map[string]bool{}
	used := map[string]bool{} // HTTP proxies that a route the go command takes goes through
	for i := range results {
		if r := &results[i]; r.Role == RoleHTTPProxy && !r.OK() {
			httpProxyFailed[r.URL] = true
		}
	}
	// viaFailed: the route goes through an HTTP proxy that could not be reached at all.
	viaFailed := func(r *Result) bool {
		return r.Via != "" && httpProxyFailed[r.Via] && (r.Failed == StageDNS || r.Failed == StageTCP)
	}

	stopped := false // a ',' entry failed: the go command never gets further
	for i := range results {
		r := &results[i]
		if r.Role != RoleProxy {
			continue
		}
		if stopped {
			r.Check = ""
			r.Note = NoteProxyNotTried
			continue
		}
		used[r.Via] = true
		switch {
		case r.OK():
			a.ProxyOK = true
			r.Check = interception(r)
		case viaFailed(r):
			r.Note = NoteCoveredByHTTPProxy
			if r.Separator != "|" && !a.ProxyOK {
				stopped = true
			}
		case r.Last() != nil && r.Last().Failure == NotFound:
			r.Note = NoteNotFoundFallsBack
		default:
			r.Check = failureCheck(r)
			if transportStage(r.Failed) {
				proxyFailed[r.Index] = true
			}
			switch {
			case r.Separator == "|":
				r.Note = NoteFallsBackOnError
			case !a.ProxyOK:
				stopped = true // ',' or the last entry: the go command stops with this error
			}
		}
	}

	// The checksum database: initBase asks each proxy, in order, then goes direct.
	decided := plan.SumDBOff
	for i := range results {
		r := &results[i]
		if r.Role != RoleSumDB {
			continue
		}
		if decided {
			r.Check = ""
			if !r.OK() && r.Note == "" {
				r.Note = NoteSumDBNotTried
				if a.SumDBOK {
					r.Note = NoteSumDBServedByProxy
				}
			}
			continue
		}
		used[r.Via] = true
		switch {
		case r.OK():
			a.SumDBRoute, a.SumDBOK, decided = r.URL, true, true
			r.Check = interception(r)
		case !r.SumDBDirect() && r.Last() != nil && r.Last().Failure == SumDBNotServed:
			// /supported said 404/410: "try the next entry".
		case !r.SumDBDirect() && viaFailed(r):
			r.Note = NoteCoveredByHTTPProxy
			if r.Separator != "|" {
				decided = true
			}
		case !r.SumDBDirect() && proxyFailed[r.Index]:
			r.Note = NoteCoveredByProxy
			if r.Separator != "|" {
				decided = true
			}
		case !r.SumDBDirect() && r.Separator == "|":
			// any error on a '|' entry: next
		default:
			a.SumDBRoute, decided = r.URL, true
			switch {
			case viaFailed(r):
				r.Note = NoteCoveredByHTTPProxy
			case r.Failed == StageConnect:
				r.Check = CheckHTTPProxy
			default:
				r.Check = CheckSumDB
			}
		}
	}

	for i := range results {
		r := &results[i]
		if r.Role != RoleHTTPProxy || r.OK() {
			continue
		}
		if !used[r.URL] {
			r.Note = NoteHTTPProxyUnused
			continue
		}
		r.Check = CheckHTTPProxy
		if r.Failed == StageDNS {
			r.Check = CheckDNS
		}
	}
	return a
}

// failureCheck maps a failed contact with a module proxy to its check.
func failureCheck(r *Result) string {
	switch r.Failed {
	case StageDNS:
		if r.Via != "" {
			return CheckHTTPProxy
		}
		return CheckDNS
	case StageTCP:
		if r.Via != "" {
			return CheckHTTPProxy
		}
		return CheckTCP
	case StageConnect:
		return CheckHTTPProxy
	case StageTLS:
		return CheckTLS
	default:
		return CheckProtocol
	}
}

// interception: a chain that verifies, but only through a root that is not public.
func interception(r *Result) string {
	if r.TLS != nil && r.TLS.Verified && !r.TLS.Public && len(r.TLS.Chain) > 0 {
		return CheckIntercept
	}
	return ""
}

func transportStage(s StageName) bool {
	return s == StageDNS || s == StageTCP || s == StageConnect || s == StageTLS
}
