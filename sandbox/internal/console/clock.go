package console

import (
	"errors"
	"net/http"
	"time"
)

// clockView is the clock page.
type clockView struct {
	Moved     *Moved
	Notice    string
	Error     string
	DateValue string
}

func (c *Console) clockPage(w http.ResponseWriter, r *http.Request) {
	v := clockView{}
	if r.URL.Query().Get("done") == "reset" {
		v.Notice = "The sandbox forgot every payment, resource and webhook delivery."
	}
	c.page(w, r, http.StatusOK, "clock", "Clock", v)
}

// moveClock moves the sandbox clock as the form asks: an hour, to the
// next business day, or to a date; and shows what moved.
func (c *Console) moveClock(w http.ResponseWriter, r *http.Request) {
	var (
		moved Moved
		err   error
		v     clockView
	)
	ctx := r.Context()
	switch r.PostForm.Get("move") {
	case "hour":
		moved, err = c.backend.Advance(ctx, time.Hour)
	case "business-day":
		moved, err = c.backend.AdvanceToNextBusinessDay(ctx)
	case "date":
		v.DateValue = r.PostForm.Get("date")
		day, perr := time.Parse(time.DateOnly, v.DateValue)
		if perr != nil {
			v.Error = "Give the date as YYYY-MM-DD."
			c.page(w, r, http.StatusBadRequest, "clock", "Clock", v)
			return
		}
		moved, err = c.backend.SetDate(ctx, day)
	default:
		c.fail(w, r, http.StatusBadRequest, "The form asked for no move the console knows.")
		return
	}
	switch {
	case errors.Is(err, ErrClockBackwards):
		v.Error = "The sandbox clock only moves forward: choose a later date."
		c.page(w, r, http.StatusConflict, "clock", "Clock", v)
		return
	case err != nil:
		c.failBackend(w, r, err)
		return
	}
	v.Moved, v.DateValue = &moved, ""
	c.page(w, r, http.StatusOK, "clock", "Clock", v)
}

// reset forgets the sandbox's state once the form confirms it.
func (c *Console) reset(w http.ResponseWriter, r *http.Request) {
	if r.PostForm.Get("confirm") != "yes" {
		c.page(w, r, http.StatusBadRequest, "clock", "Clock",
			clockView{Error: "Tick the box to confirm the reset: nothing was forgotten."})
		return
	}
	if err := c.backend.Reset(r.Context()); err != nil {
		c.failBackend(w, r, err)
		return
	}
	http.Redirect(w, r, Prefix+"/clock?done=reset", http.StatusSeeOther)
}
