package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// These tests drive the console in headless Chromium through the
// journeys a tester makes, against a real sandbox. One browser serves
// every test of the package; each test has its own tabs, and the tests run
// side by side. They save a screenshot of each kind of page at 1280 and
// 390 pixels wide in $PAYSPEC_SCREENSHOTS, or in the test's temporary
// directory.

// installHint says what to install where no browser is found.
const installHint = "the browser tests need Chromium: apt-get install chromium (or set PAYSPEC_CHROMIUM to a Chromium or Chrome binary)"

var browser struct {
	once sync.Once
	ctx  context.Context
	err  error
	stop func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.stop != nil {
		browser.stop()
	}
	os.Exit(code)
}

// chromiumPath finds a Chromium or Chrome binary: $PAYSPEC_CHROMIUM, or
// one on the PATH.
func chromiumPath() string {
	if p := os.Getenv("PAYSPEC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts the package's browser, headless, with a fresh
// profile and nothing that reaches the network on its own.
func startBrowser(path string) {
	dir, err := os.MkdirTemp("", "payspec-chromium-")
	if err != nil {
		browser.err = err
		return
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	ctx, cancel := chromedp.NewContext(alloc)
	browser.ctx, browser.err = ctx, chromedp.Do(ctx)
	browser.stop = func() {
		cancel()
		cancelAlloc()
		_ = os.RemoveAll(dir)
	}
}

// tab is one browser tab of a test.
type tab struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

// newTab opens a tab in the package's browser, skipping the test where
// no browser is installed (and failing it on CI, which installs one).
func newTab(t *testing.T) *tab {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(installHint)
		}
		t.Skip(installHint)
	}
	browser.once.Do(func() { startBrowser(path) })
	require.NoError(t, browser.err, "starting %s", path)
	ctx, cancel := chromedp.NewContext(browser.ctx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	shots := os.Getenv("PAYSPEC_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	return &tab{t: t, ctx: ctx, shots: shots}
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Do(b.ctx, steps...))
}

// follow runs a step that loads a new page (a click on a link or a
// button that submits a form) and waits for the page's load.
func (b *tab) follow(step chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, step))
	require.NoError(b.t, err)
}

func (b *tab) text(id string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID(id)))
	require.NoError(b.t, err)
	return s
}

func (b *tab) value(id string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID(id)))
	require.NoError(b.t, err)
	return s
}

func eval[T any](b *tab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	require.NoError(b.t, err)
	return v
}

// waitFor waits until a JavaScript condition holds.
func (b *tab) waitFor(js string) {
	b.t.Helper()
	b.do(chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(15*time.Second)))
}

// shoot saves the page at both widths, and checks that at the phone's
// width nothing is wider than the screen.
func (b *tab) shoot(name string) {
	b.t.Helper()
	for _, width := range []int64{1280, 390} {
		b.do(chromedp.EmulateViewport(width, 900))
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		require.NoError(b.t, err)
		require.NoError(b.t, os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644))
		if width == 390 {
			fits := eval[bool](b, `document.documentElement.scrollWidth <= document.documentElement.clientWidth`)
			assert.True(b.t, fits, "%s: the page is wider than a 390 px screen", name)
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))
}

// setBody replaces the playground's body, as a tester editing it would.
func (b *tab) setBody(text string) { b.do(chromedp.SetValue(chromedp.ID("body"), text)) }

// loadExample opens an operation in the playground and loads the example
// of that name.
func (b *tab) loadExample(base, op, example string) string {
	b.t.Helper()
	b.do(chromedp.Navigate(base+"/console/playground?op="+op), chromedp.WaitVisible(chromedp.ID("load-example")),
		chromedp.SetValue(chromedp.ID("example"), example))
	b.follow(chromedp.Click(chromedp.ID("load-example")))
	return b.value("body")
}

// startSandbox runs a sandbox whose webhooks go to a receiver that takes
// them all.
func startSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(receiver.Close)
	return sandbox.Start(t, sandbox.WithWebhookURLs(receiver.URL))
}

// nextBusinessDay is the first business day after the sandbox's today.
func nextBusinessDay(t testing.TB, sb *sandbox.Server) fedcal.Date {
	t.Helper()
	checker, err := rules.New(nil)
	require.NoError(t, err)
	return checker.Calendar().BusinessDayOnOrAfter(fedcal.DateOf(sb.Clock().Now()).AddDays(1))
}

