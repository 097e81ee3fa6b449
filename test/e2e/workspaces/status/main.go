package main

import "fmt"

func main() {
	fmt.Println("status fixture for the Go Env Doctor end-to-end tests")
}
