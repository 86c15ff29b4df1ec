package localmode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// lambdaClient is the AWS SDK for Go v2's Lambda client pointed at local
// mode, with dummy credentials, as a user's integration test would make it.
func lambdaClient(endpoint string) *lambda.Client {
	return lambda.New(lambda.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}

// TestLambdaInvokeAPIWithTheSDK: the SDK's client gets from the Invoke
// endpoint what `make invoke` (Invoke) gets, error shapes included, for
// the real app's functions by every name a caller may use, and the three
// invocation types; a function the app lacks is a typed
// ResourceNotFoundException.
func TestLambdaInvokeAPIWithTheSDK(t *testing.T) {
	srv := sharedApp(t)
	if srv.LambdaURL == "" {
		t.Fatal("no Lambda Invoke API")
	}
	client := lambdaClient(srv.LambdaURL)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	calc, err := srv.App.FunctionByName("calc")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ function, event string }{
		{"calc", `{"num1": 1, "num2": 2, "operator": "add"}`},
		{calc.LogicalID, `{"expr": "2^10"}`},
		{calc.ARN, `{"num1": 1, "num2": 0, "operator": "divide"}`},
		{calc.ARN + ":live", `"hello"`},
		{"segment", `{"text": "我来到北京清华大学"}`},
	} {
		out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(tc.function), Payload: []byte(tc.event)})
		if err != nil {
			t.Fatalf("%s: %v", tc.function, err)
		}
		direct, err := Invoke(ctx, preparedAssembly(t), srv.App.Functions[indexOf(srv, tc.function)].Name, []byte(tc.event), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if out.StatusCode != 200 || out.FunctionError != nil || !bytes.Equal(out.Payload, direct.Payload) {
			t.Errorf("%s %s: %d %v %s; make invoke's answer: %s", tc.function, tc.event, out.StatusCode, out.FunctionError, out.Payload, direct.Payload)
		}
	}
	ev, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("calc"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{}`)})
	if err != nil || ev.StatusCode != 202 {
		t.Errorf("Event: %+v %v", ev, err)
	}
	dry, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("calc"), InvocationType: types.InvocationTypeDryRun})
	if err != nil || dry.StatusCode != 204 {
		t.Errorf("DryRun: %+v %v", dry, err)
	}
	_, err = client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("no-such-tool"), Payload: []byte(`{}`)})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("an unknown function: %v, want a ResourceNotFoundException", err)
	}
	_, err = client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("calc"), Payload: []byte(`{`)})
	var badContent *types.InvalidRequestContentException
	if !errors.As(err, &badContent) {
		t.Errorf("a payload that is not JSON: %v, want an InvalidRequestContentException", err)
	}
}

// indexOf finds the app function a name, logical id or ARN names.
func indexOf(srv *Server, name string) int {
	for i, fn := range srv.App.Functions {
		if fn.Name == name || fn.LogicalID == name || fn.ARN == name || fn.ARN+":live" == name {
			return i
		}
	}
	return -1
}

// TestLambdaInvokeAPIFunctionErrors: a handler's error and a timeout reach
// the SDK as Lambda reports them (200, FunctionError "Unhandled", the error
// document), the same document `make invoke` prints.
func TestLambdaInvokeAPIFunctionErrors(t *testing.T) {
	asm := writeThrowawayAssembly(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv, err := Start(ctx, Options{Assembly: asm, LambdaAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	client := lambdaClient(srv.LambdaURL)
	event := []byte(`{"queryStringParameters": {"do": "error"}}`)
	out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("misbehave"), Payload: event})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := Invoke(ctx, asm, "misbehave", event, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if out.StatusCode != 200 || aws.ToString(out.FunctionError) != "Unhandled" || !direct.FunctionError || !bytes.Equal(out.Payload, direct.Payload) {
		t.Errorf("a handler error: %d %q %s; make invoke's: %v %s", out.StatusCode, aws.ToString(out.FunctionError), out.Payload, direct.FunctionError, direct.Payload)
	}
	// The function's timeout is 1 s.
	out, err = client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("misbehave"),
		Payload: []byte(`{"queryStringParameters": {"do": "sleep", "ms": "3000"}}`)})
	if err != nil || aws.ToString(out.FunctionError) != "Unhandled" || !bytes.Contains(out.Payload, []byte("Sandbox.Timedout")) {
		t.Errorf("a timeout: %v %q %s", err, aws.ToString(out.FunctionError), out.Payload)
	}
}
