package console

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"
)

// pageNames are the pages, each a template file laid into the layout.
var pageNames = []string{"payments", "payment", "webhooks", "clock", "playground", "error"}

// parsePages builds one template set per page: the layout, the page, and
// the shared pieces.
func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the helpers the templates use.
var funcs = template.FuncMap{
	"stamp":       stamp,
	"iso":         func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"latency":     latency,
	"offset":      offset,
	"statusClass": statusClass,
	"statusText":  http.StatusText,
	"count":       plural,
	"lastAttempt": func(as []Attempt) *Attempt {
		if len(as) == 0 {
			return nil
		}
		return &as[len(as)-1]
	},
}

// stamp writes a sandbox time in the sandbox's zone, to the second.
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// latency writes a duration in milliseconds.
func latency(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	if d < time.Millisecond {
		return "<1 ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// offset writes how far the sandbox is from the wall clock in days,
// hours and minutes.
func offset(d time.Duration) string {
	if d < time.Minute && d > -time.Minute {
		return "less than a minute"
	}
	sign := ""
	if d < 0 {
		sign, d = "minus ", -d
	}
	days, rest := d/(24*time.Hour), d%(24*time.Hour)
	var parts []string
	if days > 0 {
		parts = append(parts, plural(int(days), "day"))
	}
	if h := rest / time.Hour; h > 0 {
		parts = append(parts, plural(int(h), "hour"))
	}
	if m := (rest % time.Hour) / time.Minute; m > 0 {
		parts = append(parts, plural(int(m), "minute"))
	}
	return sign + strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// statusClass groups payment statuses for their colour (the status is
// always written out too): done, failed or under way.
func statusClass(status string) string {
	switch status {
	case "PROCESSED", "PAYMENT_COMPLETED", "COMPLETED", "PAYOUT_CREDITED", "APPROVED", "ACTIVE":
		return "done"
	case "CANCELLED", "REJECTED", "FAILED", "RETURNED", "REVERSED", "DECLINED":
		return "bad"
	}
	return "busy"
}
