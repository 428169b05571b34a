package sandbox

// consoleDeliveries returns the deliveries at positions from to to of the
// log counted from the newest (0 is the newest), and the log's length,
// copying only those.
func (d *dispatcher) consoleDeliveries(from, to int) ([]Delivery, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.log)
	from, to = min(max(from, 0), n), min(max(to, 0), n)
	out := make([]Delivery, 0, max(to-from, 0))
	for i := from; i < to; i++ {
		out = append(out, d.copyOf(d.log[n-1-i]))
	}
	return out, n
}

// consoleDeliveriesAbout returns the deliveries about one subject, newest
// first.
func (d *dispatcher) consoleDeliveriesAbout(subject string) []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Delivery
	for i := len(d.log) - 1; i >= 0; i-- {
		if d.log[i].Subject == subject {
			out = append(out, d.copyOf(d.log[i]))
		}
	}
	return out
}

// copyOf copies a delivery with its attempts; d.mu is held.
func (d *dispatcher) copyOf(dl *Delivery) Delivery {
	c := *dl
	c.Attempts = append([]Attempt(nil), dl.Attempts...)
	return c
}
