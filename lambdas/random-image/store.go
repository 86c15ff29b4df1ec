package main

import (
	"context"
	"errors"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"cloudtools/internal/lambdakit/s3client"
	"cloudtools/internal/layout"
)

// imageStore lists image keys and signs short-lived GET URLs for them.
type imageStore interface {
	List(ctx context.Context) ([]string, error)
	PresignGet(ctx context.Context, key string, ttl time.Duration) (string, error)
}

// maxListedKeys bounds the listing: a personal toolkit holds far fewer
// images, and an unbounded list would cost memory and time at every refresh.
const maxListedKeys = 10000

// imageExtensions are the object types served; anything else under the
// prefix (a README, a folder marker) is skipped.
var imageExtensions = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true,
}

func isImageKey(key string) bool {
	return !strings.HasSuffix(key, "/") && imageExtensions[strings.ToLower(path.Ext(key))]
}

type s3Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
	prefix  string
}

func newS3Store(client *s3.Client, bucket, prefix string) *s3Store {
	return &s3Store{client: client, presign: s3.NewPresignClient(client), bucket: bucket, prefix: prefix}
}

var errNoBucket = errors.New(layout.EnvDataBucket + " is not set")

// List returns the image keys under the prefix, sorted.
func (s *s3Store) List(ctx context.Context) ([]string, error) {
	if s.bucket == "" {
		return nil, errNoBucket
	}
	ctx, cancel := context.WithTimeout(ctx, s3client.CallTimeout)
	defer cancel()
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix),
	})
	for p.HasMorePages() && len(keys) < maxListedKeys {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Contents {
			if k := aws.ToString(o.Key); isImageKey(k) && aws.ToInt64(o.Size) > 0 {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) > maxListedKeys {
		keys = keys[:maxListedKeys]
	}
	sort.Strings(keys)
	return keys, nil
}

// PresignGet signs a GET for key, valid for ttl.
func (s *s3Store) PresignGet(ctx context.Context, key string, ttl time.Duration) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", err
	}
	return req.URL, nil
}
