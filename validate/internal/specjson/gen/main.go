// Command gen writes the prepared form of each embedded spec (finzly.json,
// redpin.json; see specjson.Prepare) into the current directory. It runs through `go generate`
// from validate/internal/specjson.
package main

import (
	"fmt"
	"os"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate/internal/specjson"
)

func main() {
	for _, p := range api.Providers() {
		doc, _ := api.Spec(p)
		out, err := specjson.Prepare(doc)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", p, err)
			os.Exit(1)
		}
		if err := os.WriteFile(string(p)+".json", out, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