func TestBrowserFinzlyPaymentJourney(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	b := newTab(t)

	b.do(chromedp.Navigate(sb.URL + "/"))
	b.follow(chromedp.Click(chromedp.CSS(`a[href="/console/"]`)))
	b.do(chromedp.WaitVisible(chromedp.ID("payment-count")))

	// Find the operation by typing: the list narrows to it.
	b.follow(chromedp.Click(chromedp.CSS(`nav a[href="/console/playground"]`)))
	b.do(chromedp.SendKeys(chromedp.ID("op-search"), "CreditPaymentV4"))
	shown := eval[[]string](b, `[...document.querySelectorAll("#op-list li[data-op]:not([hidden]) .op")].map(e => e.textContent)`)
	assert.Equal(t, []string{"createCreditPaymentV4"}, shown)
	b.follow(chromedp.Click(chromedp.CSS(`#op-list li:not([hidden]) a`)))
	b.follow(chromedp.Click(chromedp.ID("load-example")))
	example := b.value("body")
	require.Contains(t, example, `"paymentCurrency": "USD"`)

	// The example is dated for a day its authors chose; the tester moves
	// it to the sandbox's next business day, and breaks the currency.
	payDay := nextBusinessDay(t, sb)
	dated := replaceMember(t, example, "paymentDate", fmt.Sprintf(`"%02d-%02d-%d"`, payDay.Month, payDay.Day, payDay.Year))
	broken := strings.Replace(dated, `"paymentCurrency": "USD"`, `"paymentCurrency": "US"`, 1)
	b.setBody(broken)
	b.follow(chromedp.Click(chromedp.ID("validate")))
	problems := b.text("problem-list")
	line := strings.Count(broken[:strings.Index(broken, `"paymentCurrency"`)], "\n") + 1
	assert.Contains(t, problems, "MIN_LENGTH")
	assert.Contains(t, problems, "/paymentCurrency")
	assert.Contains(t, problems, fmt.Sprintf("line %d, column 3", line))
	b.shoot("playground-problem")

	// The problem, chosen from the keyboard, selects the offending text.
	b.do(chromedp.Focus(chromedp.CSS(`#problem-list a.problem`)), pressEnter())
	selected := eval[string](b, `(() => { const t = document.getElementById("body");
		return document.activeElement === t ? t.value.substring(t.selectionStart, t.selectionEnd) : "(not focused)"; })()`)
	assert.Equal(t, `"paymentCurrency": "US"`, selected)
	assert.Equal(t, broken, b.value("body"), "the body is as it was")

	// Fixed, it is sent; the answer links to the payment.
	b.setBody(dated)
	b.follow(chromedp.Click(chromedp.ID("send")))
	assert.Contains(t, b.text("answer-h"), "200 OK")

	// A second tab keeps the webhook log open while the clock moves.
	hooks := newTab(t)
	hooks.do(chromedp.Navigate(sb.URL + "/console/webhooks"))
	hooks.waitFor(`document.getElementById("live").classList.contains("on")`)

	b.follow(chromedp.Click(chromedp.ID("payment-link")))
	id := strings.TrimPrefix(eval[string](b, `location.pathname`), "/console/payments/")
	assert.Contains(t, b.text("payment-status"), "FUTURE_DATED")

	// The clock goes a week past the payment date: the payment settles.
	after := payDay.AddDays(7)
	b.follow(chromedp.Click(chromedp.CSS(`nav a[href="/console/clock"]`)))
	b.do(chromedp.SetValue(chromedp.ID("clock-date"), after.String()))
	b.follow(chromedp.Click(chromedp.ID("advance-date")))
	moved := b.text("moved-payments")
	assert.Contains(t, moved, id)
	assert.Contains(t, moved, "TRANSMITTED_TO_FED → PROCESSED")
	assert.Contains(t, b.text("clock-today"), after.String())
	b.shoot("clock")

	b.follow(chromedp.Click(chromedp.CSS(`#moved-payments a.id`)))
	assert.Contains(t, b.text("timeline"), "PROCESSED")
	assert.Contains(t, b.text("payment-status"), "PROCESSED")
	b.waitFor(`document.getElementById("payment-webhooks") !== null`)
	b.shoot("payment-processed")

	// The open webhook log showed the delivery without a reload.
	hooks.waitFor(`[...document.querySelectorAll("#delivery-log tbody tr")].some(r =>
		r.textContent.includes("PROCESSED") && r.textContent.includes("delivered") && r.textContent.includes(` + jsString(id) + `))`)
	assert.Contains(t, hooks.text("live"), "Live")
	hooks.shoot("webhooks")

	b.do(chromedp.Navigate(sb.URL + "/console/payments?provider=finzly"))
	assert.Contains(t, b.text("payments"), id)
	b.shoot("payments")
}

