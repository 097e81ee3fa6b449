package main

import "fmt"

func main() {
	fmt.Println("override fixture for the Go Env Doctor end-to-end tests")
}
