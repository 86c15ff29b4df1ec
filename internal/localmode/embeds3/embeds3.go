// Package embeds3 runs an in-process, in-memory S3-compatible server
// (gofakes3) on loopback and hands out SDK clients for it: the object store
// of local mode and of tests that want real S3 requests without AWS.
package embeds3

import (
	"bytes"
	"context"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Dummy credentials and region: the fake server checks none of them, but the
// SDK needs something to sign with.
const (
	AccessKeyID     = "local"
	SecretAccessKey = "local-secret"
	Region          = "us-east-1"
)

// Server is a running embedded S3.
type Server struct {
	// URL is the endpoint, http://127.0.0.1:PORT (an IP, so the SDK uses
	// path-style addressing by itself).
	URL     string
	backend *s3mem.Backend
	http    *httptest.Server
}

// Middleware wraps the store's HTTP handler (nil: none), for example to
// make it unreachable in a fault test.
type Middleware func(http.Handler) http.Handler

// Start serves an empty store on a free loopback port, through wrap when
// it is not nil.
func Start(wrap Middleware) *Server {
	s := &Server{backend: s3mem.New()}
	var h http.Handler = gofakes3.New(s.backend, gofakes3.WithAutoBucket(false)).Server()
	if wrap != nil {
		h = wrap(h)
	}
	s.http = httptest.NewServer(h)
	s.URL = s.http.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Client returns an S3 client for this server.
func (s *Server) Client() *s3.Client {
	return s3.New(s3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		HTTPClient:   &http.Client{},
	})
}

// CreateBucket creates a bucket.
func (s *Server) CreateBucket(ctx context.Context, bucket string) error {
	_, err := s.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	return err
}

// PutDir stores every file under dir at prefix + its relative path (with
// forward slashes), typed by extension as the AWS CLI's sync does.
func (s *Server) PutDir(ctx context.Context, bucket, prefix, dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(filepath.Ext(path))
		if ct == "" {
			ct = "application/octet-stream"
		}
		n++
		return s.Put(ctx, bucket, prefix+filepath.ToSlash(rel), ct, body)
	})
	return n, err
}

// Put stores an object.
func (s *Server) Put(ctx context.Context, bucket, key, contentType string, body []byte) error {
	_, err := s.Client().PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key),
		ContentType: aws.String(contentType), Body: bytes.NewReader(body),
	})
	return err
}
