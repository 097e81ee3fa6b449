package main

import "fmt"

func main() {
	fmt.Println("stale-gopls fixture for the Go Env Doctor end-to-end tests")
}
