package sandbox

import (
	"context"
	"net/http"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
)

// finzlyService is the sandbox's Finzly.
type finzlyService struct {
	s   *Sandbox
	dir *finzlyDirectory // customers' accounts and contacts
}

func newFinzlyService(s *Sandbox) *finzlyService {
	return &finzlyService{s: s, dir: newFinzlyDirectory(s)}
}

func (f *finzlyService) provider() api.Provider { return api.ProviderFinzly }
func (f *finzlyService) prefix() string         { return FinzlyPrefix }
func (f *finzlyService) tokenPattern() string {
	return "/auth/realms/{realm}/protocol/openid-connect/token"
}
func (f *finzlyService) notFoundCode() string     { return "API900" }
func (f *finzlyService) unauthorizedCode() string { return "UNAUTHORIZED" }
func (f *finzlyService) badRequestCode() string   { return "PAYMENT001" }
func (f *finzlyService) routes(mux *http.ServeMux) {
	finzly.HandlerFromMux(&finzlyAPI{f}, mux)
}
func (f *finzlyService) load(ctx context.Context) error     { return f.dir.load(ctx) }
func (f *finzlyService) advance(context.Context, time.Time) {}
func (f *finzlyService) reset()                             { f.dir.reset() }
func (f *finzlyService) events(string) ([]Event, bool)      { return nil, false }

type finzlyAPI struct{ *finzlyService }
