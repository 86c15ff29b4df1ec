package s3client

import (
	"errors"
	"testing"
)

func TestRetriesWaitBriefly(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	r := MustNew().Options().Retryer
	if got := r.MaxAttempts(); got != 3 {
		t.Errorf("%d attempts, want the SDK's 3", got)
	}
	for attempt := 1; attempt <= 5; attempt++ {
		d, err := r.RetryDelay(attempt, errors.New("connection reset"))
		if err != nil || d > MaxBackoff {
			t.Errorf("attempt %d waits %v (%v), want at most %v", attempt, d, err, MaxBackoff)
		}
	}
}
