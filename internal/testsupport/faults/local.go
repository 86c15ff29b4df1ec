package faults

import (
	"context"
	"net/http"
	"sync/atomic"

	"cloudtools/internal/localmode"
)

// S3Switch cuts the embedded S3 off: while it is off, every request's
// connection drops without an answer, as with an unreachable S3.
type S3Switch struct{ down atomic.Bool }

// SetAvailable makes S3 answer (true) or drop every request (false).
func (s *S3Switch) SetAvailable(up bool) { s.down.Store(!up) }

// Middleware is the switch as local mode's S3 middleware.
func (s *S3Switch) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.down.Load() {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// StartLocal starts local mode with its S3 behind a switch and returns the
// server with the Host the scenarios drive: its processes to kill and
// recycle, its S3 to cut off. Fault scenarios need this in-process
// server; they cannot run against a deployed stack.
func StartLocal(ctx context.Context, opts localmode.Options) (*localmode.Server, Host, error) {
	sw := &S3Switch{}
	opts.S3Middleware = sw.Middleware
	s, err := localmode.Start(ctx, opts)
	if err != nil {
		return nil, Host{}, err
	}
	return s, Host{
		URL:            s.URL,
		PIDs:           func(tool string) []int { return s.Functions[tool].PIDs() },
		Recycle:        func(tool string) { s.Functions[tool].Recycle() },
		SetS3Available: sw.SetAvailable,
	}, nil
}
