package finzly

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/clock"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// settleCase is one payment and when it must settle, by the schedule the
// README and the package doc give.
type settleCase struct {
	name    string
	rail    rules.Rail
	method  string // deliveryMethod
	speed   string
	date    string // the payment date
	settles string // when it is PROCESSED, New York time
}

// settleCases cover every rail on a weekday, a Friday, a Saturday, the
// day before a Federal Reserve holiday (Independence Day 2030 is a
// Thursday), the holiday itself, and the Friday before a Monday holiday
// (Memorial Day 2030 is 27 May).
func settleCases() []settleCase {
	rails := []struct {
		name   string
		rail   rules.Rail
		method string
		speed  string
	}{
		{"ACH", rules.RailACH, "ACH", "Economy"},
		{"Same Day ACH", rules.RailSameDayACH, "ACH", "Economy Plus"},
		{"Fedwire", rules.RailFedwire, "FEDWIRE", "Express"},
		{"RTP", rules.RailRTP, "RTP", "Instant"},
		{"FedNow", rules.RailFedNow, "FEDNOW", "Instant"},
		{"SWIFT ON", rules.RailSWIFT, "SWIFT", "ON"},
		{"SWIFT TN", rules.RailSWIFT, "SWIFT", "TN"},
		{"SWIFT SPOT", rules.RailSWIFT, "SWIFT", "SPOT"},
		{"book transfer", "", "BOOK", ""},
	}
	days := []struct {
		name, date string
		settles    []string // in the order of rails
	}{
		{"a Tuesday", "2030-03-05", []string{
			"2030-03-06 08:30:00", "2030-03-05 17:00:00", "2030-03-05 00:45:00", "2030-03-05 00:00:30",
			"2030-03-05 00:00:30", "2030-03-05 10:00:00", "2030-03-06 10:00:00", "2030-03-07 10:00:00", "2030-03-05 00:01:00"}},
		{"a Friday", "2030-03-08", []string{
			"2030-03-11 08:30:00", "2030-03-08 17:00:00", "2030-03-08 00:45:00", "2030-03-08 00:00:30",
			"2030-03-08 00:00:30", "2030-03-08 10:00:00", "2030-03-11 10:00:00", "2030-03-12 10:00:00", "2030-03-08 00:01:00"}},
		{"a Saturday", "2030-03-09", []string{
			"2030-03-12 08:30:00", "2030-03-11 17:00:00", "2030-03-11 00:45:00", "2030-03-09 00:00:30",
			"2030-03-09 00:00:30", "2030-03-11 10:00:00", "2030-03-12 10:00:00", "2030-03-13 10:00:00", "2030-03-09 00:01:00"}},
		{"the day before Independence Day", "2030-07-03", []string{
			"2030-07-05 08:30:00", "2030-07-03 17:00:00", "2030-07-03 00:45:00", "2030-07-03 00:00:30",
			"2030-07-03 00:00:30", "2030-07-03 10:00:00", "2030-07-05 10:00:00", "2030-07-08 10:00:00", "2030-07-03 00:01:00"}},
		{"Independence Day", "2030-07-04", []string{
			"2030-07-08 08:30:00", "2030-07-05 17:00:00", "2030-07-05 00:45:00", "2030-07-04 00:00:30",
			"2030-07-04 00:00:30", "2030-07-05 10:00:00", "2030-07-08 10:00:00", "2030-07-09 10:00:00", "2030-07-04 00:01:00"}},
		{"the Friday before Memorial Day", "2030-05-24", []string{
			"2030-05-28 08:30:00", "2030-05-24 17:00:00", "2030-05-24 00:45:00", "2030-05-24 00:00:30",
			"2030-05-24 00:00:30", "2030-05-24 10:00:00", "2030-05-28 10:00:00", "2030-05-29 10:00:00", "2030-05-24 00:01:00"}},
	}
	var cases []settleCase
	for _, d := range days {
		for i, r := range rails {
			cases = append(cases, settleCase{name: r.name + " on " + d.name, rail: r.rail, method: r.method,
				speed: r.speed, date: d.date, settles: d.settles[i]})
		}
	}
	return cases
}

