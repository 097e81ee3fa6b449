// The debuggee of the e2e scenario "debug": it runs until the debug session stops it, so the
// test can read its environment from /proc while it runs.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Println("debug fixture: GOPROXY =", os.Getenv("GOPROXY"))
	for {
		time.Sleep(time.Second)
	}
}
