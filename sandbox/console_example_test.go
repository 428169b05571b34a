package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/payspec/payspec/sandbox"
)

// The console is part of the sandbox's handler, under /console/: open it
// in a browser at the address the sandbox serves on.
func ExampleSandbox_Handler_console() {
	sb, err := sandbox.New()
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/console/playground?op=createCreditPaymentV4&example=achSenderInCrm")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(strings.Contains(string(page), "&#34;paymentCurrency&#34;: &#34;USD&#34;"))
	// Output:
	// 200 text/html; charset=utf-8
	// true
}
