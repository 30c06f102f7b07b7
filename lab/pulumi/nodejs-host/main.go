// The lab's pulumi-language-nodejs: the Node.js language host that the module proxy serves
// (sdk/v3 v3.68.0's, installed beside this binary as pulumi-language-nodejs-sdk) behind a gRPC
// proxy that adds what that host lacks for CLI 3.259: RunPlugin for policy packs.
//
// Since CLI 3.221 a TypeScript policy pack (`pulumi preview --policy-pack DIR`) no longer runs
// through the pulumi-analyzer-policy script; the CLI asks the pack's language host to run it
// (RunPlugin with kind "analyzer"), and v3.68.0's host answers "not supported". Here RunPlugin
// for an analyzer starts the pack's own @pulumi/pulumi/cmd/run-policy-pack with Node, behind the
// sdk's PolicyProxy, which takes the stack's configuration from the engine first and hands it to
// the pack in the environment variables @pulumi/policy reads. Every other call goes to the inner
// host unchanged, byte for byte.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

const runPluginMethod = "/pulumirpc.LanguageRuntime/RunPlugin"

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

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (lab): %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	innerPath := filepath.Join(filepath.Dir(self), "pulumi-language-nodejs-sdk")
	inner := exec.Command(innerPath, os.Args[1:]...)
	inner.Stderr = os.Stderr
	innerOut, err := inner.StdoutPipe()
	if err != nil {
		return err
	}
	if err := inner.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", innerPath, err)
	}
	// A language host prints its port first; the engine reads ours instead.
	reader := bufio.NewReader(innerOut)
	line, err := reader.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the port of %s: %w", innerPath, err)
	}
	innerPort, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("%s printed %q, not a port", innerPath, line)
	}
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", innerPort),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)))
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p := &proxy{conn: conn}
	server := grpc.NewServer(
		grpc.UnknownServiceHandler(p.handle),
		grpc.ForceServerCodec(rawCodec{}),
		grpc.MaxRecvMsgSize(math.MaxInt32),
		grpc.MaxSendMsgSize(math.MaxInt32),
	)
	go func() { _ = server.Serve(listener) }()
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() { _, _ = io.Copy(os.Stdout, reader) }()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-signals
		_ = inner.Process.Signal(sig)
	}()
	// The inner host watches the engine and exits with it; so does this proxy.
	err = inner.Wait()
	server.Stop()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		os.Exit(exitErr.ExitCode())
	}
	return err
}

type proxy struct{ conn *grpc.ClientConn }

func (p *proxy) handle(_ any, stream grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(stream)
	if !ok {
		return errors.New("no method in the stream")
	}
	if method != runPluginMethod {
		return p.forward(stream, method, nil)
	}
	first := &frame{}
	if err := stream.RecvMsg(first); err != nil {
		return err
	}
	var req pulumirpc.RunPluginRequest
	if err := proto.Unmarshal(first.payload, &req); err != nil {
		return err
	}
	if req.GetKind() != "analyzer" {
		return p.forward(stream, method, first)
	}
	return runPolicyPack(stream, &req)
}

// forward relays one call of any kind (unary or streaming) to the inner host.
func (p *proxy) forward(stream grpc.ServerStream, method string, first *frame) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	md, _ := metadata.FromIncomingContext(ctx)
	out, err := p.conn.NewStream(metadata.NewOutgoingContext(ctx, md.Copy()),
		&grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method, grpc.ForceCodec(rawCodec{}))
	if err != nil {
		return err
	}
	go func() {
		if first != nil {
			if err := out.SendMsg(first); err != nil {
				return
			}
		}
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

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(b []byte) (int, error) { return w(b) }

// runPolicyPack runs a Node.js policy pack as CLI 3.259's own host does: the pack's
// @pulumi/pulumi/cmd/run-policy-pack, in the pack's directory, with the engine's address and then
// the pack's directory as arguments, its output streamed back and its exit code last.
func runPolicyPack(stream grpc.ServerStream, req *pulumirpc.RunPluginRequest) error {
	ctx := stream.Context()
	var mu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) error {
		payload, err := proto.Marshal(resp)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		return stream.SendMsg(&frame{payload: payload})
	}
	stdout := writerFunc(func(b []byte) (int, error) {
		return len(b), send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: append([]byte(nil), b...)}})
	})
	stderr := writerFunc(func(b []byte) (int, error) {
		return len(b), send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: append([]byte(nil), b...)}})
	})

	dir := req.GetInfo().GetProgramDirectory()
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	locate := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	locate.Dir = dir
	runPath, err := locate.Output()
	if err != nil {
		return fmt.Errorf("the policy pack in %s has no @pulumi/pulumi/cmd/run-policy-pack (are its dependencies installed?): %w", dir, err)
	}

	policyProxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	config, err := policyProxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	env := append([]string(nil), req.GetEnv()...)
	if config != nil {
		add := func(key, value string) {
			if value != "" {
				env = append(env, key+"="+value)
			}
		}
		add("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
		add("PULUMI_NODEJS_PROJECT", config.GetProject())
		add("PULUMI_NODEJS_STACK", config.GetStack())
		add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
		if config.GetConfig() != nil {
			encoded, err := json.Marshal(config.GetConfig())
			if err != nil {
				return err
			}
			add("PULUMI_CONFIG", string(encoded))
		}
	}

	args := append([]string{string(runPath)}, req.GetArgs()...)
	cmd := exec.CommandContext(ctx, node, append(args, dir)...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = packStdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	code := 0
	if err := policyProxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = exitErr.ExitCode()
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}