// TestEveryRailSettlesWhenDocumented follows a payment of every rail,
// dated on each kind of day, from its creation to PROCESSED. The clock is
// pinned: every payment is created at 09:00 New York time on Friday 1
// March 2030, before its date, so it begins at midnight of its date.
func TestEveryRailSettlesWhenDocumented(t *testing.T) {
	zone, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, zone)
	f := scheduleService(t, zone, now)
	for _, c := range settleCases() {
		t.Run(c.name, func(t *testing.T) {
			p := &fzPayment{Rail: c.rail, DeliveryMethod: c.method, Speed: c.speed, PaymentDate: fedcal.MustParseDate(c.date)}
			statuses, settled := follow(f.schedule(p, now), now)
			require.NotEmpty(t, statuses)
			assert.Equal(t, fzFutureDated, statuses[0])
			assert.Equal(t, fzProcessed, statuses[len(statuses)-1])
			assert.Equal(t, c.settles, settled.In(zone).Format(time.DateTime))
		})
	}
}

// TestACHDatedTodaySettlesTheNextBusinessDay creates standard ACH
// payments on their own date, after 08:30 (the clock pinned to each
// moment): they settle at 08:30 on the next business day, not the same
// day.
func TestACHDatedTodaySettlesTheNextBusinessDay(t *testing.T) {
	zone, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	for created, settles := range map[string]string{
		"2030-03-05 15:00:00": "2030-03-06 08:30:00", // Tuesday
		"2030-03-08 09:00:00": "2030-03-11 08:30:00", // Friday
		"2030-07-03 07:00:00": "2030-07-05 08:30:00", // before Independence Day
	} {
		now, err := time.ParseInLocation(time.DateTime, created, zone)
		require.NoError(t, err)
		f := scheduleService(t, zone, now)
		p := &fzPayment{Rail: rules.RailACH, DeliveryMethod: "ACH", PaymentDate: fedcal.DateOf(now)}
		statuses, settled := follow(f.schedule(p, now), now)
		assert.Equal(t, []string{fzInitiated, fzValidated, fzToFed, fzProcessed}, statuses, created)
		assert.Equal(t, settles, settled.In(zone).Format(time.DateTime), created)
	}
}

// TestPathsNameTheirNetwork checks the statuses each kind of rail goes
// through.
func TestPathsNameTheirNetwork(t *testing.T) {
	zone, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, zone)
	f := scheduleService(t, zone, now)
	date := fedcal.MustParseDate("2030-03-05")
	for _, c := range []struct {
		p    fzPayment
		want []string
	}{
		{fzPayment{Rail: rules.RailACH, DeliveryMethod: "ACH"}, []string{fzFutureDated, fzInitiated, fzValidated, fzToFed, fzProcessed}},
		{fzPayment{Rail: rules.RailFedwire, DeliveryMethod: "FEDWIRE"}, []string{fzFutureDated, fzInitiated, fzValidated, fzToFed, fzProcessed}},
		{fzPayment{Rail: rules.RailRTP, DeliveryMethod: "RTP"}, []string{fzFutureDated, fzInitiated, fzValidated, fzTransmitted, fzProcessed}},
		{fzPayment{Rail: rules.RailSWIFT, DeliveryMethod: "SWIFT", Speed: "SPOT"}, []string{fzFutureDated, fzInitiated, fzValidated, fzTransmitted, fzProcessed}},
		{fzPayment{DeliveryMethod: "BOOK"}, []string{fzFutureDated, fzInitiated, fzProcessed}},
		{fzPayment{Incoming: true, DeliveryMethod: "ACH"}, []string{fzProcessed}},
	} {
		c.p.PaymentDate = date
		statuses, _ := follow(f.schedule(&c.p, now), now)
		assert.Equal(t, c.want, statuses, c.p.DeliveryMethod)
	}
}

// scheduleService is a Finzly service with what its schedule needs: the
// default rules configuration's calendar and a clock pinned to now.
func scheduleService(t *testing.T, zone *time.Location, now time.Time) *Service {
	t.Helper()
	checker, err := rules.New(nil)
	require.NoError(t, err)
	return &Service{env: &core.Env{Clock: clock.New(func() time.Time { return now }, zone), Checker: checker}}
}

// follow walks a path from start: the statuses in order, and when the
// last one takes effect.
func follow(path []lifecycle.Step, start time.Time) ([]string, time.Time) {
	var statuses []string
	at := start
	for _, st := range path {
		at = at.Add(st.After)
		statuses = append(statuses, st.Status)
	}
	return statuses, at
}
