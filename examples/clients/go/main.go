// A Milvus client traced with OpenTelemetry Go: every Milvus RPC becomes a client span (otelgrpc's
// stats handler) that carries a W3C traceparent, so Milvus's own spans join the same trace.
//
// Where to go, from the stack's outputs (README "Trace your application"):
//
//	MILVUS_ADDRESS                  milvusAddress (default 127.0.0.1:19530)
//	MILVUS_TOKEN                    user:password from the credentials output, when Milvus asks for a login
//	OTEL_EXPORTER_OTLP_ENDPOINT     http://<otlpEndpoint>, or https://<otlpEndpoint> when secure
//	OTEL_EXPORTER_OTLP_CERTIFICATE  a file holding caCertificate, when secure
//
// The OTLP exporter reads the two OTEL_* variables itself. Prints the trace id on stdout.
package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/milvus-io/milvus/client/v2/entity"
	"github.com/milvus-io/milvus/client/v2/index"
	"github.com/milvus-io/milvus/client/v2/milvusclient"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"google.golang.org/grpc"
)

const (
	collection = "tracing_demo_go"
	dimension  = 8
	rows       = 100
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) (err error) {
	exporter, err := otlptracegrpc.New(ctx)
	if err != nil {
		return fmt.Errorf("OTLP exporter: %w", err)
	}
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceName(serviceName()))),
	)
	// Shutdown flushes the batch: without it the last spans die with the process.
	defer func() { err = errors.Join(err, provider.Shutdown(context.Background())) }()
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))

	ctx, span := provider.Tracer("milvus-client-go").Start(ctx, "tutorial")
	defer span.End()
	fmt.Println(span.SpanContext().TraceID().String())

	client, err := milvusclient.New(ctx, &milvusclient.ClientConfig{
		Address: env("MILVUS_ADDRESS", "127.0.0.1:19530"),
		// "user:password" is a token like any other: client/v2 sends it as the authorization header.
		APIKey:      os.Getenv("MILVUS_TOKEN"),
		DialOptions: []grpc.DialOption{grpc.WithStatsHandler(otelgrpc.NewClientHandler())},
	})
	if err != nil {
		return fmt.Errorf("connect to Milvus: %w", err)
	}
	defer client.Close(context.Background())
	return tutorial(ctx, client)
}

// tutorial: has/drop, create, insert, index, load, search.
func tutorial(ctx context.Context, client *milvusclient.Client) error {
	exists, err := client.HasCollection(ctx, milvusclient.NewHasCollectionOption(collection))
	if err != nil {
		return fmt.Errorf("has collection: %w", err)
	}
	if exists {
		if err := client.DropCollection(ctx, milvusclient.NewDropCollectionOption(collection)); err != nil {
			return fmt.Errorf("drop collection: %w", err)
		}
	}
	schema := entity.NewSchema().WithName(collection).
		WithField(entity.NewField().WithName("id").WithDataType(entity.FieldTypeInt64).WithIsPrimaryKey(true)).
		WithField(entity.NewField().WithName("vector").WithDataType(entity.FieldTypeFloatVector).WithDim(dimension))
	if err := client.CreateCollection(ctx, milvusclient.NewCreateCollectionOption(collection, schema)); err != nil {
		return fmt.Errorf("create collection: %w", err)
	}

	ids := make([]int64, rows)
	vectors := make([][]float32, rows)
	for i := range rows {
		ids[i] = int64(i)
		vectors[i] = randomVector()
	}
	if _, err := client.Insert(ctx, milvusclient.NewColumnBasedInsertOption(collection).
		WithInt64Column("id", ids).WithFloatVectorColumn("vector", dimension, vectors)); err != nil {
		return fmt.Errorf("insert: %w", err)
	}

	indexTask, err := client.CreateIndex(ctx, milvusclient.NewCreateIndexOption(collection, "vector", index.NewFlatIndex(entity.L2)))
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	if err := indexTask.Await(ctx); err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	loadTask, err := client.LoadCollection(ctx, milvusclient.NewLoadCollectionOption(collection))
	if err != nil {
		return fmt.Errorf("load collection: %w", err)
	}
	if err := loadTask.Await(ctx); err != nil {
		return fmt.Errorf("load collection: %w", err)
	}

	results, err := client.Search(ctx, milvusclient.NewSearchOption(collection, 3, []entity.Vector{entity.FloatVector(vectors[0])}).
		WithConsistencyLevel(entity.ClStrong))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	fmt.Fprintf(os.Stderr, "search: %d hits, nearest id %v\n", results[0].ResultCount, results[0].IDs.FieldData())
	return nil
}

func randomVector() []float32 {
	vector := make([]float32, dimension)
	for i := range vector {
		vector[i] = rand.Float32()
	}
	return vector
}

func serviceName() string { return env("OTEL_SERVICE_NAME", "milvus-client-go") }

func env(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
