// Package probe models a network diagnosis of the route the go command takes to download modules:
// which hosts it contacts for an environment (the GOPROXY list, the checksum database, the HTTP
// proxy), in which stages a contact can fail, and what each failure means. It is pure: the I/O
// lives in probe/netrun, the findings in check/network.
package probe

// Role is what a target is to the go command.
type Role string

const (
	RoleProxy     Role = "proxy"      // a GOPROXY entry
	RoleSumDB     Role = "sumdb"      // the checksum database, directly or through a proxy
	RoleHTTPProxy Role = "http-proxy" // the HTTP(S)_PROXY the go command sends requests through
)

// StageName is one step of a contact, in order: dns → tcp → (connect) → tls → http → protocol.
type StageName string

const (
	StageDNS      StageName = "dns"
	StageTCP      StageName = "tcp"
	StageConnect  StageName = "connect" // the HTTP proxy's CONNECT tunnel
	StageTLS      StageName = "tls"
	StageHTTP     StageName = "http"
	StageProtocol StageName = "protocol"
)

// Failure classifies why a stage failed; "" when it did not.
type Failure string

const (
	DNSNotFound       Failure = "dns-nxdomain"    // the name does not exist (NXDOMAIN)
	DNSNoAnswer       Failure = "dns-no-resolver" // no resolver answered (timeout, refused)
	DNSError          Failure = "dns-error"       // the resolver answered with an error (SERVFAIL)
	TCPRefused        Failure = "tcp-refused"     // connection refused
	TCPTimeout        Failure = "tcp-timeout"     // no answer to the SYN, or filtered
	TCPError          Failure = "tcp-error"       // unreachable network, reset
	ProxyAuth         Failure = "proxy-auth"      // the HTTP proxy answered 407
	ProxyRefused      Failure = "proxy-refused"   // the HTTP proxy refused CONNECT (403, 5xx, …)
	ProxyBroken       Failure = "proxy-broken"    // the HTTP proxy answered something that is not HTTP
	TLSUnknownAuth    Failure = "tls-unknown-authority"
	TLSExpired        Failure = "tls-expired"        // a certificate is outside its validity
	TLSWrongHost      Failure = "tls-wrong-host"     // the certificate is for another name
	TLSError          Failure = "tls-error"          // handshake failed otherwise
	HTTPTimeout       Failure = "http-timeout"       // connected, but no answer in time
	HTTPStatus        Failure = "http-status"        // an answer other than 200 where 200 was needed
	NotAModuleProxy   Failure = "not-a-module-proxy" // 200, but an HTML page or a malformed body
	NotFound          Failure = "not-found"          // 404/410: "not here, maybe elsewhere"
	Canceled          Failure = "canceled"           // the probe was canceled or its time ran out
	UnsupportedScheme Failure = "unsupported-scheme" // a socks5 or file:// route the probe does not try
	// InsecureCredentials: a plain http:// GOPROXY URL with user info. The go command refuses to
	// send the request ("refusing to pass credentials to insecure URL"), so the probe does too.
	InsecureCredentials Failure = "insecure-credentials"
	NotAsked            Failure = "not-asked" // a module query not sent: over the limit, or an invalid path
)

// Stage is the outcome of one stage of a contact.
type Stage struct {
	Stage   StageName `json:"stage"`
	OK      bool      `json:"ok"`
	MS      int64     `json:"ms"`
	Detail  string    `json:"detail"`            // what happened, redacted: "1 address: 142.250.1.1", "401 Unauthorized"
	Failure Failure   `json:"failure,omitempty"` // why it failed
}

// Cert is a certificate of a presented chain, as a user reads it.
type Cert struct {
	Subject  string `json:"subject"`
	Issuer   string `json:"issuer"`
	NotAfter string `json:"notAfter"` // RFC 3339
}

// TLSInfo is what the TLS stage learned, also when it failed.
type TLSInfo struct {
	Chain []Cert `json:"chain,omitempty"` // as the server presented it, leaf first
	// Verified is true when the chain verifies with the roots of the context (the system roots,
	// or SSL_CERT_FILE / SSL_CERT_DIR where the go command reads them).
	Verified bool `json:"verified"`
	// Public is true when the chain verifies with the public Web PKI roots
	// (golang.org/x/crypto/x509roots/fallback); false for a corporate or intercepting CA.
	Public bool `json:"public"`
	// Root is the subject of the root the chain verified to, when it did.
	Root string `json:"root,omitempty"`
}

// Target is one URL the go command contacts, and the route it takes there.
type Target struct {
	// URL is what is requested (redacted in output): a proxy's base URL, a sumdb's base URL
	// (https://sum.golang.org or <proxy>/sumdb/<name>), or the HTTP proxy itself.
	URL  string `json:"url"`
	Role Role   `json:"role"`
	// Via is the HTTP(S)_PROXY the request goes through, "" for a direct connection.
	Via string `json:"via,omitempty"`
	// Index is the position of a proxy in the GOPROXY list (0-based); Separator is what follows
	// it: "," (next entry only after 404/410), "|" (after any error) or "" (last).
	Index     int    `json:"index"`
	Separator string `json:"separator,omitempty"`
	// SumDB is the checksum database name for RoleSumDB targets ("sum.golang.org").
	SumDB string `json:"sumdb,omitempty"`
	// Module and Version are what the protocol stage asks for: a well-known public module for a
	// proxy (its @v/list), a lookup for a sumdb.
	Module  string `json:"module,omitempty"`
	Version string `json:"version,omitempty"`
}

// Result is a probed target: its stages in order, up to the first failure.
type Result struct {
	Target
	Stages []Stage   `json:"stages"`
	TLS    *TLSInfo  `json:"tls,omitempty"`
	Status int       `json:"status,omitempty"` // the HTTP status of the protocol request
	Failed StageName `json:"failed,omitempty"` // the stage that failed, "" when all passed
	// Check is the check id the failure maps to (dns-failure, tcp-failure, …), "" when it does
	// not make downloads fail (a proxy that 404s a module the next entry serves).
	Check string `json:"check,omitempty"`
	// Note says why a failure does not count, when it does not (see Assess).
	Note string `json:"note,omitempty"`
}

// OK reports whether every stage passed.
func (r *Result) OK() bool { return r.Failed == "" }

// Last is the last stage run (the failed one when the contact failed).
func (r *Result) Last() *Stage {
	if len(r.Stages) == 0 {
		return nil
	}
	return &r.Stages[len(r.Stages)-1]
}

// ModuleQuery is a module the probe asks the module proxies about: a go.mod or go.work
// requirement that no GONOPROXY/GOPRIVATE pattern covers. Version "" asks for the version list.
type ModuleQuery struct {
	Path    string `json:"path"`
	Version string `json:"version,omitempty"`
}

// ModuleAnswer is what one module proxy answered to one ModuleQuery
// (<proxy>/<path>/@v/<version>.info, or @v/list without a version).
type ModuleAnswer struct {
	Path    string `json:"path"`
	Version string `json:"version,omitempty"`
	// Proxy is the GOPROXY entry asked, redacted; "" when the query was not sent to any.
	Proxy string `json:"proxy"`
	// Status is the HTTP status of the answer, 0 when there was none.
	Status int `json:"status,omitempty"`
	// Failure says why the answer is not a usable 200: NotFound for 404/410, HTTPStatus for
	// another status, a transport failure, InsecureCredentials or NotAsked when nothing was sent.
	Failure Failure `json:"failure,omitempty"`
	Detail  string  `json:"detail"` // what happened, redacted: "404 Not Found: server response: …"
}
