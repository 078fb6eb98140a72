package main

import (
	"fmt"
	"os"
)

func ExampleMain() {
	noEnv := func(string) (string, bool) { return "", false }
	code := Main([]string{"run", "testdata/scenarios/pass.yaml"}, os.Stdout, os.Stderr, noEnv)
	fmt.Println("exit status", code)
	// Output:
	// PASS testdata/scenarios/pass.yaml (cli-pass, 5 steps)
	//
	// 1 scenario, 1 passed, 0 failed (5 steps, 0 failed)
	// exit status 0
}
