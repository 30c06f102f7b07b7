// The byte-for-byte gRPC relay that both of the lab's language hosts (nodejs-host, python-host)
// stand in front of an inner host with. Not a package of its own: the build scripts copy this file
// beside each host's main.go, so that each stays a single-directory main module.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// frame is one gRPC message, undecoded: the proxy passes bytes through.
type frame struct{ payload []byte }

type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	f, ok := v.(*frame)
	if !ok {
		return nil, fmt.Errorf("rawCodec cannot marshal %T", v)
	}
	return f.payload, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	f, ok := v.(*frame)
	if !ok {
		return fmt.Errorf("rawCodec cannot unmarshal into %T", v)
	}
	f.payload = append(f.payload[:0], data...)
	return nil
}

// Name is the content subtype the engine sends; the bytes are protobuf either way.
func (rawCodec) Name() string { return "proto" }

// forward relays a call (unary or streaming) to an inner host; first, when the proxy has already
// read the call's first request, goes ahead of the rest.
func forward(stream grpc.ServerStream, conn *grpc.ClientConn, method string, first *frame) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	md, _ := metadata.FromIncomingContext(ctx)
	out, err := conn.NewStream(metadata.NewOutgoingContext(ctx, md.Copy()),
		&grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method, grpc.ForceCodec(rawCodec{}))
	if err != nil {
		return err
	}
	if first != nil {
		if err := out.SendMsg(first); err != nil {
			return err
		}
	}
	go func() {
		for {
			f := &frame{}
			if err := stream.RecvMsg(f); err != nil {
				_ = out.CloseSend()
				return
			}
			if err := out.SendMsg(f); err != nil {
				return
			}
		}
	}()
	if header, err := out.Header(); err == nil {
		_ = stream.SendHeader(header)
	}
	for {
		f := &frame{}
		if err := out.RecvMsg(f); err != nil {
			stream.SetTrailer(out.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := stream.SendMsg(f); err != nil {
			return err
		}
	}
}
