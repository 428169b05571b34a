package main

import (
	"context"
	"time"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate"
)

// engineSpec says which validation engine a command needs. Two equal specs
// describe the same engine, so a caller may build each spec once.
type engineSpec struct {
	strict      bool
	maxProblems int
	noRules     bool
	rulesConfig string // a rules configuration file laid over the defaults; "" for none
	today       string // YYYY-MM-DD the date rules judge against; "" for the clock
}

// schemaOnly is the spec of the commands that only read the specs (ops,
// example's catalogue, shell completion).
var schemaOnly = engineSpec{noRules: true, maxProblems: validate.DefaultMaxProblems}

// engine builds (or, in tests, reuses) the engine a spec describes.
func (a *app) engine(ctx context.Context, s engineSpec) (*validate.Engine, error) {
	if a.newEngine != nil {
		return a.newEngine(ctx, s)
	}
	return buildEngine(ctx, s)
}

// buildEngine builds the engine a spec describes. A rules configuration
// that cannot be read or is refused is a usage error listing its mistakes.
func buildEngine(ctx context.Context, s engineSpec) (*validate.Engine, error) {
	opts := []validate.Option{validate.WithStrict(s.strict)}
	if s.maxProblems > 0 {
		opts = append(opts, validate.WithMaxProblems(s.maxProblems))
	}
	switch {
	case s.noRules:
		opts = append(opts, validate.WithoutRules())
	case s.rulesConfig != "":
		checker, err := loadChecker(s.rulesConfig)
		if err != nil {
			return nil, err
		}
		opts = append(opts, validate.WithRules(checker))
	}
	if s.today != "" {
		noon, err := parseToday(s.today)
		if err != nil {
			return nil, err
		}
		opts = append(opts, validate.WithClock(func() time.Time { return noon }))
	}
	return validate.New(ctx, opts...)
}

// parseToday reads a --today value: noon (UTC) of the day, which is the
// same day in America/New_York, where the date rules judge. The day must
// fall in the years the Federal Reserve calendar is worked out for
// (earliestTodayYear to sandbox.LatestYear, the last year the sandbox's
// clock reaches).
func parseToday(s string) (time.Time, error) {
	day, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("--today must be a date YYYY-MM-DD")
	}
	if day.Year() < earliestTodayYear || day.Year() > sandbox.LatestYear {
		return time.Time{}, usagef("--today must be a date from %d-01-01 to %d-12-31", earliestTodayYear, sandbox.LatestYear)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC), nil
}

// earliestTodayYear is the first year --today may name.
const earliestTodayYear = 1990
