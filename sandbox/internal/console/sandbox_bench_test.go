package console_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/internal/console"
)

// BenchmarkPagesSandbox serves each console page of a real sandbox
// holding 10,000 settled payments (7,000 Finzly credits and 3,000 Redpin
// payments, made through the sandbox's API) and the last 10,000
// deliveries of their webhooks.
func BenchmarkPagesSandbox(b *testing.B) {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	b.Cleanup(receiver.Close)
	sb := sandbox.Start(b, sandbox.WithWebhookURLs(receiver.URL))
	first := seedPayments(b, sb, console.BenchPayments)
	pages := console.ConsolePages(first, consoleToken(b, sb))
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		b.Run(name, func(b *testing.B) { console.BenchPage(b, sb.Handler(), pages[name]) })
	}
}

// seedPayments makes n payments through the sandbox's API, two at a
// time, and returns the id of the first.
func seedPayments(b *testing.B, sb *sandbox.Server, n int) string {
	b.Helper()
	ctx := context.Background()
	payDay := nextBusinessDayOf(b, sb)
	rec, err := postJSON(ctx, sb.RedpinHTTP, sb.RedpinURL+"/v2/customers/CUST-1/recipients",
		`{"name":"Cascade Steel Supply","type":"Corporate","country_code":"GBR","customer_own_account":"no",
		"address":{"address_line":"1 High Street","city":"London"},
		"recipient_bank_details":{"currency":"GBP","iban":"GB33BUKB20201555555555"}}`)
	require.NoError(b, err)
	recipient := rec["recipient_id"]
	var wg sync.WaitGroup
	ids, errs := make([]string, n), make([]error, 2)
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += 2 {
				ids[i], errs[w] = seedOne(ctx, sb, i, payDay, fmt.Sprint(recipient))
			}
		})
	}
	wg.Wait()
	require.NoError(b, errors.Join(errs...))
	// Every payment settles before the pages are timed, so that moving
	// the clock is timed as the console's work, not as the sandbox moving
	// thousands of payments at once; and the webhooks, which go out in
	// the background, have gone out.
	require.NoError(b, sb.Advance(ctx, 7*24*time.Hour))
	require.Eventually(b, func() bool {
		for _, d := range sb.Deliveries() {
			if d.State == "pending" {
				return false
			}
		}
		return true
	}, 5*time.Minute, 100*time.Millisecond)
	return ids[0]
}

// seedOne makes payment i: a Finzly v4 credit, or every tenth and third
// a Redpin payment.
func seedOne(ctx context.Context, sb *sandbox.Server, i int, payDay, recipient string) (string, error) {
	if i%10 < 3 {
		body := fmt.Sprintf(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":250.00},
			"client_reference_id":"PO-%05d","recipient_details":[{"recipient_id":%q,"amount":{"currency":"GBP","value":250.00}}]}`, i, recipient)
		ans, err := postJSON(ctx, sb.RedpinHTTP, sb.RedpinURL+"/v3/customers/CUST-1/payments", body)
		return fmt.Sprint(ans["payment_id"]), err
	}
	body := fmt.Sprintf(`{"externalReferenceId":"INV-%05d","paymentAmount":2450.00,"paymentCurrency":"USD","paymentDate":%q,
		"speed":"Economy","paymentNotes":"Payroll","sender":{"accountUID":100245},"receiver":{"beneficiaryId":88231},
		"additionalInfo":{"secCode":"PPD"}}`, i, payDay)
	ans, err := postJSON(ctx, sb.FinzlyHTTP, sb.FinzlyURL+"/v4/payments/credit", body)
	data, _ := ans["data"].(map[string]any)
	return fmt.Sprint(data["paymentUID"]), err
}

// postJSON posts a JSON body and decodes a successful answer.
func postJSON(ctx context.Context, client *http.Client, url, body string) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var ans map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s answered %d: %v %v", url, resp.StatusCode, ans, err)
	}
	return ans, nil
}

// nextBusinessDayOf is the sandbox's next business day, as Finzly writes
// dates.
func nextBusinessDayOf(b *testing.B, sb *sandbox.Server) string {
	d := nextBusinessDay(b, sb)
	return fmt.Sprintf("%02d-%02d-%d", d.Month, d.Day, d.Year)
}

// consoleToken reads the console's form token from its clock page.
func consoleToken(b *testing.B, sb *sandbox.Server) string {
	b.Helper()
	rec := httptest.NewRecorder()
	sb.Handler().ServeHTTP(rec, console.FromLoopback(httptest.NewRequest(http.MethodGet, "/console/clock", nil)))
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	require.NotNil(b, m, "the clock page carries the token")
	return m[1]
}
