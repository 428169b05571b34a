package sandbox

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// clockRequest is the body of POST /_sandbox/clock: one of the two.
type clockRequest struct {
	Today   string `json:"today,omitempty"`   // YYYY-MM-DD
	Advance string `json:"advance,omitempty"` // a Go duration such as 48h or 90m
}

// clockAnswer describes the sandbox clock.
type clockAnswer struct {
	Now    time.Time `json:"now"`
	Today  string    `json:"today"`
	Offset string    `json:"offset"`
}

func (s *Sandbox) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+ControlPrefix+"/clock", s.getClock)
	mux.HandleFunc("POST "+ControlPrefix+"/clock", s.setClock)
	mux.HandleFunc("POST "+ControlPrefix+"/reset", s.reset)
	mux.HandleFunc("GET "+ControlPrefix+"/payments/{id}/events", s.paymentEvents)
	mux.HandleFunc("GET "+ControlPrefix+"/webhooks", s.webhookLog)
	s.controlListRoutes(mux)
	for _, p := range s.providers {
		p.Controls(mux)
	}
	mux.HandleFunc(ControlPrefix+"/", func(w http.ResponseWriter, r *http.Request) {
		respond.ControlError(w, http.StatusNotFound, "no such control; GET / lists them")
	})
	mux.HandleFunc("GET /{$}", s.index)
}

func (s *Sandbox) clockState() clockAnswer {
	c := s.env.Clock
	return clockAnswer{Now: c.Now(), Today: c.Today().Format(time.DateOnly), Offset: c.Offset().String()}
}

func (s *Sandbox) getClock(w http.ResponseWriter, _ *http.Request) {
	respond.WriteJSON(w, http.StatusOK, s.clockState())
}

func (s *Sandbox) setClock(w http.ResponseWriter, r *http.Request) {
	var req clockRequest
	if err := respond.DecodeControl(w, r, &req); err != nil {
		respond.ControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	err := s.changeClock(r, req)
	if err != nil {
		respond.ControlError(w, clockRefusal(err), err.Error())
		return
	}
	respond.WriteJSON(w, http.StatusOK, s.clockState())
}

func (s *Sandbox) changeClock(r *http.Request, req clockRequest) error {
	switch {
	case (req.Today == "") == (req.Advance == ""):
		return fmt.Errorf(`give exactly one of "today" (YYYY-MM-DD) and "advance" (such as "48h")`)
	case req.Today != "":
		day, err := ParseDate(req.Today)
		if err != nil {
			return err
		}
		return s.SetToday(r.Context(), day)
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil {
		return fmt.Errorf(`"advance" must be a duration such as "48h" or "90m"`)
	}
	return s.Advance(r.Context(), d)
}

func (s *Sandbox) reset(w http.ResponseWriter, r *http.Request) {
	if err := s.Reset(r.Context()); err != nil {
		respond.ControlError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Sandbox) paymentEvents(w http.ResponseWriter, r *http.Request) {
	s.catchUp(r.Context())
	events, ok := s.Events(r.PathValue("id"))
	if !ok {
		respond.ControlError(w, http.StatusNotFound, "no payment with this id")
		return
	}
	respond.WriteJSON(w, http.StatusOK, map[string]any{"payment": r.PathValue("id"), "events": events})
}

func (s *Sandbox) webhookLog(w http.ResponseWriter, _ *http.Request) {
	respond.WriteJSON(w, http.StatusOK, map[string]any{"deliveries": s.Deliveries()})
}

// indexPage is the page GET / shows.
var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>payspec sandbox</title></head>
<body>
<h1>payspec sandbox</h1>
<p><a href="/console/">Open the console</a>: payments, webhooks, the clock and a validation playground.</p>
<p>Sandbox time: {{.Clock.Now.Format "2006-01-02 15:04:05 MST"}} (today {{.Clock.Today}}).</p>
<h2>Base URLs and credentials</h2>
<ul>
<li>Finzly: <code>{{.Base}}/finzly</code>, token endpoint <code>{{.Base}}/finzly{{.FinzlyToken}}</code></li>
<li>Redpin: <code>{{.Base}}/redpin</code>, token endpoint <code>{{.Base}}/redpin{{.RedpinToken}}</code></li>
<li>{{if .NoAuth}}Authentication is off: no token is needed.{{else}}OAuth 2.0 client credentials:{{range .Clients}} client id <code>{{.ID}}</code>, secret {{if .Secret}}<code>{{.Secret}}</code>{{else}}as configured (not shown){{end}};{{end}} send the token as <code>Authorization: Bearer ...</code>.{{end}}</li>
</ul>
<h2>Controls</h2>
<p>{{.Access}}</p>
<ul>
<li><code>POST /_sandbox/clock</code> with <code>{"today": "YYYY-MM-DD"}</code> or <code>{"advance": "48h"}</code>; <code>GET /_sandbox/clock</code></li>
<li><code>POST /_sandbox/reset</code> forgets every resource</li>
<li><code>GET /_sandbox/payments/{id}/events</code> lists a payment's status changes</li>
<li><code>GET /_sandbox/webhooks</code> is the webhook delivery log</li>
<li><code>GET /_sandbox</code> lists the controls as JSON; <code>GET /_sandbox/payments?provider=&amp;status=&amp;rail=&amp;reference=&amp;page=&amp;limit=</code> lists both providers' payments, newest first; <code>GET /_sandbox/health</code> is the health check</li>
<li><code>POST /_sandbox/finzly/incoming-payments</code> with <code>{"externalReferenceId", "paymentAmount", "deliveryMethod", ...}</code> books a payment the bank received (PROCESSED), which can then be returned</li>
<li><code>GET /_sandbox/redpin/sessions/{id}</code> stands in for a Redpin hosted session's page (its <code>session_url</code>); <code>POST /_sandbox/redpin/sessions/{id}/pay</code> pays through it as the third party would</li>
<li>Header <code>Payspec-Sandbox-Fault: 401|403|404|409|422|429|500|503|timeout</code> makes one request fail as the provider would, changing nothing</li>
</ul>
<h2>Operations</h2>
<table>
<tr><th>provider</th><th>operation</th><th>method</th><th>path</th></tr>
{{range .Operations}}<tr><td>{{.Provider}}</td><td>{{.ID}}</td><td>{{.Method}}</td><td>/{{.Provider}}{{.Path}}</td></tr>
{{end}}</table>
</body></html>
`))

func (s *Sandbox) index(w http.ResponseWriter, r *http.Request) {
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	var ops []any
	for _, op := range s.engine.Operations() {
		if !op.Webhook {
			ops = append(ops, op)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexPage.Execute(w, map[string]any{
		"Base": strings.TrimSuffix(base, "/"), "Clock": s.clockState(), "NoAuth": s.cfg.noAuth,
		"Clients": s.shownClients(), "Operations": ops, "Access": s.accessSummary(),
		"FinzlyToken": FinzlyTokenPath, "RedpinToken": RedpinTokenPath,
	})
}

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sandbox: %q is not a date written YYYY-MM-DD", s)
	}
	return d, nil
}
