module example.test/hostile

// A toolchain switch: with GOTOOLCHAIN=auto any go command run in this folder would download
// go1.99.0 from GOPROXY (golang.org/toolchain@v0.0.1-go1.99.0.<os>-<arch>).
go 1.99

toolchain go1.99.0
