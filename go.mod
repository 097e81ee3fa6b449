module github.com/go-env-doctor/go-env-doctor

go 1.26.0

require (
	github.com/tailscale/hujson v0.0.0-20260727124030-b80ff77dac4f
	golang.org/x/mod v0.42.0
	golang.org/x/net v0.62.0
	golang.org/x/term v0.47.0
)

require golang.org/x/sys v0.49.0 // indirect