func TestBrowserRedpinPaymentThroughConfirmationOfPayee(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	b := newTab(t)

	// A recipient whose name the sandbox's Confirmation of Payee finds a
	// close match.
	recipient := decode(t, b.loadExample(sb.URL, "createRecipient", "copRetry"))
	recipient["name"] = "Jane Whitfield close match"
	delete(recipient, "confirm_recipient")
	b.setBody(encode(t, recipient))
	b.do(chromedp.SetValue(chromedp.ID("param-customer_id"), "CUST-1"))
	b.follow(chromedp.Click(chromedp.ID("send")))
	require.Contains(t, b.text("answer-h"), "201 Created", b.text("answer-body"))
	recipientID, _ := decode(t, b.text("answer-body"))["recipient_id"].(string)
	require.NotEmpty(t, recipientID)

	// Paying it is refused with the check's answer.
	pay := decode(t, b.loadExample(sb.URL, "createPayment", "copVopRetry"))
	delete(pay, "confirm_recipient")
	pay["recipient_details"].([]any)[0].(map[string]any)["recipient_id"] = recipientID
	b.setBody(encode(t, pay))
	b.do(chromedp.SetValue(chromedp.ID("param-customer_id"), "CUST-1"))
	b.follow(chromedp.Click(chromedp.ID("send")))
	assert.Contains(t, b.text("answer-h"), "400 Bad Request")
	refusal := decode(t, b.text("answer-body"))
	assert.Equal(t, "ANNM", refusal["code"])
	check, ok := refusal["recipient_check"].(map[string]any)
	require.True(t, ok, "the refusal carries the check")
	b.shoot("playground-cop-refused")

	// The payer confirms, quoting the check: the payment is made.
	pay["confirm_recipient"] = map[string]any{"request_identifier": check["request_identifier"],
		"event_id": check["event_id"], "customer_action": "OVERRIDE"}
	b.setBody(encode(t, pay))
	b.follow(chromedp.Click(chromedp.ID("send")))
	assert.Contains(t, b.text("answer-h"), "201 Created")
	b.follow(chromedp.Click(chromedp.ID("payment-link")))
	assert.Contains(t, b.text("payment-status"), "PROCESSING")
	assert.Contains(t, b.text("main"), "redpin")
	b.shoot("payment-redpin")
}

// TestBrowserConsoleWithAControlToken: a sandbox given a control token
// refuses the console until the browser shows the token once in the
// address; the cookie it gets then, out of the page's reach, opens the
// pages and carries the forms.
func TestBrowserConsoleWithAControlToken(t *testing.T) {
	t.Parallel()
	const token = "browser-test-control-token"
	sb := sandbox.Start(t, sandbox.WithControlToken(token))
	b := newTab(t)

	b.do(chromedp.Navigate(sb.URL + "/console/clock"))
	refusal := eval[string](b, `document.body.innerText`)
	assert.Contains(t, refusal, "control token")
	assert.Contains(t, refusal, "/console/?token=")

	b.do(chromedp.Navigate(sb.URL+"/console/clock?token="+token), chromedp.WaitVisible(chromedp.ID("advance-hour")))
	assert.Equal(t, "/console/clock", eval[string](b, `location.pathname + location.search`), "the token is gone from the address")
	assert.Empty(t, eval[string](b, `document.cookie`), "the page cannot read the cookie")

	b.follow(chromedp.Click(chromedp.ID("advance-hour")))
	assert.Contains(t, b.text("moved"), "No payment changed status.", "the form went through with the cookie")
	assert.NotContains(t, eval[string](b, `document.documentElement.outerHTML`), token)
}

// pressEnter presses Enter as a keyboard does: one key-down carrying its
// text, so that a key-down whose default is cancelled types nothing, then
// the key-up.
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter",
			WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter",
			WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		for _, ev := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// replaceMember sets a top-level member of an indented JSON text to a
// JSON value, keeping the rest as it is written.
func replaceMember(t *testing.T, text, name, value string) string {
	t.Helper()
	key := `"` + name + `": `
	at := strings.Index(text, key)
	require.GreaterOrEqual(t, at, 0, "the example has %s", name)
	end := at + len(key) + strings.IndexAny(text[at+len(key):], ",\n")
	return text[:at+len(key)] + value + text[end:]
}

func decode(t testing.TB, text string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber() // amounts stay as written
	var m map[string]any
	require.NoError(t, dec.Decode(&m), text)
	return m
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return string(b) + "\n"
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
