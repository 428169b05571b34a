package fedcal_test

import (
	"fmt"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

func Example() {
	c := fedcal.New(fedcal.Overrides{
		Closed: []fedcal.Date{fedcal.MustParseDate("2025-01-09")},
	})

	// Independence Day 2026 is a Saturday: the Fed is open on Friday 3 July.
	fmt.Println(c.IsBusinessDay(fedcal.MustParseDate("2026-07-03")))

	// Independence Day 2027 is a Sunday: the Fed is closed on Monday 5 July.
	fmt.Println(c.Holiday(fedcal.MustParseDate("2027-07-05")))

	// One business day after Christmas Eve 2026 (Christmas is a Friday).
	fmt.Println(c.AddBusinessDays(fedcal.MustParseDate("2026-12-24"), 1))

	fmt.Println(c.Holiday(fedcal.MustParseDate("2025-01-09")))
	// Output:
	// true
	// Independence Day (observed) true
	// 2026-12-28
	// closed by override true
}
