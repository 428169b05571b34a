package console

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"strconv"
)

// PageSize is how many rows a list page shows.
const PageSize = 50

// maxPage bounds the page number a request may ask for.
const maxPage = 1 << 20

// maxReference bounds the reference filter.
const maxReference = 100

// providers are the providers the payment filter offers.
var providers = []string{"finzly", "redpin"}

// pager is the navigation between pages of a list.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

// newPager links the pages around page of a list of total rows, keeping
// the query q.
func newPager(path string, q url.Values, page, total int) pager {
	q = maps.Clone(q)
	pages := max((total+PageSize-1)/PageSize, 1)
	p := pager{Page: page, Pages: pages}
	link := func(n int) string {
		q.Set("page", strconv.Itoa(n))
		return path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, pages))
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}

// pageParam reads the page number of a list request: 1 when missing or
// unreadable.
func pageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxPage)
}

// paymentsView is the payment list page.
type paymentsView struct {
	Query        PaymentQuery
	Page         PaymentPage
	Providers    []string
	From, To     int
	Filtered     bool
	Pager        pager
	FirstPage    string
	MaxReference int
}

func (c *Console) paymentList(w http.ResponseWriter, r *http.Request) {
	in := r.URL.Query()
	q := PaymentQuery{Provider: in.Get("provider"), Status: in.Get("status"), Rail: in.Get("rail"),
		Reference: in.Get("reference"), PageRequest: PageRequest{Page: pageParam(r), Size: PageSize}}
	if len(q.Reference) > maxReference || len(q.Status) > maxReference || len(q.Rail) > maxReference {
		c.fail(w, r, http.StatusBadRequest, "A filter is longer than the console accepts.")
		return
	}
	if q.Provider != "" && q.Provider != "finzly" && q.Provider != "redpin" {
		q.Provider = ""
	}
	page, err := c.backend.ListPayments(r.Context(), q)
	if err != nil {
		c.failBackend(w, r, err)
		return
	}
	keep := url.Values{}
	for k, v := range map[string]string{"provider": q.Provider, "status": q.Status, "rail": q.Rail, "reference": q.Reference} {
		if v != "" {
			keep.Set(k, v)
		}
	}
	from, to := q.Offsets(page.Total)
	c.page(w, r, http.StatusOK, "payments", "Payments", paymentsView{Query: q, Page: page, Providers: providers,
		From: from + 1, To: to, Filtered: len(keep) > 0, MaxReference: maxReference,
		FirstPage: Prefix + "/payments?" + keep.Encode(),
		Pager:     newPager(Prefix+"/payments", keep, q.Page, page.Total)})
}

// paymentView is one payment's page.
type paymentView struct {
	PaymentDetail
	RecordText string
}

// maxID bounds a payment id in a path.
const maxID = 128

func (c *Console) paymentPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) > maxID {
		c.fail(w, r, http.StatusNotFound, "The sandbox has no payment with this id.")
		return
	}
	p, err := c.backend.Payment(r.Context(), id)
	if err != nil {
		c.failBackend(w, r, err)
		return
	}
	c.page(w, r, http.StatusOK, "payment", "Payment "+p.ID, paymentView{PaymentDetail: p, RecordText: indentJSON(p.Record)})
}

// indentJSON indents a JSON document for reading; text that is not JSON
// is returned as it is.
func indentJSON(b []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b)
	}
	return out.String()
}
