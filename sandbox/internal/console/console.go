// Package console serves the sandbox console: pages in the browser for a
// sandbox's payments, clock and webhook deliveries, and a playground that
// validates and sends request bodies.
//
// The pages are rendered on the server with html/template; their style
// sheet and one small script are embedded in the binary, so nothing is
// fetched from elsewhere. Every read-only page works without the script,
// which only adds conveniences: selecting the text a problem points at,
// filtering the operation list and keeping the webhook log current.
//
// The console knows the sandbox only through Backend. Its forms refuse
// cross-origin posts (Sec-Fetch-Site and Origin) and posts without the
// console's own token.
package console

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// Prefix is the path the console is served under.
const Prefix = "/console"

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/console.css assets/console.js
var assetFiles embed.FS

// Console serves the console's pages. Build one with New; it is safe for
// concurrent use.
type Console struct {
	backend Backend
	pages   map[string]*template.Template
	ops     []Operation
	opByID  map[string]Operation
	token   string // the same-origin token every form carries
	protect *http.CrossOriginProtection
	mux     *http.ServeMux

	// streams bounds the webhook streams open at once.
	streams        chan struct{}
	streamEvery    time.Duration // how often a stream looks for changes
	streamLifetime time.Duration // how long one stream stays open
}

// Option configures a Console.
type Option func(*Console)

// WithStreamTiming sets how often the webhook log's stream looks for new
// deliveries and how long one stream stays open before the browser is
// asked to reconnect (defaults: one second and 50 seconds).
func WithStreamTiming(every, lifetime time.Duration) Option {
	return func(c *Console) { c.streamEvery, c.streamLifetime = every, lifetime }
}

// maxStreams bounds the webhook streams open at once.
const maxStreams = 8

// New builds a console over a backend.
func New(b Backend, opts ...Option) (*Console, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	c := &Console{backend: b, token: base64.RawURLEncoding.EncodeToString(secret),
		protect: http.NewCrossOriginProtection(), streams: make(chan struct{}, maxStreams),
		streamEvery: time.Second, streamLifetime: 50 * time.Second}
	for _, o := range opts {
		o(c)
	}
	var err error
	if c.pages, err = parsePages(); err != nil {
		return nil, err
	}
	c.ops, c.opByID = sortedOperations(b.Operations())
	c.mux = c.routes()
	return c, nil
}

// ServeHTTP serves the console's paths, under Prefix.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	c.mux.ServeHTTP(w, r)
}

func (c *Console) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix, c.home)
	mux.HandleFunc("GET "+Prefix+"/{$}", c.home)
	mux.HandleFunc("GET "+Prefix+"/payments", c.paymentList)
	mux.HandleFunc("GET "+Prefix+"/payments/{id}", c.paymentPage)
	mux.HandleFunc("GET "+Prefix+"/webhooks", c.webhookLog)
	mux.HandleFunc("GET "+Prefix+"/webhooks/stream", c.webhookStream)
	mux.HandleFunc("GET "+Prefix+"/clock", c.clockPage)
	mux.HandleFunc("POST "+Prefix+"/clock", c.guarded(c.moveClock))
	mux.HandleFunc("POST "+Prefix+"/reset", c.guarded(c.reset))
	mux.HandleFunc("GET "+Prefix+"/playground", c.playground)
	mux.HandleFunc("POST "+Prefix+"/playground", c.guarded(c.playgroundPost))
	assets, _ := fs.Sub(assetFiles, "assets")
	mux.Handle("GET "+Prefix+"/assets/", http.StripPrefix(Prefix+"/assets/", cached(http.FileServerFS(assets))))
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, http.StatusNotFound, "There is no console page here.")
	})
	return mux
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, Prefix+"/payments", http.StatusSeeOther)
}

// cached lets browsers keep the embedded assets for an hour; the folder
// itself is not listed.
func cached(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// maxForm bounds a posted form: a body of up to a mebibyte and its
// parameters.
const maxForm = 2 << 20

// guarded refuses a post that comes from another origin or lacks the
// console's token, and reads the bounded form of one that passes.
func (c *Console) guarded(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := c.protect.Check(r); err != nil {
			c.fail(w, r, http.StatusForbidden, "The console refuses forms posted from other sites.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			c.fail(w, r, http.StatusBadRequest, "The form could not be read (it may be too large).")
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(c.token)) != 1 {
			c.fail(w, r, http.StatusForbidden, "The form has no valid console token; reload the page and try again.")
			return
		}
		next(w, r)
	}
}

// view is what every page template is given.
type view struct {
	Title  string
	Active string // the navigation entry of the page
	Clock  ClockState
	Token  string
	Prefix string
	Data   any
}

// page renders a page template into a buffer first, so that a failure
// answers 500 rather than half a page.
func (c *Console) page(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	clock, err := c.backend.Clock(r.Context())
	if err != nil {
		clock = ClockState{}
	}
	var buf bytes.Buffer
	v := view{Title: title, Active: name, Clock: clock, Token: c.token, Prefix: Prefix, Data: data}
	if err := c.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		http.Error(w, "the console could not render this page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail answers with the error page.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c.page(w, r, status, "error", http.StatusText(status), msg)
}

// failBackend answers a backend error: not found, or the sandbox's own
// failure.
func (c *Console) failBackend(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrNotFound) {
		c.fail(w, r, http.StatusNotFound, "The sandbox has no payment with this id.")
		return
	}
	c.fail(w, r, http.StatusInternalServerError, "The sandbox could not answer: "+err.Error())
}
