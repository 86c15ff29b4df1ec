package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"cloudtools/internal/lambdakit/s3client"
	"cloudtools/internal/layout"
)

// s3Object reads one object: the function may read nothing else.
type s3Object struct {
	client      *s3.Client
	bucket, key string
}

var errNoBucket = errors.New(layout.EnvDataBucket + " is not set")

func (o *s3Object) Get(ctx context.Context) ([]byte, error) {
	if o.bucket == "" {
		return nil, errNoBucket
	}
	ctx, cancel := context.WithTimeout(ctx, s3client.CallTimeout)
	defer cancel()
	out, err := o.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(o.bucket), Key: aws.String(o.key)})
	if err != nil {
		return nil, fmt.Errorf("get s3://%s/%s: %w", o.bucket, o.key, err)
	}
	defer out.Body.Close()
	// One byte over the limit is enough to refuse it.
	return io.ReadAll(io.LimitReader(out.Body, maxObjectBytes+1))
}
