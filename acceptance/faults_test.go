package acceptance

import (
	"context"
	"testing"
	"time"

	"cloudtools/internal/testsupport/faults"
)

// The fault scenarios of `make bench`, small: 8 clients for a few seconds
// instead of 64 for half a minute. Each run is judged request by request
// (see faults.KillResult.Check and faults.S3Result.Check).

// TestS3Outage: warm containers keep answering from their cache; fresh
// ones answer 503 with their clear error, never a hang or a 500; both
// recover as soon as S3 is back, since errors are not cached.
func TestS3Outage(t *testing.T) {
	localOnly(t)
	r := faults.S3Outage(context.Background(), target.Faults, faults.S3Readers, 8, 750*time.Millisecond)
	t.Logf("\n%s", r.Table())
	if err := r.Check(); err != nil {
		t.Error(err)
	}
}

// TestProcessKilledUnderLoad: killing calc's processes while requests flow
// fails only the requests in flight (502, the crash answer); every request
// sent after the respawn succeeds.
func TestProcessKilledUnderLoad(t *testing.T) {
	localOnly(t)
	r := faults.KillUnderLoad(context.Background(), target.Faults, "calc", "/calc?num1=6&num2=7&operator=multiply", 8, 3, 3*time.Second)
	t.Logf("\n%s", r.Table())
	if err := r.Check(); err != nil {
		t.Error(err)
	}
}
